package org.replicacim.http;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.regex.Pattern;

/**
 * Request counts and latency by operation and status ({@code replicacim_requests_total},
 * {@code replicacim_request_duration_seconds}).
 */
public final class RequestMetrics implements RequestObserver {
    /** Operation names a client invents (unknown methods) would grow the label set without bound. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private final Counter requests;
    private final Histogram duration;

    /** Registers the two metrics in the registry. */
    public RequestMetrics(PrometheusRegistry registry) {
        requests = Counter.builder().name("replicacim_requests_total")
                .help("CIM-XML requests answered, by operation (intrinsic operation or method name) and status")
                .labelNames("operation", "status").register(registry);
        duration = Histogram.builder().name("replicacim_request_duration_seconds")
                .help("time from the arrival of a CIM-XML request to the end of its response")
                .labelNames("operation", "status").classicOnly()
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
                .register(registry);
    }

    @Override
    public void requestCompleted(RequestRecord r) {
        String op = r.operation();
        if (!PLAIN_NAME.matcher(op).matches() || r.status().equals("CIM_ERR_METHOD_NOT_FOUND")
                || r.status().equals("CIM_ERR_NOT_SUPPORTED")) {
            op = op.equals("-") ? "-" : "other";
        }
        requests.labelValues(op, r.status()).inc();
        duration.labelValues(op, r.status()).observe(r.duration().toNanos() / 1e9);
    }
}
