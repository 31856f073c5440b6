package org.replicacim.operation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimValue;
import org.replicacim.message.IntrinsicRequest;
import org.replicacim.message.IntrinsicRequest.PullOptions;
import org.replicacim.message.PullStatus;
import org.replicacim.message.ReturnKind;
import org.replicacim.provider.OperationContext;
import org.replicacim.provider.ResultSink;

/** The pull operations: Open* collect the result set into an enumeration context, Pull* hand it out in batches. */
final class PullOperations {
    /** Makes a filter from FilterQueryLanguage and FilterQuery (DSP0212 FQL). */
    @FunctionalInterface
    interface FilterFactory {
        Predicate<CimInstance> create(String language, String query) throws CimException;
    }

    /** Runs a query (OpenQueryInstances) and returns the matching, projected instances. */
    @FunctionalInterface
    interface QueryRunner {
        List<CimInstance> run(OperationContext ctx, String language, String query) throws CimException;
    }

    private final InstanceOperations instances;
    private final AssociationOperations associations;
    private final EnumerationContexts contexts;
    private final FilterFactory filters;
    private final QueryRunner queries;

    PullOperations(InstanceOperations instances, AssociationOperations associations, EnumerationContexts contexts,
                   FilterFactory filters, QueryRunner queries) {
        this.instances = instances;
        this.associations = associations;
        this.contexts = contexts;
        this.filters = filters;
        this.queries = queries;
    }

    PullStatus openEnumerateInstances(OperationContext ctx, IntrinsicRequest.OpenEnumerateInstances r,
                                      ResultSink<Object> out) throws CimException {
        Duration timeout = check(r.options());
        Predicate<CimInstance> filter = filter(r.options());
        List<Object> results = new ArrayList<>();
        instances.enumerate(ctx, r.className(), r.deepInheritance(), r.includeClassOrigin(), r.propertyList(),
                i -> add(results, filter, i, i));
        return open(ctx, ReturnKind.INSTANCE_WITH_PATH, results, timeout, r.options().maxObjectCount(), out);
    }

    PullStatus openEnumerateInstancePaths(OperationContext ctx, IntrinsicRequest.OpenEnumerateInstancePaths r,
                                          ResultSink<Object> out) throws CimException {
        Duration timeout = check(r.options());
        Predicate<CimInstance> filter = filter(r.options());
        List<Object> results = new ArrayList<>();
        if (filter == null) {
            instances.enumerateNames(ctx, r.className(), results::add);
        } else {
            instances.enumerate(ctx, r.className(), true, false, null, i -> add(results, filter, i, i.path()));
        }
        return open(ctx, ReturnKind.INSTANCE_PATH, results, timeout, r.options().maxObjectCount(), out);
    }

    PullStatus openReferenceInstances(OperationContext ctx, IntrinsicRequest.OpenReferenceInstances r,
                                      ResultSink<Object> out) throws CimException {
        Duration timeout = check(r.options());
        Predicate<CimInstance> filter = filter(r.options());
        requireSource(ctx, r.instanceName());
        List<Object> results = new ArrayList<>();
        associations.referenceInstances(ctx, r.instanceName(), r.resultClass(), r.role(), r.includeClassOrigin(),
                r.propertyList(), i -> add(results, filter, i, i));
        return open(ctx, ReturnKind.INSTANCE_WITH_PATH, results, timeout, r.options().maxObjectCount(), out);
    }

    PullStatus openReferenceInstancePaths(OperationContext ctx, IntrinsicRequest.OpenReferenceInstancePaths r,
                                          ResultSink<Object> out) throws CimException {
        Duration timeout = check(r.options());
        Predicate<CimInstance> filter = filter(r.options());
        requireSource(ctx, r.instanceName());
        List<Object> results = new ArrayList<>();
        associations.referenceInstances(ctx, r.instanceName(), r.resultClass(), r.role(), false, null,
                i -> add(results, filter, i, i.path()));
        return open(ctx, ReturnKind.INSTANCE_PATH, results, timeout, r.options().maxObjectCount(), out);
    }

    PullStatus openAssociatorInstances(OperationContext ctx, IntrinsicRequest.OpenAssociatorInstances r,
                                       ResultSink<Object> out) throws CimException {
        Duration timeout = check(r.options());
        Predicate<CimInstance> filter = filter(r.options());
        requireSource(ctx, r.instanceName());
        List<Object> results = new ArrayList<>();
        associations.associatorInstances(ctx, r.instanceName(), r.assocClass(), r.resultClass(), r.role(),
                r.resultRole(), r.includeClassOrigin(), r.propertyList(), i -> add(results, filter, i, i));
        return open(ctx, ReturnKind.INSTANCE_WITH_PATH, results, timeout, r.options().maxObjectCount(), out);
    }

    PullStatus openAssociatorInstancePaths(OperationContext ctx, IntrinsicRequest.OpenAssociatorInstancePaths r,
                                           ResultSink<Object> out) throws CimException {
        Duration timeout = check(r.options());
        Predicate<CimInstance> filter = filter(r.options());
        requireSource(ctx, r.instanceName());
        List<Object> results = new ArrayList<>();
        if (filter == null) {
            associations.associatorPaths(ctx, r.instanceName(), r.assocClass(), r.resultClass(), r.role(),
                    r.resultRole(), results::add);
        } else {
            associations.associatorInstances(ctx, r.instanceName(), r.assocClass(), r.resultClass(), r.role(),
                    r.resultRole(), false, null, i -> add(results, filter, i, i.path()));
        }
        return open(ctx, ReturnKind.INSTANCE_PATH, results, timeout, r.options().maxObjectCount(), out);
    }

    PullStatus openQueryInstances(OperationContext ctx, IntrinsicRequest.OpenQueryInstances r, ResultSink<Object> out)
            throws CimException {
        if (r.returnQueryResultClass()) {
            throw new CimException(CimStatus.NOT_SUPPORTED, "ReturnQueryResultClass=TRUE is not supported");
        }
        if (r.filterQuery() == null || r.filterQueryLanguage() == null) {
            throw new CimException(CimStatus.INVALID_PARAMETER, "OpenQueryInstances needs FilterQueryLanguage and FilterQuery");
        }
        Duration timeout = check(new PullOptions(null, null, r.options().operationTimeout(),
                r.options().continueOnError(), r.options().maxObjectCount()));
        List<Object> results = new ArrayList<>(queries.run(ctx, r.filterQueryLanguage(), r.filterQuery()));
        return open(ctx, ReturnKind.INSTANCE, results, timeout, r.options().maxObjectCount(), out);
    }

    PullStatus pull(OperationContext ctx, String id, long maxObjectCount, ReturnKind kind, ResultSink<Object> out)
            throws CimException {
        EnumerationContexts.Context c = contexts.claim(id, ctx.namespace(), ctx.user(), kind);
        try {
            if (maxObjectCount == 0) {
                if (++c.zeroPulls > contexts.limits().maxZeroPulls()) {
                    contexts.close(c);
                    throw new CimException(CimStatus.SERVER_LIMITS_EXCEEDED, "too many consecutive pulls with "
                            + "MaxObjectCount 0; enumeration closed");
                }
            } else {
                c.zeroPulls = 0;
            }
            deliver(c, maxObjectCount, out);
        } catch (CimException | RuntimeException e) {
            contexts.close(c); // ContinueOnError is not supported: the first error ends the enumeration
            throw e;
        }
        contexts.release(c);
        return status(c);
    }

    void close(OperationContext ctx, String id) throws CimException {
        contexts.close(contexts.claim(id, ctx.namespace(), ctx.user(), null));
    }

    void count(OperationContext ctx, String id, ResultSink<Object> out) throws CimException {
        EnumerationContexts.Context c = contexts.claim(id, ctx.namespace(), ctx.user(), null);
        int remaining = c.remaining();
        contexts.release(c);
        out.accept(CimValue.uint64(remaining));
    }

    private Duration check(PullOptions o) throws CimException {
        if (o.continueOnError()) {
            throw new CimException(CimStatus.CONTINUATION_ON_ERROR_NOT_SUPPORTED,
                    "ContinueOnError=TRUE is not supported: the first error ends an enumeration");
        }
        if (o.maxObjectCount() < 0) {
            throw new CimException(CimStatus.INVALID_PARAMETER, "MaxObjectCount must not be negative");
        }
        return contexts.timeout(o.operationTimeout());
    }

    private Predicate<CimInstance> filter(PullOptions o) throws CimException {
        if (o.filterQuery() == null && o.filterQueryLanguage() == null) {
            return null;
        }
        if (o.filterQuery() == null || o.filterQueryLanguage() == null) {
            throw new CimException(CimStatus.INVALID_PARAMETER,
                    "FilterQuery and FilterQueryLanguage must be given together");
        }
        return filters.create(o.filterQueryLanguage(), o.filterQuery());
    }

    private void requireSource(OperationContext ctx, org.replicacim.cim.ObjectPath source) throws CimException {
        if (source == null) {
            throw new CimException(CimStatus.INVALID_PARAMETER, "InstanceName is required");
        }
        instances.fetch(ctx, source, false, List.of()); // 6 when the source instance does not exist
    }

    private static void add(List<Object> results, Predicate<CimInstance> filter, CimInstance i, Object result) {
        if (filter == null || filter.test(i)) {
            results.add(result);
        }
    }

    private PullStatus open(OperationContext ctx, ReturnKind kind, List<Object> results, Duration timeout,
                            long maxObjectCount, ResultSink<Object> out) throws CimException {
        if (results.size() <= maxObjectCount) {
            for (Object o : results) {
                out.accept(o);
            }
            return new PullStatus(true, "");
        }
        EnumerationContexts.Context c = contexts.open(ctx.namespace(), ctx.user(), kind, results, timeout);
        c.inUse.set(true);
        try {
            deliver(c, maxObjectCount, out);
        } catch (CimException | RuntimeException e) {
            contexts.close(c);
            throw e;
        }
        contexts.release(c);
        return status(c);
    }

    private void deliver(EnumerationContexts.Context c, long maxObjectCount, ResultSink<Object> out)
            throws CimException {
        long n = Math.min(maxObjectCount, contexts.limits().maxBatch());
        for (long i = 0; i < n && c.next < c.results.size(); i++) {
            Object o = c.results.get(c.next);
            c.results.set(c.next, null); // let delivered results be collected
            c.next++;
            out.accept(o);
        }
    }

    private static PullStatus status(EnumerationContexts.Context c) {
        return c.remaining() == 0 ? new PullStatus(true, "") : new PullStatus(false, c.id);
    }
}
