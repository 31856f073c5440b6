package org.replicacim.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import org.replicacim.cim.QualifierDeclaration;
import org.replicacim.codec.CimProtocolException;
import org.replicacim.codec.CimXmlRequestWriter;
import org.replicacim.codec.CimXmlResponseReader;
import org.replicacim.codec.DecodedResponse;
import org.replicacim.codec.Limits;
import org.replicacim.message.IntrinsicRequest;
import org.replicacim.message.IntrinsicRequest.PullOptions;
import org.replicacim.message.InvokeMethodRequest;
import org.replicacim.message.MethodResult;
import org.replicacim.message.OperationRequest;
import org.replicacim.message.ParamValue;
import org.replicacim.message.PullStatus;

/**
 * A small WBEM client: CIM-XML over HTTP/1.1 POST with java.net.http, one typed method per DSP0200 intrinsic operation
 * plus {@link #invokeMethod}. CIM errors (ERROR in a 200 answer) throw {@link CimException}; HTTP errors, broken
 * connections and unreadable answers throw {@link WbemTransportException}. Thread-safe; connections are pooled and
 * kept alive. Class and property names are given as strings; paths without a namespace use the client's default
 * namespace.
 */
public final class WbemClient implements AutoCloseable {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    private final URI endpoint;
    private final String authorization;
    private final Namespace defaultNamespace;
    private final Duration timeout;
    private final HttpClient http;
    private final CimXmlRequestWriter requestWriter = new CimXmlRequestWriter();
    private final CimXmlResponseReader responseReader = new CimXmlResponseReader();
    private final AtomicLong messageIds = new AtomicLong(1000);

    private WbemClient(URI endpoint, Credentials credentials, Namespace defaultNamespace, Duration timeout,
                       javax.net.ssl.SSLContext tls) {
        String path = endpoint.getRawPath();
        this.endpoint = path == null || path.isEmpty() ? endpoint.resolve("/cimom") : endpoint;
        this.authorization = credentials == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (credentials.user() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8));
        this.defaultNamespace = Objects.requireNonNull(defaultNamespace, "defaultNamespace");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10));
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
    }

    /** A client for {@code http://host:port} (path {@code /cimom} added when absent), no credentials, root/cimv2. */
    public static WbemClient connect(URI endpoint) {
        return connect(endpoint, null);
    }

    /** A client sending Basic credentials (null for none) on every request; default namespace root/cimv2. */
    public static WbemClient connect(URI endpoint, Credentials credentials) {
        return connect(endpoint, credentials, Namespace.of("root/cimv2"), DEFAULT_TIMEOUT);
    }

    /** A client with credentials (may be null), a default namespace and a per-request timeout. */
    public static WbemClient connect(URI endpoint, Credentials credentials, Namespace defaultNamespace, Duration timeout) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (!"http".equalsIgnoreCase(endpoint.getScheme()) && !"https".equalsIgnoreCase(endpoint.getScheme())) {
            throw new IllegalArgumentException("WBEM endpoint must be http or https: " + endpoint);
        }
        return new WbemClient(endpoint, credentials, defaultNamespace, timeout, null);
    }

    /**
     * A client for an {@code https} endpoint that trusts the given TLS context (see {@link #trusting(Path)} for a
     * server's self-signed certificate); credentials may be null.
     */
    public static WbemClient connect(URI endpoint, Credentials credentials, Namespace defaultNamespace, Duration timeout,
                                     javax.net.ssl.SSLContext tls) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (!"https".equalsIgnoreCase(endpoint.getScheme())) {
            throw new IllegalArgumentException("a TLS context needs an https endpoint: " + endpoint);
        }
        return new WbemClient(endpoint, credentials, defaultNamespace, timeout, Objects.requireNonNull(tls, "tls"));
    }

    /**
     * A TLS context (TLS 1.2+) that trusts exactly the certificates in a PEM or DER file, such as the
     * {@code https-cert.pem} a server writes into its data directory; host names are still verified.
     */
    public static javax.net.ssl.SSLContext trusting(java.nio.file.Path certificateFile) throws java.io.IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(certificateFile)) {
            java.security.KeyStore trust = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
            trust.load(null, null);
            int n = 0;
            for (java.security.cert.Certificate c : java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificates(in)) {
                trust.setCertificateEntry("cert" + n++, c);
            }
            if (n == 0) {
                throw new java.io.IOException("no certificate in " + certificateFile);
            }
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLSv1.3");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (java.security.GeneralSecurityException e) {
            throw new java.io.IOException("cannot trust " + certificateFile + ": " + e.getMessage(), e);
        }
    }

    /** The endpoint requests go to. */
    public URI endpoint() {
        return endpoint;
    }

    /** The namespace used for paths that carry none. */
    public Namespace defaultNamespace() {
        return defaultNamespace;
    }

    // ---- generic --------------------------------------------------------------------------------------------

    /**
     * Sends any operation request and returns the decoded answer; an ERROR answer throws its CimException. The typed
     * methods below are shortcuts over this one.
     */
    public DecodedResponse execute(OperationRequest request) throws CimException, WbemTransportException {
        String messageId = Long.toString(messageIds.incrementAndGet());
        byte[] body = requestWriter.toBytes(request, messageId);
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/xml; charset=\"utf-8\"")
                .header("CIMProtocolVersion", "1.0")
                .header("CIMOperation", "MethodCall")
                .header("CIMMethod", HeaderEncoding.encode(CimXmlRequestWriter.cimMethod(request)))
                .header("CIMObject", HeaderEncoding.encode(CimXmlRequestWriter.cimObject(request)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new WbemTransportException(0, null, "cannot reach " + endpoint + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WbemTransportException(0, null, "interrupted", e);
        }
        try (InputStream raw = response.body()) {
            int status = response.statusCode();
            if (status != 200) {
                raw.readNBytes(64 * 1024);
                String description = response.headers().firstValue("CIMErrorDescription")
                        .or(() -> response.headers().firstValue("PGErrorDetail")).map(WbemClient::percentDecode)
                        .orElse(null);
                throw new WbemTransportException(status, response.headers().firstValue("CIMError").orElse(null),
                        description, null);
            }
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (!type.regionMatches(true, 0, "application/xml", 0, 15)
                    && !type.regionMatches(true, 0, "text/xml", 0, 8)) {
                throw new WbemTransportException(status, null, "answer is not CIM-XML: Content-Type " + type, null);
            }
            boolean gzip = response.headers().firstValue("Content-Encoding").map(v -> v.equalsIgnoreCase("gzip"))
                    .orElse(false);
            InputStream in = gzip ? new GZIPInputStream(raw) : raw;
            DecodedResponse decoded = responseReader.read(in, Limits.CLIENT);
            if (!messageId.equals(decoded.messageId())) {
                throw new WbemTransportException(status, null, "answer MESSAGE ID " + decoded.messageId()
                        + " does not match request " + messageId, null);
            }
            return decoded.orThrow();
        } catch (CimProtocolException e) {
            throw new WbemTransportException(response.statusCode(), null, "unreadable CIM-XML answer: "
                    + e.getMessage(), e);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new WbemTransportException(response.statusCode(), null,
                    "connection broke while reading the answer: " + e.getMessage(), e);
        }
    }

    private static String percentDecode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** A returned path as the caller can use it again: in the request's namespace when the answer named none. */
    private static ObjectPath located(Namespace ns, ObjectPath p) {
        return p == null || p.namespace() != null ? p : p.withNamespace(ns);
    }

    private static CimInstance located(Namespace ns, CimInstance i) {
        return i.path() == null || i.path().namespace() != null ? i : i.withPath(i.path().withNamespace(ns));
    }

    private static List<CimInstance> locatedInstances(Namespace ns, List<CimInstance> list) {
        List<CimInstance> out = new ArrayList<>(list.size());
        for (CimInstance i : list) {
            out.add(located(ns, i));
        }
        return out;
    }

    private static List<ObjectPath> locatedPaths(Namespace ns, List<ObjectPath> list) {
        List<ObjectPath> out = new ArrayList<>(list.size());
        for (ObjectPath p : list) {
            out.add(located(ns, p));
        }
        return out;
    }

    private Namespace ns(ObjectPath p) {
        return p.namespace() != null ? p.namespace() : defaultNamespace;
    }

    private static CimName name(String n) {
        return n == null ? null : CimName.of(n);
    }

    private static List<CimName> names(List<String> list) {
        if (list == null) {
            return null;
        }
        List<CimName> out = new ArrayList<>(list.size());
        for (String s : list) {
            out.add(CimName.of(s));
        }
        return out;
    }

    private static <T> T single(DecodedResponse r, Class<T> type) throws WbemTransportException {
        if (r.objects().size() != 1) {
            throw new WbemTransportException(200, null, r.name() + " answered " + r.objects().size()
                    + " objects instead of one", null);
        }
        return type.cast(r.objects().get(0).value());
    }

    private static <T> PullResult<T> pull(DecodedResponse r, Class<T> type) throws WbemTransportException {
        PullStatus s = r.pullStatus();
        if (s == null) {
            throw new WbemTransportException(200, null, r.name() + " answered without EndOfSequence", null);
        }
        return new PullResult<>(r.values(type), s.endOfSequence(), s.enumerationContext());
    }

    private static PullOptions max(long maxObjectCount) {
        return new PullOptions(null, null, null, false, maxObjectCount);
    }

    // ---- classes and qualifiers -------------------------------------------------------------------------------

    /** GetClass with all members (LocalOnly false), qualifiers, no class origin. */
    public CimClass getClass(Namespace ns, String className) throws CimException, WbemTransportException {
        return single(execute(new IntrinsicRequest.GetClass(ns, CimName.of(className), false, true, false, null)),
                CimClass.class);
    }

    /** EnumerateClassNames below a class (null: top-level classes), optionally at every depth. */
    public List<CimName> enumerateClassNames(Namespace ns, String className, boolean deepInheritance)
            throws CimException, WbemTransportException {
        return execute(new IntrinsicRequest.EnumerateClassNames(ns, name(className), deepInheritance))
                .values(CimName.class);
    }

    /** EnumerateClasses below a class (null: top-level), with all members and qualifiers. */
    public List<CimClass> enumerateClasses(Namespace ns, String className, boolean deepInheritance)
            throws CimException, WbemTransportException {
        return execute(new IntrinsicRequest.EnumerateClasses(ns, name(className), deepInheritance, false, true, false))
                .values(CimClass.class);
    }

    /** CreateClass. */
    public void createClass(Namespace ns, CimClass newClass) throws CimException, WbemTransportException {
        execute(new IntrinsicRequest.CreateClass(ns, newClass));
    }

    /** ModifyClass. */
    public void modifyClass(Namespace ns, CimClass modifiedClass) throws CimException, WbemTransportException {
        execute(new IntrinsicRequest.ModifyClass(ns, modifiedClass));
    }

    /** DeleteClass. */
    public void deleteClass(Namespace ns, String className) throws CimException, WbemTransportException {
        execute(new IntrinsicRequest.DeleteClass(ns, CimName.of(className)));
    }

    /** GetQualifier (a qualifier declaration). */
    public QualifierDeclaration getQualifier(Namespace ns, String qualifierName)
            throws CimException, WbemTransportException {
        return single(execute(new IntrinsicRequest.GetQualifier(ns, CimName.of(qualifierName))),
                QualifierDeclaration.class);
    }

    /** EnumerateQualifiers. */
    public List<QualifierDeclaration> enumerateQualifiers(Namespace ns) throws CimException, WbemTransportException {
        return execute(new IntrinsicRequest.EnumerateQualifiers(ns)).values(QualifierDeclaration.class);
    }

    /** SetQualifier. */
    public void setQualifier(Namespace ns, QualifierDeclaration declaration) throws CimException, WbemTransportException {
        execute(new IntrinsicRequest.SetQualifier(ns, declaration));
    }

    /** DeleteQualifier. */
    public void deleteQualifier(Namespace ns, String qualifierName) throws CimException, WbemTransportException {
        execute(new IntrinsicRequest.DeleteQualifier(ns, CimName.of(qualifierName)));
    }

    // ---- instances --------------------------------------------------------------------------------------------

    /** GetInstance with all properties. */
    public CimInstance getInstance(ObjectPath path) throws CimException, WbemTransportException {
        return getInstance(path, null);
    }

    /** GetInstance limited to the named properties (null: all, empty: none). */
    public CimInstance getInstance(ObjectPath path, List<String> propertyList)
            throws CimException, WbemTransportException {
        Namespace ns = ns(path);
        CimInstance i = single(execute(new IntrinsicRequest.GetInstance(ns, path.withNamespace(ns), false, false,
                false, names(propertyList))), CimInstance.class);
        return i.path() == null ? i.toBuilder().path(path.withNamespace(ns)).build() : located(ns, i);
    }

    /** EnumerateInstances of a class and its subclasses (DeepInheritance true), each with its path. */
    public List<CimInstance> enumerateInstances(Namespace ns, String className)
            throws CimException, WbemTransportException {
        return locatedInstances(ns, execute(new IntrinsicRequest.EnumerateInstances(ns, CimName.of(className), false,
                true, false, false, null)).values(CimInstance.class));
    }

    /** EnumerateInstanceNames of a class. */
    public List<ObjectPath> enumerateInstanceNames(Namespace ns, String className)
            throws CimException, WbemTransportException {
        return locatedPaths(ns, execute(new IntrinsicRequest.EnumerateInstanceNames(ns, CimName.of(className)))
                .values(ObjectPath.class));
    }

    /** CreateInstance; returns the path of the new instance. */
    public ObjectPath createInstance(Namespace ns, CimInstance newInstance) throws CimException, WbemTransportException {
        return located(ns, single(execute(new IntrinsicRequest.CreateInstance(ns, newInstance)), ObjectPath.class));
    }

    /** ModifyInstance: the instance carries its path; propertyList names the properties to change (null: all). */
    public void modifyInstance(CimInstance modified, List<String> propertyList)
            throws CimException, WbemTransportException {
        ObjectPath p = Objects.requireNonNull(modified.path(), "the modified instance needs its path");
        execute(new IntrinsicRequest.ModifyInstance(ns(p), modified, false, names(propertyList)));
    }

    /** DeleteInstance. */
    public void deleteInstance(ObjectPath path) throws CimException, WbemTransportException {
        execute(new IntrinsicRequest.DeleteInstance(ns(path), path));
    }

    /** GetProperty; the wire carries no type, so the value comes back as a string (array), or null for NULL. */
    public CimValue getProperty(ObjectPath path, String propertyName) throws CimException, WbemTransportException {
        DecodedResponse r = execute(new IntrinsicRequest.GetProperty(ns(path), path, CimName.of(propertyName)));
        return r.objects().isEmpty() ? null : (CimValue) r.objects().get(0).value();
    }

    /** SetProperty (value null: set to NULL). */
    public void setProperty(ObjectPath path, String propertyName, CimValue value)
            throws CimException, WbemTransportException {
        execute(new IntrinsicRequest.SetProperty(ns(path), path, CimName.of(propertyName), value, value != null));
    }

    // ---- associations and queries -----------------------------------------------------------------------------

    /** Associators of an instance, with optional filters (null: no filter), each with its path. */
    public List<CimInstance> associators(ObjectPath objectName, String assocClass, String resultClass, String role,
                                         String resultRole) throws CimException, WbemTransportException {
        return execute(new IntrinsicRequest.Associators(ns(objectName), objectName, name(assocClass),
                name(resultClass), role, resultRole, false, false, null)).values(CimInstance.class);
    }

    /** AssociatorNames of an instance, with optional filters. */
    public List<ObjectPath> associatorNames(ObjectPath objectName, String assocClass, String resultClass, String role,
                                            String resultRole) throws CimException, WbemTransportException {
        return execute(new IntrinsicRequest.AssociatorNames(ns(objectName), objectName, name(assocClass),
                name(resultClass), role, resultRole)).values(ObjectPath.class);
    }

    /** References to an instance (association instances), with optional filters. */
    public List<CimInstance> references(ObjectPath objectName, String resultClass, String role)
            throws CimException, WbemTransportException {
        return execute(new IntrinsicRequest.References(ns(objectName), objectName, name(resultClass), role, false,
                false, null)).values(CimInstance.class);
    }

    /** ReferenceNames of an instance, with optional filters. */
    public List<ObjectPath> referenceNames(ObjectPath objectName, String resultClass, String role)
            throws CimException, WbemTransportException {
        return execute(new IntrinsicRequest.ReferenceNames(ns(objectName), objectName, name(resultClass), role))
                .values(ObjectPath.class);
    }

    /** ExecQuery in a query language such as {@code DMTF:CQL} or {@code WQL}. */
    public List<CimInstance> execQuery(Namespace ns, String queryLanguage, String query)
            throws CimException, WbemTransportException {
        return execute(new IntrinsicRequest.ExecQuery(ns, queryLanguage, query)).values(CimInstance.class);
    }

    // ---- pull operations --------------------------------------------------------------------------------------

    /** OpenEnumerateInstances returning at most maxObjectCount instances now. */
    public PullResult<CimInstance> openEnumerateInstances(Namespace ns, String className, long maxObjectCount)
            throws CimException, WbemTransportException {
        return pull(execute(new IntrinsicRequest.OpenEnumerateInstances(ns, CimName.of(className), true, false, null,
                max(maxObjectCount))), CimInstance.class);
    }

    /** OpenEnumerateInstancePaths. */
    public PullResult<ObjectPath> openEnumerateInstancePaths(Namespace ns, String className, long maxObjectCount)
            throws CimException, WbemTransportException {
        return pull(execute(new IntrinsicRequest.OpenEnumerateInstancePaths(ns, CimName.of(className),
                max(maxObjectCount))), ObjectPath.class);
    }

    /** OpenReferenceInstances of an instance, with optional filters. */
    public PullResult<CimInstance> openReferenceInstances(ObjectPath instance, String resultClass, String role,
                                                          long maxObjectCount)
            throws CimException, WbemTransportException {
        return pull(execute(new IntrinsicRequest.OpenReferenceInstances(ns(instance), instance, name(resultClass), role,
                false, null, max(maxObjectCount))), CimInstance.class);
    }

    /** OpenReferenceInstancePaths of an instance, with optional filters. */
    public PullResult<ObjectPath> openReferenceInstancePaths(ObjectPath instance, String resultClass, String role,
                                                             long maxObjectCount)
            throws CimException, WbemTransportException {
        return pull(execute(new IntrinsicRequest.OpenReferenceInstancePaths(ns(instance), instance, name(resultClass),
                role, max(maxObjectCount))), ObjectPath.class);
    }

    /** OpenAssociatorInstances of an instance, with optional filters. */
    public PullResult<CimInstance> openAssociatorInstances(ObjectPath instance, String assocClass, String resultClass,
                                                           String role, String resultRole, long maxObjectCount)
            throws CimException, WbemTransportException {
        return pull(execute(new IntrinsicRequest.OpenAssociatorInstances(ns(instance), instance, name(assocClass),
                name(resultClass), role, resultRole, false, null, max(maxObjectCount))), CimInstance.class);
    }

    /** OpenAssociatorInstancePaths of an instance, with optional filters. */
    public PullResult<ObjectPath> openAssociatorInstancePaths(ObjectPath instance, String assocClass,
                                                              String resultClass, String role, String resultRole,
                                                              long maxObjectCount)
            throws CimException, WbemTransportException {
        return pull(execute(new IntrinsicRequest.OpenAssociatorInstancePaths(ns(instance), instance, name(assocClass),
                name(resultClass), role, resultRole, max(maxObjectCount))), ObjectPath.class);
    }

    /** OpenQueryInstances (instances without paths). */
    public PullResult<CimInstance> openQueryInstances(Namespace ns, String queryLanguage, String query,
                                                      long maxObjectCount)
            throws CimException, WbemTransportException {
        return pull(execute(new IntrinsicRequest.OpenQueryInstances(ns, queryLanguage, query, false,
                max(maxObjectCount))), CimInstance.class);
    }

    /** PullInstancesWithPath. */
    public PullResult<CimInstance> pullInstancesWithPath(Namespace ns, String context, long maxObjectCount)
            throws CimException, WbemTransportException {
        return pull(execute(new IntrinsicRequest.PullInstancesWithPath(ns, context, maxObjectCount)),
                CimInstance.class);
    }

    /** PullInstancePaths. */
    public PullResult<ObjectPath> pullInstancePaths(Namespace ns, String context, long maxObjectCount)
            throws CimException, WbemTransportException {
        return pull(execute(new IntrinsicRequest.PullInstancePaths(ns, context, maxObjectCount)), ObjectPath.class);
    }

    /** PullInstances (instances without paths, after OpenQueryInstances). */
    public PullResult<CimInstance> pullInstances(Namespace ns, String context, long maxObjectCount)
            throws CimException, WbemTransportException {
        return pull(execute(new IntrinsicRequest.PullInstances(ns, context, maxObjectCount)), CimInstance.class);
    }

    /** CloseEnumeration. */
    public void closeEnumeration(Namespace ns, String context) throws CimException, WbemTransportException {
        execute(new IntrinsicRequest.CloseEnumeration(ns, context));
    }

    /** EnumerationCount: the estimated remaining objects as sent (a string value), or null when unknown. */
    public CimValue enumerationCount(Namespace ns, String context) throws CimException, WbemTransportException {
        DecodedResponse r = execute(new IntrinsicRequest.EnumerationCount(ns, context));
        return r.objects().isEmpty() ? null : (CimValue) r.objects().get(0).value();
    }

    /**
     * Enumerates the instances of a class with OpenEnumerateInstances and PullInstancesWithPath in batches of
     * {@code batchSize}, handing each instance (with its path) to {@code each} as its batch arrives, so that a large
     * enumeration never has to fit into one response; returns the number of instances. If {@code each} throws, the
     * enumeration is closed on the server before the exception propagates.
     */
    public long forEachInstance(Namespace ns, String className, long batchSize, Consumer<CimInstance> each)
            throws CimException, WbemTransportException {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
        PullResult<CimInstance> batch = openEnumerateInstances(ns, className, batchSize);
        long count = 0;
        while (true) {
            try {
                for (CimInstance i : batch.objects()) {
                    each.accept(i);
                    count++;
                }
            } catch (RuntimeException e) {
                if (!batch.endOfSequence()) {
                    try {
                        closeEnumeration(ns, batch.enumerationContext());
                    } catch (CimException | WbemTransportException closing) {
                        e.addSuppressed(closing);
                    }
                }
                throw e;
            }
            if (batch.endOfSequence()) {
                return count;
            }
            batch = pullInstancesWithPath(ns, batch.enumerationContext(), batchSize);
        }
    }

    // ---- extrinsic methods ------------------------------------------------------------------------------------

    /** Invokes an extrinsic method on an instance or class path; the result holds the return value and outputs. */
    public MethodResult invokeMethod(ObjectPath target, String methodName, ParamValue... parameters)
            throws CimException, WbemTransportException {
        Namespace ns = ns(target);
        DecodedResponse r = execute(new InvokeMethodRequest(ns, target, CimName.of(methodName),
                Arrays.asList(parameters)));
        if (r.methodResult() == null) {
            throw new WbemTransportException(200, null, "METHODRESPONSE '" + r.name() + "' without a result", null);
        }
        return r.methodResult();
    }

    /** Releases the HTTP client's resources (on Java 21+ closes pooled connections; on 17 they idle out). */
    @Override
    public void close() {
        if (http instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing pooled connections is best effort
            }
        }
    }
}
