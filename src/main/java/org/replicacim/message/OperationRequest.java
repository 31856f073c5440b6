package org.replicacim.message;

import org.replicacim.cim.Namespace;

/** A decoded CIM operation request: an intrinsic operation or an extrinsic method call, in a target namespace. */
public sealed interface OperationRequest permits IntrinsicRequest, InvokeMethodRequest {
    Namespace namespace();

    /** The DSP0200 operation name, e.g. {@code GetInstance}, or the method name for an extrinsic call. */
    String operationName();
}
