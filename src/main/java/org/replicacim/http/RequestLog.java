package org.replicacim.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per request on the logger {@code request}: request id, user, operation, object, status and
 * duration. The same fields are attached as key/value pairs so that a JSON encoder emits them as fields.
 */
public final class RequestLog implements RequestObserver {
    /** The logger name operators filter on (e.g. {@code <logger name="request" level="WARN"/>} to silence it). */
    public static final String LOGGER = "request";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    @Override
    public void requestCompleted(RequestRecord r) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        long tenths = (r.duration().toNanos() + 50_000) / 100_000; // milliseconds to one decimal, rounded
        String ms = tenths / 10 + "." + tenths % 10;
        String user = r.user().isEmpty() ? "-" : r.user();
        LOG.atInfo()
                .addKeyValue("requestId", r.requestId())
                .addKeyValue("user", user)
                .addKeyValue("operation", r.operation())
                .addKeyValue("object", r.object())
                .addKeyValue("status", r.status())
                .addKeyValue("httpStatus", r.httpStatus())
                .addKeyValue("durationMs", tenths / 10.0)
                .log("{} {} {} {} {} {} {}ms", r.requestId(), user, r.operation(), r.object(), r.status(),
                        r.httpStatus(), ms);
    }
}
