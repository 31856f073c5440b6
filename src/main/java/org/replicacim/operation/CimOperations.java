package org.replicacim.operation;

import java.util.concurrent.CompletionStage;
import org.replicacim.cim.CimException;
import org.replicacim.message.IntrinsicRequest;
import org.replicacim.message.InvokeMethodRequest;
import org.replicacim.message.MethodResult;
import org.replicacim.message.PullStatus;
import org.replicacim.provider.OperationContext;
import org.replicacim.provider.ResultSink;

/** What the HTTP layer asks of the operation layer: run a decoded request and stream its results. */
public interface CimOperations {

    /**
     * Runs an intrinsic operation. Its result objects, of the form {@link IntrinsicRequest#returnKind()} names
     * (CimClass, CimName, CimInstance, ObjectPath, QualifierDeclaration or CimValue), stream into {@code out} as they
     * are found. Returns the EndOfSequence/EnumerationContext pair for Open and Pull operations, null otherwise.
     * Throws CimException for every failure a client should see.
     */
    PullStatus execute(OperationContext ctx, IntrinsicRequest request, ResultSink<Object> out) throws CimException;

    /** Runs an extrinsic method; the stage fails with a CimException for CIM errors. */
    CompletionStage<MethodResult> invokeMethod(OperationContext ctx, InvokeMethodRequest request);
}
