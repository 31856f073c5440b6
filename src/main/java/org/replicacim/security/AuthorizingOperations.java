package org.replicacim.security;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimStatus;
import org.replicacim.message.IntrinsicRequest;
import org.replicacim.message.InvokeMethodRequest;
import org.replicacim.message.MethodResult;
import org.replicacim.message.OperationRequest;
import org.replicacim.message.PullStatus;
import org.replicacim.operation.CimOperations;
import org.replicacim.provider.OperationContext;
import org.replicacim.provider.ResultSink;

/**
 * Authorization in front of the operation layer: the user the HTTP layer authenticated ({@link OperationContext#user()})
 * is mapped to a {@link Role}, the request's needed role comes from {@link AccessPolicy}, and a request the role does
 * not allow is refused with CIM_ERR_ACCESS_DENIED before any provider sees it. Denials and every change (allowed,
 * whether it succeeded or failed) go to the {@link AuditLog}.
 */
public final class AuthorizingOperations implements CimOperations {
    private final CimOperations next;
    private final Function<String, Role> roles;
    private final Role anonymousRole;
    private final AuditLog audit;

    /**
     * @param next          the operations that run allowed requests
     * @param roles         the role of an authenticated user, or null when the user has none (then: denied)
     * @param anonymousRole the role of requests without a user (anonymous loopback access); null denies them
     * @param audit         where denials and changes are recorded
     */
    public AuthorizingOperations(CimOperations next, Function<String, Role> roles, Role anonymousRole, AuditLog audit) {
        this.next = Objects.requireNonNull(next, "next");
        this.roles = Objects.requireNonNull(roles, "roles");
        this.anonymousRole = anonymousRole;
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    @Override
    public PullStatus execute(OperationContext ctx, IntrinsicRequest request, ResultSink<Object> out)
            throws CimException {
        check(ctx, request);
        if (!AccessPolicy.isChange(request)) {
            return next.execute(ctx, request, out);
        }
        try {
            PullStatus status = next.execute(ctx, request, out);
            audit.record(ctx.user(), request, AuditLog.Outcome.DONE, null);
            return status;
        } catch (CimException | RuntimeException e) {
            audit.record(ctx.user(), request, AuditLog.Outcome.FAILED, failure(e));
            throw e;
        }
    }

    @Override
    public CompletionStage<MethodResult> invokeMethod(OperationContext ctx, InvokeMethodRequest request) {
        try {
            check(ctx, request);
        } catch (CimException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletionStage<MethodResult> stage;
        try {
            stage = next.invokeMethod(ctx, request);
        } catch (RuntimeException e) {
            if (AccessPolicy.isChange(request)) {
                audit.record(ctx.user(), request, AuditLog.Outcome.FAILED, failure(e));
            }
            throw e;
        }
        if (stage == null || !AccessPolicy.isChange(request)) {
            return stage;
        }
        return stage.whenComplete((result, error) -> {
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                audit.record(ctx.user(), request, AuditLog.Outcome.FAILED, failure(cause));
            } else {
                audit.record(ctx.user(), request, AuditLog.Outcome.DONE,
                        result == null || result.returnValue() == null ? null
                                : "ReturnValue=" + result.returnValue().value());
            }
        });
    }

    /** Throws CIM_ERR_ACCESS_DENIED (and records it) when the user's role does not cover the request. */
    private void check(OperationContext ctx, OperationRequest request) throws CimException {
        String user = ctx.user();
        Role role = user.isEmpty() ? anonymousRole : roles.apply(user);
        Role needed = AccessPolicy.required(request);
        if (role != null && role.includes(needed)) {
            return;
        }
        audit.record(user, request, AuditLog.Outcome.DENIED, "needs role " + needed.text()
                + (role == null ? ", has none" : ", has " + role.text()));
        throw new CimException(CimStatus.ACCESS_DENIED, request.operationName() + " needs the " + needed.text()
                + " role");
    }

    private static String failure(Throwable t) {
        return t instanceof CimException ce ? ce.status().symbol() : "internal error";
    }
}
