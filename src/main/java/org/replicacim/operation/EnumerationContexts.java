package org.replicacim.operation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.Namespace;
import org.replicacim.message.ReturnKind;

/**
 * The open pull enumerations: each bound to its namespace, user and kind of pull, with an idle deadline.
 * Limits on their number and lifetime protect the server from clients that open and never close.
 */
public final class EnumerationContexts {
    /** Limits: open contexts in all and per user, default and maximum OperationTimeout, largest batch. */
    public record Limits(int maxOpen, int maxOpenPerUser, Duration defaultTimeout, Duration maxTimeout,
                         int maxBatch, int maxZeroPulls) {
        public static final Limits DEFAULT = new Limits(1000, 100, Duration.ofSeconds(30), Duration.ofSeconds(300),
                10_000, 1000);

        /** A copy with another bound on the contexts one user may hold open. */
        public Limits withMaxOpenPerUser(int perUser) {
            return new Limits(maxOpen, perUser, defaultTimeout, maxTimeout, maxBatch, maxZeroPulls);
        }
    }

    /** One open enumeration: the results not yet pulled and who may pull them. */
    static final class Context {
        final String id;
        final Namespace namespace;
        final String user;
        final ReturnKind kind;
        final List<Object> results;
        final Duration timeout;
        final AtomicBoolean inUse = new AtomicBoolean();
        int next;
        int zeroPulls;
        volatile Instant expires;

        Context(String id, Namespace namespace, String user, ReturnKind kind, List<Object> results, Duration timeout,
                Instant expires) {
            this.id = id;
            this.namespace = namespace;
            this.user = user;
            this.kind = kind;
            this.results = results;
            this.timeout = timeout;
            this.expires = expires;
        }

        int remaining() {
            return results.size() - next;
        }
    }

    private final Map<String, Context> open = new ConcurrentHashMap<>();
    private final Limits limits;
    private final Clock clock;

    public EnumerationContexts(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    Limits limits() {
        return limits;
    }

    /** The idle timeout to use for an OperationTimeout parameter (null = default); 22 when out of bounds. */
    Duration timeout(Long operationTimeout) throws CimException {
        if (operationTimeout == null) {
            return limits.defaultTimeout();
        }
        if (operationTimeout <= 0) {
            throw new CimException(CimStatus.INVALID_OPERATION_TIMEOUT,
                    "OperationTimeout 0 (never expire) is not allowed; use 1.." + limits.maxTimeout().toSeconds());
        }
        if (operationTimeout > limits.maxTimeout().toSeconds()) {
            throw new CimException(CimStatus.INVALID_OPERATION_TIMEOUT, "OperationTimeout " + operationTimeout
                    + " s exceeds the server maximum of " + limits.maxTimeout().toSeconds() + " s");
        }
        return Duration.ofSeconds(operationTimeout);
    }

    /** Registers a new context; SERVER_LIMITS_EXCEEDED when too many are open. */
    Context open(Namespace ns, String user, ReturnKind kind, List<Object> results, Duration timeout)
            throws CimException {
        sweep();
        if (open.size() >= limits.maxOpen()) {
            throw new CimException(CimStatus.SERVER_LIMITS_EXCEEDED, "too many open enumerations ("
                    + limits.maxOpen() + "); close some with CloseEnumeration");
        }
        long mine = open.values().stream().filter(c -> c.user.equals(user)).count();
        if (mine >= limits.maxOpenPerUser()) {
            throw new CimException(CimStatus.SERVER_LIMITS_EXCEEDED, "user has too many open enumerations ("
                    + limits.maxOpenPerUser() + ")");
        }
        Context c = new Context(UUID.randomUUID().toString(), ns, user, kind, results, timeout,
                clock.instant().plus(timeout));
        open.put(c.id, c);
        return c;
    }

    /** Claims a context for one request; 21 if unknown, expired or not this caller's; 24 if already busy. */
    Context claim(String id, Namespace ns, String user, ReturnKind kind) throws CimException {
        Context c = id == null ? null : open.get(id);
        if (c == null || !c.namespace.equals(ns) || !c.user.equals(user) || (kind != null && c.kind != kind)) {
            throw new CimException(CimStatus.INVALID_ENUMERATION_CONTEXT, "no open enumeration '" + id
                    + "' for this namespace, user and operation");
        }
        if (clock.instant().isAfter(c.expires)) {
            open.remove(c.id);
            throw new CimException(CimStatus.INVALID_ENUMERATION_CONTEXT, "enumeration '" + id + "' timed out");
        }
        if (!c.inUse.compareAndSet(false, true)) {
            throw new CimException(CimStatus.PULL_CANNOT_BE_ABANDONED, "enumeration '" + id
                    + "' is busy with another request");
        }
        return c;
    }

    /** Ends a request on the context: closes it when exhausted, else restarts its idle timer. */
    void release(Context c) {
        if (c.remaining() == 0) {
            open.remove(c.id);
        } else {
            c.expires = clock.instant().plus(c.timeout);
        }
        c.inUse.set(false);
    }

    void close(Context c) {
        open.remove(c.id);
        c.inUse.set(false);
    }

    /** Number of open contexts (metrics, tests). */
    public int size() {
        return open.size();
    }

    private void sweep() {
        Instant now = clock.instant();
        open.values().removeIf(c -> !c.inUse.get() && now.isAfter(c.expires));
    }
}
