package org.replicacim.query;

import java.util.Objects;
import java.util.Set;

import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;

/**
 * A parsed DMTF:FQL (DSP0212) filter for the pull operations' FilterQuery and OpenQueryInstances: immutable and
 * safe to share between threads. See the package documentation for the grammar and the comparison rules.
 */
public final class FqlQuery {
    /** The one language name FQL filters are given under. */
    public static final String LANGUAGE = "DMTF:FQL";

    private final String text;
    private final Condition condition;

    private FqlQuery(String text, Condition condition) {
        this.text = text;
        this.condition = condition;
    }

    /**
     * Parses a filter. The language must be {@code DMTF:FQL} (any case), else QUERY_LANGUAGE_NOT_SUPPORTED; text
     * that does not parse throws INVALID_QUERY with the position of the fault.
     */
    public static FqlQuery parse(String language, String text) throws CimException {
        if (!QueryDialect.FQL.isNamed(language)) {
            throw QueryErrors.unsupportedLanguage(language, LANGUAGE);
        }
        return new FqlQuery(text, QueryParser.parseFilter(QueryDialect.FQL, text));
    }

    /** Whether {@link #parse} accepts the language name. */
    public static boolean isSupportedLanguage(String language) {
        return QueryDialect.FQL.isNamed(language);
    }

    /** Whether the filter is TRUE for the instance; ISA tests know only exact class names. */
    public boolean matches(CimInstance instance) {
        return matches(instance, ClassHierarchy.EXACT_ONLY);
    }

    /** Whether the filter is TRUE for the instance, with ISA tests answered by the hierarchy. */
    public boolean matches(CimInstance instance, ClassHierarchy hierarchy) {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(hierarchy, "hierarchy");
        return condition.evaluate(new EvaluationContext(instance, hierarchy)).isTrue();
    }

    /** The top-level properties the filter reads (first steps of its paths), in order. */
    public Set<CimName> properties() {
        return ConditionProperties.of(condition);
    }

    /** The filter text as given. */
    public String text() {
        return text;
    }

    /** The language and the text, for logs. */
    @Override
    public String toString() {
        return LANGUAGE + ": " + text;
    }
}
