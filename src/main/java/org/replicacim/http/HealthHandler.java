package org.replicacim.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /health}: 200 with a small JSON object while the server serves, 503 with {@code "status":"stopping"}
 * once it has begun to stop, so that load balancers and container health checks take it out in time.
 */
public final class HealthHandler extends Handler.Abstract.NonBlocking {
    /** The path health checks probe. */
    public static final String PATH = "/health";

    private final BooleanSupplier serving;
    private final Supplier<Map<String, Object>> details;

    /**
     * @param serving whether the server takes requests
     * @param details further fields of the answer (strings, numbers, booleans), e.g. version and backend
     */
    public HealthHandler(BooleanSupplier serving, Supplier<Map<String, Object>> details) {
        this.serving = serving;
        this.details = details;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!PATH.equals(Request.getPathInContext(request))) {
            return false;
        }
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            Response.writeError(request, response, callback, 405);
            return true;
        }
        boolean up = serving.getAsBoolean();
        StringBuilder json = new StringBuilder("{\"status\":\"").append(up ? "serving" : "stopping").append('"');
        for (Map.Entry<String, Object> e : details.get().entrySet()) {
            json.append(',');
            string(json, e.getKey());
            json.append(':');
            Object v = e.getValue();
            if (v instanceof Number || v instanceof Boolean) {
                json.append(v);
            } else if (v == null) {
                json.append("null");
            } else {
                string(json, v.toString());
            }
        }
        json.append("}\n");
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(up ? 200 : 503);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        boolean head = "HEAD".equals(request.getMethod());
        response.write(true, ByteBuffer.wrap(head ? new byte[0] : body), callback);
        return true;
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}
