package org.replicacim.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.Namespace;
import org.replicacim.codec.CimProtocolException;
import org.replicacim.codec.CimXmlRequestReader;
import org.replicacim.codec.CimXmlResponseWriter;
import org.replicacim.codec.DecodedRequest;
import org.replicacim.codec.Limits;
import org.replicacim.codec.ParsedRequest;
import org.replicacim.codec.ProtocolError;
import org.replicacim.message.IntrinsicRequest;
import org.replicacim.message.InvokeMethodRequest;
import org.replicacim.message.MethodResult;
import org.replicacim.message.PullStatus;
import org.replicacim.message.ReturnKind;
import org.replicacim.operation.CimOperations;
import org.replicacim.provider.OperationContext;
import org.replicacim.provider.ResultSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CIM-XML endpoint (POST and M-POST on {@code /cimom} and {@code /}): validates a request in the order of protocol
 * reference §1.5, answers envelope faults with an HTTP status and {@code CIMError}, runs intrinsic operations on the
 * calling worker thread while streaming their results, and completes extrinsic methods asynchronously. Every path
 * completes the Jetty callback exactly once; failures that are not CIM errors become CIM_ERR_FAILED with a request id,
 * logged once.
 */
final class CimXmlHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(CimXmlHandler.class);
    private static final String CONTENT_TYPE = "application/xml; charset=\"utf-8\"";
    private static final String ALLOW = "POST, M-POST";
    private static final int MAX_DESCRIPTION = 300;
    private static final long METHOD_GRACE_NANOS = 2_000_000_000L;

    private final CimOperations operations;
    private final CimServerConfig config;
    private final Limits limits;
    private final CimXmlRequestReader reader = new CimXmlRequestReader();
    private final CimXmlResponseWriter.Options writerOptions;
    private final String idPrefix;
    private final AtomicLong requestCounter = new AtomicLong();
    /** Exchanges taken on and not yet completed. */
    private final java.util.concurrent.atomic.AtomicInteger active = new java.util.concurrent.atomic.AtomicInteger();
    /** Requests running per user ("" for anonymous), bounded by {@link CimServerConfig#maxRequestsPerUser()}. */
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicInteger> running =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Set when the server begins to stop: new operations get CIM_ERR_SERVER_IS_SHUTTING_DOWN. */
    private volatile boolean draining;
    private final RequestObserver observer;

    CimXmlHandler(CimOperations operations, CimServerConfig config) {
        this(operations, config, RequestObserver.NONE);
    }

    CimXmlHandler(CimOperations operations, CimServerConfig config, RequestObserver observer) {
        this.observer = observer;
        this.operations = operations;
        this.config = config;
        this.limits = Limits.DEFAULT.withMaxBytes(config.maxBodyBytes());
        this.writerOptions = new CimXmlResponseWriter.Options(config.hostName(), false, config.flushEvery());
        this.idPrefix = Long.toHexString(System.currentTimeMillis() & 0xFFFFFFL) + "-";
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!config.anyPath() && !path.equals("/cimom") && !path.equals("/") && !path.equals("/cimom/")) {
            return false;
        }
        Exchange x = new Exchange(request, response, callback, idPrefix + Long.toHexString(requestCounter.incrementAndGet()));
        active.incrementAndGet();
        try {
            serve(x);
        } catch (Throwable t) {
            x.internalFailure(t);
        }
        return true;
    }

    /** Steps 1–18 of §1.5. */
    private void serve(Exchange x) throws IOException {
        Request request = x.request;
        String method = request.getMethod();
        boolean mpost = "M-POST".equals(method);
        if (!mpost && !"POST".equals(method)) {
            x.response.getHeaders().put(HttpHeader.ALLOW, ALLOW);
            x.httpError(405, null, "method " + method + " not allowed; CIM-XML takes POST or M-POST", false);
            return;
        }
        HttpFields fields = request.getHeaders();
        CimHeaders headers;
        if (mpost) {
            if (request.getConnectionMetaData().getHttpVersion() != HttpVersion.HTTP_1_1) {
                x.httpError(400, null, "M-POST needs HTTP/1.1", false);
                return;
            }
            String ns = CimHeaders.manNamespace(fields.get("Man"));
            if (ns == null) {
                x.httpError(501, null, null, false);
                return;
            }
            headers = CimHeaders.prefixed(fields, ns);
        } else {
            headers = CimHeaders.plain(fields);
        }
        x.headers = headers;
        String user = authenticate(x, fields);
        if (user == null) {
            return;
        }
        x.user = user;
        if (!x.admit(user)) {
            drain(request);
            x.response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            x.httpError(503, null, "too many requests running for this user; retry shortly", false);
            return;
        }
        String operation = headers.get("CIMOperation");
        if (operation == null) {
            x.httpError(400, null, headers.get("CIMExport") != null
                    ? "CIM export requests are not accepted on this endpoint"
                    : "not a CIM operation request: CIMOperation header missing", false);
            return;
        }
        if (!operation.trim().equalsIgnoreCase("MethodCall")) {
            x.httpError(400, ProtocolError.UNSUPPORTED_OPERATION.headerValue(),
                    "CIMOperation must be MethodCall", false);
            return;
        }
        if (headers.get("CIMBatch") != null) {
            x.httpError(501, ProtocolError.MULTIPLE_REQUESTS_UNSUPPORTED.headerValue(),
                    "multiple operations (CIMBatch) are not supported", false);
            return;
        }
        String contentTypeFault = contentTypeFault(fields.get(HttpHeader.CONTENT_TYPE));
        if (contentTypeFault != null) {
            x.httpError(400, null, contentTypeFault, false);
            return;
        }
        long length = request.getLength();
        if (length > config.maxBodyBytes()) {
            x.httpError(413, null, "body of " + length + " bytes exceeds the limit of " + config.maxBodyBytes(), true);
            return;
        }
        String version = headers.get("CIMProtocolVersion");
        if (version != null && major(version) != 1) {
            x.httpError(501, ProtocolError.UNSUPPORTED_PROTOCOL_VERSION.headerValue(),
                    "CIMProtocolVersion " + version + " is not supported; this server speaks 1.x", false);
            return;
        }
        byte[] body;
        try {
            body = readBody(request, length);
        } catch (SlowUpload e) {
            x.httpError(408, null, "the request body arrived too slowly", true);
            return;
        } catch (IOException e) {
            // the client stalled past the idle timeout or went away: nothing to answer
            LOG.debug("request {}: body not received: {}", x.requestId, e.toString());
            x.fail(e);
            return;
        }
        if (body == null) {
            x.httpError(413, null, "body exceeds the limit of " + config.maxBodyBytes() + " bytes", true);
            return;
        }
        ParsedRequest parsed;
        try {
            parsed = reader.parse(new java.io.ByteArrayInputStream(body), limits);
        } catch (CimProtocolException e) {
            ProtocolError pe = e.error();
            x.httpError(pe.httpStatus(), pe.headerValue(), e.getMessage(), pe.httpStatus() == 413);
            return;
        }
        String mismatch = headerMismatch(headers, parsed);
        if (mismatch != null) {
            x.httpError(400, ProtocolError.HEADER_MISMATCH.headerValue(), mismatch, false);
            return;
        }
        DecodedRequest decoded;
        try {
            decoded = parsed.decode();
        } catch (CimProtocolException e) {
            ProtocolError pe = e.error();
            x.httpError(pe.httpStatus(), pe.headerValue(), e.getMessage(), false);
            return;
        } catch (CimException e) {
            x.respondError(parsed.messageId(), parsed.methodName(), parsed.isIntrinsic(), e);
            return;
        }
        if (draining) {
            // a well-formed request that arrives while the server stops: a clean CIM answer, then the connection ends
            x.response.getHeaders().put(HttpHeader.CONNECTION, "close");
            x.respondError(parsed.messageId(), parsed.methodName(), parsed.isIntrinsic(), new CimException(
                    CimStatus.SERVER_IS_SHUTTING_DOWN, "the server is shutting down; retry against a running server"));
            return;
        }
        x.operation = parsed.methodName();
        x.object = RequestDescription.object(parsed, decoded.request());
        Namespace ns = decoded.request().namespace();
        OperationContext ctx = new OperationContext(ns, user, x.requestId,
                Instant.now().plus(config.operationTimeout()));
        x.deadlineNanos = System.nanoTime() + config.operationTimeout().toNanos();
        if (decoded.request() instanceof IntrinsicRequest ir) {
            runIntrinsic(x, parsed, ctx, ir);
        } else {
            runMethod(x, parsed, ctx, (InvokeMethodRequest) decoded.request());
        }
    }

    /**
     * Begins a graceful stop: from now on operations are answered with CIM_ERR_SERVER_IS_SHUTTING_DOWN, and this waits
     * up to {@code max} for the exchanges already running to complete. Returns whether they all did.
     */
    boolean isDraining() {
        return draining;
    }

    boolean drain(java.time.Duration max) throws InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + max.toNanos();
        while (active.get() > 0) {
            if (System.nanoTime() >= deadline) {
                LOG.warn("stopping with {} request(s) still running", active.get());
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /**
     * Authentication only (authorization happens where the operation is known): the user name, "" for the anonymous
     * user, or null when the request was answered (401, 403 or 429). Anonymous requests pass only when allowed and
     * only from a loopback peer; Basic credentials are accepted over TLS or from a loopback peer; an address with
     * too many failed logins in a row waits (429) before any check is made.
     */
    private String authenticate(Exchange x, HttpFields fields) {
        if (config.authenticator() == null) {
            return "";
        }
        String authorization = fields.get(HttpHeader.AUTHORIZATION);
        java.net.SocketAddress remote = x.request.getConnectionMetaData().getRemoteSocketAddress();
        boolean loopbackPeer = remote instanceof java.net.InetSocketAddress isa && isa.getAddress() != null
                && isa.getAddress().isLoopbackAddress();
        if (authorization == null && config.anonymousAllowed() && loopbackPeer) {
            return "";
        }
        String address = Request.getRemoteAddr(x.request);
        if (!x.request.isSecure() && !loopbackPeer) {
            drain(x.request);
            x.httpError(403, null, "credentials are accepted over HTTPS only", true);
            return null;
        }
        java.time.Duration wait = config.loginThrottle() == null ? java.time.Duration.ZERO
                : config.loginThrottle().blockedFor(address);
        if (!wait.isZero()) {
            if (config.audit() != null) {
                config.audit().login(basicUser(authorization), address, "THROTTLED");
            }
            drain(x.request);
            x.response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(Math.max(1, wait.toSeconds() + 1)));
            x.httpError(429, null, "too many failed logins from this address; retry later", true);
            return null;
        }
        String user = checkBasic(authorization);
        if (user == null) {
            if (authorization != null) {
                if (config.loginThrottle() != null) {
                    config.loginThrottle().failed(address);
                }
                if (config.audit() != null) {
                    config.audit().login(basicUser(authorization), address, "FAILED");
                }
            }
            drain(x.request);
            x.response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"" + config.realm() + "\"");
            x.httpError(401, null, null, false);
            return null;
        }
        if (config.loginThrottle() != null) {
            config.loginThrottle().succeeded(address);
        }
        return user;
    }

    /** The user name in a Basic header (for the audit trail), or null. */
    private static String basicUser(String authorization) {
        String[] pair = basicPair(authorization);
        return pair == null ? null : pair[0];
    }

    /** User and password of a Basic header, or null when it is not one. */
    private static String[] basicPair(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    /** The user whose Basic credentials are valid, or null. */
    private String checkBasic(String authorization) {
        String[] pair = basicPair(authorization);
        if (pair == null || pair[0].isEmpty()) {
            return null;
        }
        try {
            return config.authenticator().authenticate(pair[0], pair[1]) ? pair[0] : null;
        } catch (RuntimeException e) {
            LOG.error("authenticator failed for user '{}'", pair[0], e);
            return null;
        }
    }

    /** Reads and drops the body (bounded) so that a keep-alive client can send its next request. */
    private void drain(Request request) {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] scratch = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(scratch)) >= 0 && total <= config.maxBodyBytes()) {
                total += n;
            }
        } catch (IOException e) {
            LOG.debug("could not drain request body", e);
        }
    }

    /** A body that arrives slower than {@link CimServerConfig#minRequestDataRate()} (slowloris on the body). */
    private static final class SlowUpload extends IOException {
        private static final long serialVersionUID = 1L;

        SlowUpload() {
            super("request body too slow", null);
        }
    }

    /** How long an upload may go before its rate is checked: a short pause after the head is normal. */
    private static final long RATE_GRACE_NANOS = 2_000_000_000L;

    /** The body, or null when it is longer than the limit; SlowUpload when it trickles in below the minimum rate. */
    private byte[] readBody(Request request, long length) throws IOException {
        long max = config.maxBodyBytes();
        long minRate = config.minRequestDataRate();
        long start = System.nanoTime();
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] buf = new byte[length >= 0 ? (int) length : 8192];
            int count = 0;
            while (true) {
                if (count == buf.length) {
                    if (length >= 0) {
                        return buf;
                    }
                    if (count >= max) {
                        return in.read() < 0 ? buf : null;
                    }
                    buf = Arrays.copyOf(buf, (int) Math.min(max, buf.length * 2L));
                }
                int n = in.read(buf, count, buf.length - count);
                if (n < 0) {
                    return count == buf.length ? buf : Arrays.copyOf(buf, count);
                }
                count += n;
                long elapsed = System.nanoTime() - start;
                if (minRate > 0 && elapsed > RATE_GRACE_NANOS && count * 1_000_000_000.0 / elapsed < minRate) {
                    throw new SlowUpload();
                }
            }
        }
    }

    /** Null when the Content-Type is {@code application/xml} or {@code text/xml} with a UTF-8 (or no) charset. */
    static String contentTypeFault(String contentType) {
        if (contentType == null) {
            return "Content-Type missing; expected application/xml; charset=\"utf-8\"";
        }
        String[] parts = contentType.split(";");
        String media = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/xml") && !media.equals("text/xml")) {
            return "Content-Type " + media + " is not application/xml or text/xml";
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("charset")) {
                String cs = p.substring(eq + 1).trim();
                if (cs.length() >= 2 && cs.startsWith("\"") && cs.endsWith("\"")) {
                    cs = cs.substring(1, cs.length() - 1);
                }
                if (!cs.equalsIgnoreCase("utf-8") && !cs.equalsIgnoreCase("utf8")) {
                    return "charset " + cs + " is not supported; send utf-8";
                }
            }
        }
        return null;
    }

    private static int major(String version) {
        String v = version.trim();
        int dot = v.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? v : v.substring(0, dot));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Step 14: CIMMethod and CIMObject must agree with the body; null when they do. */
    private static String headerMismatch(CimHeaders headers, ParsedRequest parsed) {
        String methodHeader = headers.get("CIMMethod");
        if (methodHeader == null) {
            return "CIMMethod header missing";
        }
        String method = CimObjectHeader.decode(methodHeader.trim());
        if (method == null) {
            return "CIMMethod header is not valid UTF-8 after percent-decoding";
        }
        if (!method.equalsIgnoreCase(parsed.methodName())) {
            return "CIMMethod '" + method + "' differs from the body's '" + parsed.methodName() + "'";
        }
        String objectHeader = headers.get("CIMObject");
        if (objectHeader == null) {
            return "CIMObject header missing";
        }
        String object = CimObjectHeader.decode(objectHeader);
        if (object == null) {
            return "CIMObject header is not valid UTF-8 after percent-decoding";
        }
        if (parsed.isIntrinsic()) {
            return CimObjectHeader.mismatchIntrinsic(object, parsed.namespace());
        }
        return CimObjectHeader.mismatchExtrinsic(object, parsed.namespace(), parsed.targetClassName(),
                parsed.targetKeys());
    }

    // ---- intrinsic operations: run here, stream the result -------------------------------------------------

    private void runIntrinsic(Exchange x, ParsedRequest parsed, OperationContext ctx, IntrinsicRequest request) {
        ResponseStream body = x.startResponse(true);
        Streamer streamer = new Streamer(body, parsed.messageId(), parsed.methodName(), request.returnKind(),
                x.deadlineNanos);
        PullStatus status = null;
        CimException failure = null;
        try {
            status = operations.execute(ctx, request, streamer);
        } catch (CimException e) {
            failure = e;
        } catch (RuntimeException | Error e) {
            failure = streamer.outputFailure == null ? x.internal(e) : null;
        }
        if (streamer.outputFailure != null) {
            outputFailed(x, streamer);
            return;
        }
        if (failure != null) {
            lateOrEarlyError(x, streamer, failure, true);
            return;
        }
        try {
            streamer.succeed(status);
        } catch (RuntimeException e) {
            streamer.outputFailure = e;
            outputFailed(x, streamer);
            return;
        }
        if (body.hasTrailers()) {
            body.trailers(statusTrailers(x, 0, null));
        }
        body.finish(x.completion());
    }

    /** The response writer could not write: the client went away, or a result could not be encoded. */
    private void outputFailed(Exchange x, Streamer streamer) {
        RuntimeException e = streamer.outputFailure;
        if (e instanceof UncheckedIOException io) {
            LOG.debug("request {}: client connection lost while writing the response", x.requestId, io);
            x.fail(io.getCause());
            return;
        }
        lateOrEarlyError(x, streamer, x.internal(e), false);
    }

    /**
     * An operation failed. Before any byte went out the response is replaced by a clean ERROR; after that the failure
     * goes into the CIMStatusCode trailer (closing the XML when the writer is between objects) if the client accepts
     * trailers, otherwise the connection is aborted so that no client mistakes the truncated result for a whole one.
     */
    private void lateOrEarlyError(Exchange x, Streamer streamer, CimException failure, boolean betweenObjects) {
        x.status = failure.status().symbol();
        ResponseStream body = streamer.body;
        if (!body.committed()) {
            try {
                body.reset();
                CimXmlResponseWriter w = new CimXmlResponseWriter(body.out(), writerOptions);
                w.begin(streamer.messageId);
                w.writeIMethodError(streamer.name, failure);
                w.end();
            } catch (RuntimeException e) {
                x.fail(e);
                return;
            }
            body.finish(x.completion());
            return;
        }
        if (body.hasTrailers()) {
            if (betweenObjects) {
                try {
                    streamer.closeAfterFailure();
                } catch (RuntimeException e) {
                    LOG.debug("request {}: could not close the XML after a late failure", x.requestId, e);
                }
            } else {
                streamer.writer.abandon();
            }
            body.trailers(statusTrailers(x, failure.status().code(), failure.getMessage()));
            body.finish(x.completion());
            return;
        }
        streamer.writer.abandon();
        LOG.debug("request {}: aborting a streamed response after a late failure: {}", x.requestId, failure.status());
        x.fail(new IOException("response aborted after a late failure: " + failure.status().symbol()));
    }

    private static HttpFields statusTrailers(Exchange x, int code, String description) {
        HttpFields.Mutable t = HttpFields.build();
        String prefix = x.headers.prefix();
        t.put(prefix + "CIMStatusCode", Integer.toString(code));
        if (description != null) {
            t.put(prefix + "CIMStatusCodeDescription", percentEncode(clip(description)));
        }
        return t;
    }

    /** Streams result objects into the response, opening IMETHODRESPONSE lazily on the first one. */
    private final class Streamer implements ResultSink<Object> {
        final ResponseStream body;
        final String messageId;
        final String name;
        final ReturnKind kind;
        final long deadlineNanos;
        CimXmlResponseWriter writer;
        RuntimeException outputFailure;

        Streamer(ResponseStream body, String messageId, String name, ReturnKind kind, long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
            this.body = body;
            this.messageId = messageId;
            this.name = name;
            this.kind = kind;
        }

        private void open() {
            writer = new CimXmlResponseWriter(body.out(), writerOptions);
            writer.begin(messageId);
            writer.beginIMethodResponse(name);
            if (kind != ReturnKind.NONE) {
                writer.beginReturnValue();
            }
        }

        @Override
        public void accept(Object item) throws CimException {
            if (outputFailure != null) {
                throw new CimException(CimStatus.FAILED, "the response can no longer be written");
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                throw timedOut();
            }
            try {
                if (writer == null) {
                    open();
                }
                writer.write(kind, item);
            } catch (RuntimeException e) {
                outputFailure = e;
                throw new CimException(CimStatus.FAILED, "the response can no longer be written");
            }
        }

        void succeed(PullStatus status) {
            if (writer == null) {
                open();
            }
            if (kind != ReturnKind.NONE) {
                writer.endReturnValue();
            }
            if (status != null) {
                writer.writePullStatus(status);
            }
            writer.endIMethodResponse();
            writer.end();
        }

        void closeAfterFailure() {
            if (kind != ReturnKind.NONE) {
                writer.endReturnValue();
            }
            writer.endIMethodResponse();
            writer.end();
        }
    }

    // ---- extrinsic methods: complete asynchronously --------------------------------------------------------

    private void runMethod(Exchange x, ParsedRequest parsed, OperationContext ctx, InvokeMethodRequest request) {
        CompletionStage<MethodResult> stage;
        try {
            stage = operations.invokeMethod(ctx, request);
        } catch (RuntimeException | Error e) {
            x.respondError(parsed.messageId(), parsed.methodName(), false, x.internal(e));
            return;
        }
        if (stage == null) {
            x.respondError(parsed.messageId(), parsed.methodName(), false,
                    x.internal(new IllegalStateException("invokeMethod returned no stage")));
            return;
        }
        // the answer is bounded by the request deadline (plus a grace for methods that hand over to a job near it);
        // the provider's own stage is left alone, so a late result only finds the exchange already answered
        java.util.concurrent.CompletableFuture<MethodResult> bounded = new java.util.concurrent.CompletableFuture<>();
        stage.whenComplete((r, e) -> {
            if (e != null) {
                bounded.completeExceptionally(e);
            } else {
                bounded.complete(r);
            }
        });
        long left = Math.max(0, x.deadlineNanos - System.nanoTime()) + METHOD_GRACE_NANOS;
        bounded.completeOnTimeout(null, left, java.util.concurrent.TimeUnit.NANOSECONDS);
        bounded.whenComplete((result, error) -> {
            if (result == null && error == null && System.nanoTime() - x.deadlineNanos > 0) {
                x.respondError(parsed.messageId(), parsed.methodName(), false, timedOut());
                return;
            }
            try {
                if (error != null) {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    CimException ce = cause instanceof CimException c ? c : x.internal(cause);
                    x.respondError(parsed.messageId(), parsed.methodName(), false, ce);
                } else if (result == null) {
                    x.respondError(parsed.messageId(), parsed.methodName(), false,
                            x.internal(new IllegalStateException("method completed without a result")));
                } else {
                    writeMethodResult(x, parsed, result);
                }
            } catch (Throwable t) {
                x.internalFailure(t);
            }
        });
    }

    private void writeMethodResult(Exchange x, ParsedRequest parsed, MethodResult result) {
        ResponseStream body = x.startResponse(false);
        try {
            CimXmlResponseWriter w = new CimXmlResponseWriter(body.out(), writerOptions);
            w.begin(parsed.messageId());
            w.writeMethodResponse(parsed.methodName(), result);
            w.end();
        } catch (RuntimeException e) {
            x.respondError(parsed.messageId(), parsed.methodName(), false, x.internal(e));
            return;
        }
        body.finish(x.completion());
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private CimException timedOut() {
        return new CimException(CimStatus.SERVER_LIMITS_EXCEEDED, "the operation exceeded the request time limit of "
                + config.operationTimeout().toSeconds() + " s");
    }

    static String percentEncode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || c == '/' || c == ':') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return sb.toString();
    }

    private static String clip(String s) {
        return s.length() <= MAX_DESCRIPTION ? s : s.substring(0, MAX_DESCRIPTION) + "...";
    }

    /** One request/response pair and the guard that completes its callback exactly once. */
    private final class Exchange {
        final Request request;
        final Response response;
        final Callback callback;
        final String requestId;
        final long startNanos = System.nanoTime();
        final AtomicBoolean completed = new AtomicBoolean();
        CimHeaders headers = null;
        /** For the request log and metrics: filled in as the request is read and answered. */
        String user = "";
        String operation = "-";
        String object = "-";
        String status = "OK";
        /** The user whose running-request slot this exchange holds, or null. */
        String slot;
        /** When the operation must have answered (System.nanoTime), set when it starts. */
        long deadlineNanos = Long.MAX_VALUE;

        Exchange(Request request, Response response, Callback callback, String requestId) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.requestId = requestId;
        }

        Callback completion() {
            return Callback.from(this::succeed, this::fail);
        }

        /** Takes one of the user's running-request slots; false when the user has none left. */
        boolean admit(String user) {
            java.util.concurrent.atomic.AtomicInteger n = running.computeIfAbsent(user,
                    u -> new java.util.concurrent.atomic.AtomicInteger());
            if (n.incrementAndGet() > config.maxRequestsPerUser()) {
                n.decrementAndGet();
                return false;
            }
            slot = user;
            return true;
        }

        private void release() {
            if (slot != null) {
                // entries stay: only authenticated names (and "") get one, so the map is as small as the users file
                running.get(slot).decrementAndGet();
                slot = null;
            }
        }

        void succeed() {
            if (completed.compareAndSet(false, true)) {
                release();
                active.decrementAndGet();
                callback.succeeded();
                observe(response.getStatus());
            } else {
                LOG.error("request {}: exchange completed twice", requestId);
            }
        }

        void fail(Throwable t) {
            if (completed.compareAndSet(false, true)) {
                release();
                active.decrementAndGet();
                callback.failed(t);
                if (status.equals("OK")) {
                    status = "ABORTED";
                }
                observe(0);
            } else {
                LOG.error("request {}: exchange completed twice", requestId, t);
            }
        }

        private void observe(int httpStatus) {
            try {
                observer.requestCompleted(new RequestRecord(requestId, user, operation, object, status, httpStatus,
                        java.time.Duration.ofNanos(System.nanoTime() - startNanos)));
            } catch (RuntimeException e) {
                LOG.warn("request {}: request observer failed", requestId, e);
            }
        }

        /** Logs an unexpected failure once (with its stack trace) and returns the generic CIM error for the client. */
        CimException internal(Throwable t) {
            LOG.error("request {}: internal error", requestId, t);
            return new CimException(CimStatus.FAILED, "internal error; request id " + requestId);
        }

        /** Last resort: a failure outside any CIM answer. 500 if nothing was sent, else abort. */
        void internalFailure(Throwable t) {
            if (completed.get()) {
                LOG.error("request {}: failure after the exchange completed", requestId, t);
                return;
            }
            LOG.error("request {}: internal error", requestId, t);
            if (!response.isCommitted()) {
                try {
                    response.reset();
                    httpError(500, null, "internal error; request id " + requestId, true);
                    return;
                } catch (RuntimeException e) {
                    LOG.debug("request {}: could not send 500", requestId, e);
                }
            }
            fail(t);
        }

        /** An HTTP-level answer without a CIM-XML body; CIMError and the detail headers only when given. */
        void httpError(int status, String cimError, String description, boolean close) {
            this.status = "HTTP_" + status;
            response.setStatus(status);
            HttpFields.Mutable h = response.getHeaders();
            if (cimError != null) {
                h.put("CIMError", cimError);
            }
            if (description != null) {
                String d = percentEncode(clip(description));
                h.put("CIMErrorDescription", d);
                h.put("PGErrorDetail", d);
            }
            if (close) {
                h.put(HttpHeader.CONNECTION, "close");
            }
            h.put(HttpHeader.CONTENT_LENGTH, 0L);
            response.write(true, BufferUtil.EMPTY_BUFFER, completion());
        }

        /** Sets the 200 headers of a CIM-XML answer and opens its body. */
        ResponseStream startResponse(boolean mayStream) {
            response.setStatus(200);
            HttpFields.Mutable h = response.getHeaders();
            h.put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
            h.put(HttpHeader.CACHE_CONTROL, "no-cache");
            String prefix = headers.prefix();
            if (!prefix.isEmpty()) {
                h.put("Ext", "");
                h.put("Man", CimHeaders.EXTENSION_URI + "; ns=" + prefix.substring(0, 2));
            }
            h.put(prefix + "CIMOperation", "MethodResponse");
            boolean gzip = acceptsGzip(request.getHeaders().get(HttpHeader.ACCEPT_ENCODING));
            if (gzip) {
                h.put(HttpHeader.CONTENT_ENCODING, "gzip");
                h.put(HttpHeader.VARY, "Accept-Encoding");
            }
            boolean http11 = request.getConnectionMetaData().getHttpVersion() == HttpVersion.HTTP_1_1;
            boolean trailers = http11 && acceptsTrailers(request.getHeaders().get(HttpHeader.TE));
            String trailerNames = trailers ? prefix + "CIMStatusCode, " + prefix + "CIMStatusCodeDescription" : null;
            return new ResponseStream(response, config.responseBufferBytes(), config.maxBufferedResponse(),
                    mayStream && http11, gzip, trailerNames, startNanos);
        }

        /** A whole response holding only ERROR (HTTP 200). */
        void respondError(String messageId, String name, boolean intrinsic, CimException e) {
            status = e.status().symbol();
            if (operation.equals("-")) {
                operation = name;
            }
            ResponseStream body = startResponse(false);
            try {
                CimXmlResponseWriter w = new CimXmlResponseWriter(body.out(), writerOptions);
                w.begin(messageId);
                if (intrinsic) {
                    w.writeIMethodError(name, e);
                } else {
                    w.writeMethodError(name, e);
                }
                w.end();
            } catch (RuntimeException ex) {
                internalFailure(ex);
                return;
            }
            body.finish(completion());
        }
    }

    static boolean acceptsGzip(String acceptEncoding) {
        return tokenAccepted(acceptEncoding, "gzip");
    }

    static boolean acceptsTrailers(String te) {
        return tokenAccepted(te, "trailers");
    }

    /** Whether a comma list of {@code token;q=…} items names the token with a non-zero quality. */
    private static boolean tokenAccepted(String header, String token) {
        if (header == null) {
            return false;
        }
        for (String item : header.split(",")) {
            String[] parts = item.split(";");
            if (!parts[0].trim().equalsIgnoreCase(token)) {
                continue;
            }
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim().toLowerCase(Locale.ROOT);
                if (p.startsWith("q=")) {
                    try {
                        return Double.parseDouble(p.substring(2).trim()) > 0;
                    } catch (NumberFormatException e) {
                        return false;
                    }
                }
            }
            return true;
        }
        return false;
    }
}
