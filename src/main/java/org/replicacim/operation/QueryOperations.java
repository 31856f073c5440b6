package org.replicacim.operation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimStatus;
import org.replicacim.message.IntrinsicRequest;
import org.replicacim.provider.OperationContext;
import org.replicacim.provider.ResultSink;
import org.replicacim.query.FqlQuery;
import org.replicacim.query.SelectQuery;

/** ExecQuery (WQL, CQL), OpenQueryInstances and the FQL filters of the pull operations. */
final class QueryOperations {
    private final Schema schema;
    private final InstanceOperations instances;

    QueryOperations(Schema schema, InstanceOperations instances) {
        this.schema = schema;
        this.instances = instances;
    }

    void execQuery(OperationContext ctx, IntrinsicRequest.ExecQuery r, ResultSink<Object> out) throws CimException {
        if (r.queryLanguage() == null || r.query() == null) {
            throw new CimException(CimStatus.INVALID_PARAMETER, "ExecQuery needs QueryLanguage and Query");
        }
        run(ctx, r.queryLanguage(), r.query(), out::accept);
    }

    /** The instances a SELECT statement yields, projected to its select list (paths keep every key). */
    List<CimInstance> select(OperationContext ctx, String language, String query) throws CimException {
        List<CimInstance> results = new ArrayList<>();
        run(ctx, language, query, results::add);
        return results;
    }

    private void run(OperationContext ctx, String language, String query, ResultSink<CimInstance> out)
            throws CimException {
        SelectQuery q = SelectQuery.parse(language, query);
        if (schema.getClass(ctx.namespace(), q.fromClass()) == null) {
            throw new CimException(CimStatus.INVALID_QUERY, "FROM names unknown class " + q.fromClass());
        }
        instances.enumerate(ctx, q.fromClass(), true, false, null, i -> {
            if (q.matches(i, (cls, ancestor) -> schema.isSubclassOf(ctx.namespace(), cls, ancestor))) {
                out.accept(q.project(i));
            }
        });
    }

    /** The FQL filter for a pull operation's FilterQueryLanguage/FilterQuery. */
    Predicate<CimInstance> filter(String language, String query) throws CimException {
        FqlQuery q = FqlQuery.parse(language, query);
        return q::matches;
    }
}
