package org.replicacim.it;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import org.replicacim.codec.CimXmlRequestWriter;
import org.replicacim.codec.CimXmlResponseReader;
import org.replicacim.codec.DecodedResponse;
import org.replicacim.codec.Limits;
import org.replicacim.message.IntrinsicRequest;
import org.replicacim.message.InvokeMethodRequest;
import org.replicacim.message.MethodResult;
import org.replicacim.message.OperationRequest;
import org.replicacim.message.ParamValue;

/**
 * A small CIM-XML client for the tests (until the Java WbemClient is merged): the codec's request writer and
 * response reader over java.net.http, one namespace, with a bounded time per call.
 */
public final class CimHttp {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;
    private final Namespace namespace;
    private final CimXmlRequestWriter writer = new CimXmlRequestWriter();
    private final CimXmlResponseReader reader = new CimXmlResponseReader();
    private final AtomicLong ids = new AtomicLong();
    private final Duration timeout;

    public CimHttp(int port, Namespace namespace, Duration timeout) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/cimom");
        this.namespace = namespace;
        this.timeout = timeout;
    }

    Namespace namespace() {
        return namespace;
    }

    public MethodResult invoke(ObjectPath target, String method, List<ParamValue> params) throws Exception {
        return send(new InvokeMethodRequest(namespace, target.withNamespace(null).withHost(null), CimName.of(method),
                params)).methodResult();
    }

    public CimInstance getInstance(ObjectPath path) throws Exception {
        return send(new IntrinsicRequest.GetInstance(namespace, path.withNamespace(null).withHost(null), false,
                false, false, null)).values(CimInstance.class).get(0);
    }

    public List<CimInstance> enumerateInstances(String className) throws Exception {
        return send(new IntrinsicRequest.EnumerateInstances(namespace, CimName.of(className), false, true, false,
                false, null)).values(CimInstance.class);
    }

    public List<ObjectPath> enumerateInstanceNames(String className) throws Exception {
        return send(new IntrinsicRequest.EnumerateInstanceNames(namespace, CimName.of(className)))
                .values(ObjectPath.class);
    }

    public List<CimInstance> references(ObjectPath object, String resultClass, String role) throws Exception {
        return send(new IntrinsicRequest.References(namespace, object.withNamespace(null).withHost(null),
                resultClass == null ? null : CimName.of(resultClass), role, false, false, null))
                .values(CimInstance.class);
    }

    /** Calls a method and returns the size of the response body without decoding it (server-side timing). */
    public int invokeUndecoded(ObjectPath target, String method, List<ParamValue> params) throws Exception {
        return exchange(new InvokeMethodRequest(namespace, target.withNamespace(null).withHost(null),
                CimName.of(method), params)).length;
    }

    private DecodedResponse send(OperationRequest request) throws Exception {
        DecodedResponse d = reader.read(new ByteArrayInputStream(exchange(request)), Limits.DEFAULT);
        if (d.isError()) {
            throw d.error();
        }
        return d;
    }

    private byte[] exchange(OperationRequest request) throws Exception {
        String id = Long.toString(ids.incrementAndGet());
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/xml; charset=\"utf-8\"")
                .header("CIMOperation", "MethodCall")
                .header("CIMMethod", CimXmlRequestWriter.cimMethod(request))
                .header("CIMObject", percent(CimXmlRequestWriter.cimObject(request)))
                .header("CIMProtocolVersion", "1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(writer.toBytes(request, id))).build();
        HttpResponse<byte[]> rsp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (rsp.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + rsp.statusCode() + " " + rsp.headers().map() + ": "
                    + new String(rsp.body(), StandardCharsets.UTF_8));
        }
        return rsp.body();
    }

    private static String percent(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.~/:=,".indexOf(c) >= 0) {
                b.append(c);
            } else {
                b.append('%').append(String.format("%02X", x & 0xff));
            }
        }
        return b.toString();
    }

    /** Whether a failure is the CIM error with this status. */
    static boolean is(Exception e, org.replicacim.cim.CimStatus status) {
        return e instanceof CimException c && c.status() == status;
    }
}
