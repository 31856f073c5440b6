package org.replicacim.query;

import org.replicacim.cim.CimException;
import org.replicacim.cim.CimStatus;

/** Builds the CimExceptions the query package throws. */
final class QueryErrors {
    private QueryErrors() {
    }

    /** INVALID_QUERY naming the fault and its 1-based position in the query text. */
    static CimException invalid(String what, int offset) {
        return new CimException(CimStatus.INVALID_QUERY, what + " at position " + (offset + 1));
    }

    /** QUERY_LANGUAGE_NOT_SUPPORTED naming the language and what is supported. */
    static CimException unsupportedLanguage(String language, String supported) {
        return new CimException(CimStatus.QUERY_LANGUAGE_NOT_SUPPORTED,
                "query language '" + language + "' is not supported; use " + supported);
    }
}
