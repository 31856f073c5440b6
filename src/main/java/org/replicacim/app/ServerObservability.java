package org.replicacim.app;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.Handler;
import org.replicacim.http.HealthHandler;
import org.replicacim.http.MetricsHandler;
import org.replicacim.http.RequestLog;
import org.replicacim.http.RequestMetrics;
import org.replicacim.http.RequestObserver;
import org.replicacim.job.Job;
import org.replicacim.job.JobService;
import org.replicacim.job.JobState;
import org.replicacim.replication.RelationshipStore;
import org.replicacim.replication.SyncRelationship;
import org.replicacim.storage.BackendCounters;
import org.replicacim.storage.BlockBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's metrics registry and what feeds it: request counts and latency (from the HTTP layer), relationships
 * by SyncType and CopyState, jobs by state, copy throughput and backend errors; plus the {@code /metrics} and
 * {@code /health} handlers. One registry per server, so that servers in one JVM (tests) do not mix their figures.
 */
final class ServerObservability {
    private static final Logger LOG = LoggerFactory.getLogger(ServerObservability.class);

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter backendErrors;
    private final Instant started = Instant.now();
    /** Last copy-throughput sample: nanoTime and bytes read by copies, for the bytes/s gauge. */
    private long sampleNanos = System.nanoTime();
    private long sampleBytes;
    private double copyRate;

    ServerObservability() {
        backendErrors = Counter.builder().name("replicacim_backend_errors_total")
                .help("failed calls into the block engine, by engine operation and reason")
                .labelNames("operation", "reason").register(registry);
    }

    /** The backend with its failures counted. */
    BlockBackend counted(BlockBackend backend) {
        return BackendErrorCounter.wrap(backend, backendErrors);
    }

    /** Gauges over the relationships, the jobs and the engine's copy counters, read at each scrape. */
    void watch(RelationshipStore relationships, JobService jobs, BlockBackend backend) {
        GaugeWithCallback.builder().name("replicacim_relationships")
                .help("replication relationships by SyncType and CopyState")
                .labelNames("sync_type", "copy_state")
                .callback(cb -> {
                    Map<List<String>, Integer> counts = new TreeMap<>(java.util.Comparator.comparing(Object::toString));
                    try {
                        for (SyncRelationship r : relationships.list()) {
                            counts.merge(List.of(r.syncType().name(), r.copyState().name()), 1, Integer::sum);
                        }
                    } catch (RuntimeException e) {
                        LOG.warn("metrics: cannot list relationships: {}", e.toString());
                    }
                    counts.forEach((labels, n) -> cb.call(n, labels.get(0), labels.get(1)));
                }).register(registry);
        GaugeWithCallback.builder().name("replicacim_jobs")
                .help("jobs kept by the server, by JobState (finished jobs stay until their TimeBeforeRemoval)")
                .labelNames("state")
                .callback(cb -> {
                    Map<JobState, Integer> counts = new EnumMap<>(JobState.class);
                    for (JobState s : JobState.values()) {
                        counts.put(s, 0);
                    }
                    for (Job j : jobs.list()) {
                        counts.merge(j.state(), 1, Integer::sum);
                    }
                    counts.forEach((s, n) -> cb.call(n, s.name()));
                }).register(registry);
        CounterWithCallback.builder().name("replicacim_copy_bytes_read_total")
                .help("bytes read by copies (clone, resync, restore, mirror writes, copy-on-write) since start")
                .callback(cb -> cb.call(backend.counters().copyBytesRead())).register(registry);
        CounterWithCallback.builder().name("replicacim_copy_bytes_written_total")
                .help("bytes written by copies since start (all-zero chunks onto fresh targets are skipped)")
                .callback(cb -> cb.call(backend.counters().copyBytesWritten())).register(registry);
        CounterWithCallback.builder().name("replicacim_host_bytes_written_total")
                .help("bytes written by hosts through the NBD export since start")
                .callback(cb -> cb.call(backend.counters().hostBytesWritten())).register(registry);
        GaugeWithCallback.builder().name("replicacim_copy_bytes_per_second")
                .help("copy throughput: bytes read by copies per second, averaged since the previous scrape"
                        + " (at least one second)")
                .callback(cb -> cb.call(copyRate(backend.counters()))).register(registry);
    }

    private synchronized double copyRate(BackendCounters c) {
        long now = System.nanoTime();
        long elapsed = now - sampleNanos;
        if (elapsed >= 1_000_000_000L) {
            copyRate = Math.max(0, c.copyBytesRead() - sampleBytes) / (elapsed / 1e9);
            sampleNanos = now;
            sampleBytes = c.copyBytesRead();
        }
        return copyRate;
    }

    /** The request log and the request metrics. */
    RequestObserver requestObserver() {
        return new RequestLog().andThen(new RequestMetrics(registry));
    }

    /** {@code /metrics} and {@code /health} for the CIM-XML server's connector. */
    List<Handler> handlers(BooleanSupplier serving, ServerConfig config) {
        return List.of(new MetricsHandler(registry), new HealthHandler(serving, () -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", ReplicaCimServer.VERSION);
            m.put("backend", config.backend());
            m.put("store", config.storeUrl() == null ? "sqlite" : "postgresql");
            m.put("uptimeSeconds", java.time.Duration.between(started, Instant.now()).toSeconds());
            return m;
        }));
    }

    PrometheusRegistry registry() {
        return registry;
    }
}
