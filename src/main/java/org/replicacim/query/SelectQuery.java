package org.replicacim.query;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;

/**
 * A parsed WQL or DMTF:CQL SELECT statement over one class (ExecQuery, indication filters): immutable and safe to
 * share between threads. See the package documentation for the grammar and the comparison rules.
 */
public final class SelectQuery {
    private final QueryDialect dialect;
    private final String text;
    private final QueryParser.ParsedSelect parsed;

    private SelectQuery(QueryDialect dialect, String text, QueryParser.ParsedSelect parsed) {
        this.dialect = dialect;
        this.text = text;
        this.parsed = parsed;
    }

    /**
     * Parses a query. The language is {@code WQL}, {@code DMTF:CQL}, {@code CQL} or {@code CIM:CQL} in any case;
     * anything else throws QUERY_LANGUAGE_NOT_SUPPORTED, and text that does not parse throws INVALID_QUERY with the
     * position of the fault.
     */
    public static SelectQuery parse(String language, String text) throws CimException {
        QueryDialect dialect = dialectOf(language);
        return new SelectQuery(dialect, text, QueryParser.parseSelect(dialect, text));
    }

    /** Whether {@link #parse} accepts the language name. */
    public static boolean isSupportedLanguage(String language) {
        return QueryDialect.WQL.isNamed(language) || QueryDialect.CQL.isNamed(language);
    }

    private static QueryDialect dialectOf(String language) throws CimException {
        if (QueryDialect.WQL.isNamed(language)) {
            return QueryDialect.WQL;
        }
        if (QueryDialect.CQL.isNamed(language)) {
            return QueryDialect.CQL;
        }
        throw QueryErrors.unsupportedLanguage(language, "WQL or DMTF:CQL");
    }

    /** The language, as {@code WQL} or {@code DMTF:CQL}. */
    public String language() {
        return dialect.canonicalName();
    }

    /** The query text as given. */
    public String text() {
        return text;
    }

    /** The class after FROM. */
    public CimName fromClass() {
        return parsed.fromClass();
    }

    /** The alias of the FROM class, or null. */
    public CimName alias() {
        return parsed.alias();
    }

    /** The selected top-level properties in order, or null for {@code *} (all properties). */
    public List<CimName> selectList() {
        return parsed.selectList();
    }

    /** The top-level properties the WHERE clause reads (first steps of its paths), in order; empty without WHERE. */
    public Set<CimName> whereProperties() {
        return ConditionProperties.of(parsed.where());
    }

    /** Whether the query has a WHERE clause. */
    public boolean hasWhere() {
        return parsed.where() != null;
    }

    /**
     * Whether the instance is of the FROM class (or a subclass) and the WHERE clause is TRUE for it (UNKNOWN, from
     * NULLs, does not match).
     */
    public boolean matches(CimInstance instance, ClassHierarchy hierarchy) {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(hierarchy, "hierarchy");
        if (!hierarchy.isA(instance.className(), parsed.fromClass())) {
            return false;
        }
        return parsed.where() == null || parsed.where().evaluate(new EvaluationContext(instance, hierarchy)).isTrue();
    }

    /** The instance with only the selected properties (all of them for {@code *}); the path is kept whole. */
    public CimInstance project(CimInstance instance) {
        List<CimName> selected = parsed.selectList();
        if (selected == null) {
            return instance;
        }
        Set<CimName> keep = new HashSet<>(selected);
        return instance.filter(p -> keep.contains(p.name()));
    }

    /** The language and the text, for logs. */
    @Override
    public String toString() {
        return dialect.canonicalName() + ": " + text;
    }
}
