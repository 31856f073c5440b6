package org.replicacim.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimStatus;
import org.replicacim.message.IntrinsicRequest;
import org.replicacim.message.InvokeMethodRequest;
import org.replicacim.message.MethodResult;
import org.replicacim.message.PullStatus;
import org.replicacim.operation.CimOperations;
import org.replicacim.provider.OperationContext;
import org.replicacim.provider.ResultSink;
import org.replicacim.store.Leadership;
import org.replicacim.store.NotLeaderException;

/**
 * Refuses changes on a follower of a shared store, and is the one place where {@link NotLeaderException} (from
 * here, or from a store write fenced below) becomes a CIM status: CIM_ERR_FAILED with a description naming the
 * leader. Reads pass through. Extrinsic methods change things unless their name starts with {@code Get} (the CIM
 * naming of queries: GetSupportedSizes, GetReplicationRelationships, GetError, ...).
 */
final class LeaderGuardedOperations implements CimOperations {
    private final CimOperations delegate;
    private final Leadership leadership;

    LeaderGuardedOperations(CimOperations delegate, Leadership leadership) {
        this.delegate = delegate;
        this.leadership = leadership;
    }

    @Override
    public PullStatus execute(OperationContext ctx, IntrinsicRequest request, ResultSink<Object> out)
            throws CimException {
        try {
            if (changes(request)) {
                leadership.requireLeader();
            }
            return delegate.execute(ctx, request, out);
        } catch (NotLeaderException e) {
            throw refused(e);
        }
    }

    @Override
    public CompletionStage<MethodResult> invokeMethod(OperationContext ctx, InvokeMethodRequest request) {
        CompletionStage<MethodResult> stage;
        try {
            if (!request.methodName().toString().regionMatches(true, 0, "Get", 0, 3)) {
                leadership.requireLeader();
            }
            stage = delegate.invokeMethod(ctx, request);
        } catch (NotLeaderException e) {
            return CompletableFuture.failedFuture(refused(e));
        }
        return stage.handle((result, error) -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error;
            if (cause instanceof NotLeaderException n) {
                throw new CompletionException(refused(n));
            }
            if (error != null) {
                throw error instanceof CompletionException c ? c : new CompletionException(error);
            }
            return result;
        });
    }

    static CimException refused(NotLeaderException e) {
        return new CimException(CimStatus.FAILED, e.getMessage());
    }

    /** The intrinsic operations that change instances, classes or qualifiers. */
    static boolean changes(IntrinsicRequest r) {
        return r instanceof IntrinsicRequest.CreateInstance || r instanceof IntrinsicRequest.ModifyInstance
                || r instanceof IntrinsicRequest.DeleteInstance || r instanceof IntrinsicRequest.SetProperty
                || r instanceof IntrinsicRequest.CreateClass || r instanceof IntrinsicRequest.ModifyClass
                || r instanceof IntrinsicRequest.DeleteClass || r instanceof IntrinsicRequest.SetQualifier
                || r instanceof IntrinsicRequest.DeleteQualifier;
    }
}
