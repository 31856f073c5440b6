package org.replicacim.provider;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimMethod;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;

/**
 * Runs the extrinsic methods of the classes it is registered for. Parameters arrive converted to the declared
 * types and checked against the method's signature. The result is asynchronous so that a method that waits
 * (e.g. WaitForCopyState) does not hold a server thread.
 */
public interface MethodProvider {

    /** Invokes {@code method} on {@code target} (an instance path, or a class path for static calls). */
    CompletionStage<MethodResult> invokeMethod(OperationContext ctx, CimClass cls, ObjectPath target, CimMethod method,
                                               List<ParamValue> inParameters);
}
