package org.replicacim.provider;

import java.time.Instant;
import java.util.Objects;
import org.replicacim.cim.Namespace;

/** What a provider knows about the request it serves: target namespace, authenticated user, request id, deadline. */
public record OperationContext(Namespace namespace, String user, String requestId, Instant deadline) {
    public OperationContext {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(requestId, "requestId");
        user = user == null ? "" : user;
    }

    /** The same request, aimed at another namespace (cross-namespace association traversal). */
    public OperationContext inNamespace(Namespace ns) {
        return new OperationContext(ns, user, requestId, deadline);
    }
}
