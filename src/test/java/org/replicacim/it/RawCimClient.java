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
import org.replicacim.cim.CimStatus;
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
 * A minimal CIM-XML client for the Block Services and Job Control tests (until the Java WbemClient is merged): the
 * codec's request writer and response reader over java.net.http, every call bounded in time. Paths may carry their
 * namespace (the call then goes there); otherwise the call goes to the storage namespace.
 */
final class RawCimClient {
    static final Namespace STORAGE = Namespace.of("root/cimv2/storage/iscsitarget");
    static final Namespace INTEROP = Namespace.of("root/interop");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;
    private final CimXmlRequestWriter writer = new CimXmlRequestWriter();
    private final CimXmlResponseReader reader = new CimXmlResponseReader();
    private final AtomicLong ids = new AtomicLong();

    RawCimClient(int port) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/cimom");
    }

    private static Namespace ns(ObjectPath p) {
        return p.namespace() == null ? STORAGE : p.namespace();
    }

    private static ObjectPath local(ObjectPath p) {
        return p.withNamespace(null).withHost(null);
    }

    MethodResult invoke(ObjectPath target, String method, List<ParamValue> params) throws Exception {
        return send(new InvokeMethodRequest(ns(target), local(target), CimName.of(method), params)).methodResult();
    }

    CimInstance getInstance(ObjectPath path) throws Exception {
        return send(new IntrinsicRequest.GetInstance(ns(path), local(path), false, false, false, null))
                .values(CimInstance.class).get(0);
    }

    /** The instance, or null when the server answers CIM_ERR_NOT_FOUND. */
    CimInstance getInstanceOrNull(ObjectPath path) throws Exception {
        try {
            return getInstance(path);
        } catch (CimException e) {
            if (e.status() == CimStatus.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    List<CimInstance> enumerateInstances(Namespace ns, String className) throws Exception {
        return send(new IntrinsicRequest.EnumerateInstances(ns, CimName.of(className), false, true, false, false,
                null)).values(CimInstance.class);
    }

    List<ObjectPath> enumerateInstanceNames(Namespace ns, String className) throws Exception {
        return send(new IntrinsicRequest.EnumerateInstanceNames(ns, CimName.of(className))).values(ObjectPath.class);
    }

    List<ObjectPath> associatorNames(ObjectPath object, String assocClass, String resultClass) throws Exception {
        return send(new IntrinsicRequest.AssociatorNames(ns(object), local(object), name(assocClass),
                name(resultClass), null, null)).values(ObjectPath.class);
    }

    List<CimInstance> associators(ObjectPath object, String assocClass, String resultClass) throws Exception {
        return send(new IntrinsicRequest.Associators(ns(object), local(object), name(assocClass), name(resultClass),
                null, null, false, false, null)).values(CimInstance.class);
    }

    List<CimInstance> references(ObjectPath object, String resultClass) throws Exception {
        return send(new IntrinsicRequest.References(ns(object), local(object), name(resultClass), null, false, false,
                null)).values(CimInstance.class);
    }

    void modifyInstance(CimInstance modified, List<String> propertyList) throws Exception {
        send(new IntrinsicRequest.ModifyInstance(ns(modified.path()), modified.withPath(local(modified.path())), false,
                propertyList == null ? null : propertyList.stream().map(CimName::of).toList()));
    }

    void deleteInstance(ObjectPath path) throws Exception {
        send(new IntrinsicRequest.DeleteInstance(ns(path), local(path)));
    }

    private static CimName name(String s) {
        return s == null ? null : CimName.of(s);
    }

    /** DSP0200 §1.5: the CIMObject header is percent-encoded UTF-8 (path punctuation may stay as it is). */
    private static String percentEncoded(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-_.~/:=,".indexOf(c) >= 0)) {
                b.append(c);
            } else {
                b.append('%').append(String.format("%02X", x & 0xff));
            }
        }
        return b.toString();
    }

    private DecodedResponse send(OperationRequest request) throws Exception {
        String id = Long.toString(ids.incrementAndGet());
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Content-Type", "application/xml; charset=\"utf-8\"")
                .header("CIMOperation", "MethodCall")
                .header("CIMMethod", CimXmlRequestWriter.cimMethod(request))
                .header("CIMObject", percentEncoded(CimXmlRequestWriter.cimObject(request)))
                .header("CIMProtocolVersion", "1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(writer.toBytes(request, id))).build();
        HttpResponse<byte[]> rsp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (rsp.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + rsp.statusCode() + " " + rsp.headers().map() + ": "
                    + new String(rsp.body(), StandardCharsets.UTF_8));
        }
        DecodedResponse d = reader.read(new ByteArrayInputStream(rsp.body()), Limits.DEFAULT);
        return d.orThrow();
    }
}
