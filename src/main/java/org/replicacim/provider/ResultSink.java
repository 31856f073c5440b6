package org.replicacim.provider;

import org.replicacim.cim.CimException;

/** Where a provider streams its results, one at a time; the response is written as they arrive. */
@FunctionalInterface
public interface ResultSink<T> {
    /** Delivers one result; throws when the request was abandoned (client gone, deadline passed, limit reached). */
    void accept(T item) throws CimException;
}
