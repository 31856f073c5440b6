package org.replicacim.http;

/** Told about every completed CIM-XML request (request log, metrics); must be quick and must not throw. */
@FunctionalInterface
public interface RequestObserver {
    /** Observes nothing. */
    RequestObserver NONE = r -> { };

    void requestCompleted(RequestRecord request);

    /** This observer, then the other one. */
    default RequestObserver andThen(RequestObserver other) {
        return r -> {
            requestCompleted(r);
            other.requestCompleted(r);
        };
    }
}
