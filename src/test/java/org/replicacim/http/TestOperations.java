package org.replicacim.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimProperty;
import org.replicacim.cim.CimQualifier;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.Flavors;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import org.replicacim.cim.QualifierDeclaration;
import org.replicacim.cim.Scope;
import org.replicacim.message.IntrinsicRequest;
import org.replicacim.message.InvokeMethodRequest;
import org.replicacim.message.MethodResult;
import org.replicacim.message.OperationRequest;
import org.replicacim.message.ParamValue;
import org.replicacim.message.PullStatus;
import org.replicacim.message.ReturnKind;
import org.replicacim.operation.CimOperations;
import org.replicacim.provider.OperationContext;
import org.replicacim.provider.ResultSink;

/**
 * A small in-memory CimOperations for HTTP, client and benchmark tests. Instances live in a map keyed by path; a few
 * class names trigger canned behaviour: {@code T_Many} (EnumerateInstances returns {@link #manyCount} instances),
 * {@code T_FailLate} (600 instances, then CIM_ERR_FAILED), {@code T_FailEarly} (CIM_ERR_INVALID_CLASS before any
 * object), {@code T_Boom} (a RuntimeException naming a file path). Methods: {@code Echo} (returns 0 and echoes its
 * input parameters), {@code Later} (completes on another thread), {@code Fail} (CIM_ERR_METHOD_NOT_AVAILABLE),
 * {@code Boom} (a failed stage with a RuntimeException), {@code Throw} (throws at once). Other intrinsic operations
 * return one canned object of their return kind.
 */
public final class TestOperations implements CimOperations {
    /** How many instances EnumerateInstances of {@code T_Many} returns. */
    public volatile int manyCount = 1000;
    /** The last request received. */
    public volatile OperationRequest last;
    /** The last context received. */
    public volatile OperationContext lastContext;

    private final Map<String, CimInstance> store = new ConcurrentSkipListMap<>();
    private final Map<String, CimInstance> many = new ConcurrentHashMap<>();

    private static String key(ObjectPath p) {
        return p.local().toString().toLowerCase(java.util.Locale.ROOT);
    }

    /** Stores an instance under its path. */
    public void put(CimInstance instance) {
        store.put(key(instance.path()), instance);
    }

    /** A synthetic volume-like instance. */
    public static CimInstance instance(Namespace ns, String className, String id) {
        ObjectPath p = ObjectPath.builder(className).namespace(ns).key("DeviceID", id)
                .key("SystemName", "array1").build();
        return CimInstance.builder(className).path(p)
                .property("DeviceID", CimValue.string(id))
                .property("SystemName", CimValue.string("array1"))
                .property("ElementName", CimValue.string("volume " + id + " <db & logs>"))
                .property("BlockSize", CimValue.uint64(512))
                .property("NumberOfBlocks", CimValue.uint64(2_097_152))
                .property("OperationalStatus", CimValue.uint16Array(2))
                .property("Primordial", CimValue.bool(false))
                .build();
    }

    /** A small class. */
    public static CimClass cimClass(CimName name) {
        CimQualifier key = CimQualifier.flag("Key");
        return CimClass.builder(name)
                .property(CimProperty.declaration(CimName.of("DeviceID"), CimType.STRING, false, null, List.of(key)))
                .property(CimProperty.declaration(CimName.of("ElementName"), CimType.STRING, false, null, List.of()))
                .build();
    }

    private static QualifierDeclaration qualifier(CimName name) {
        return new QualifierDeclaration(name, CimType.BOOLEAN, false, null, CimValue.bool(false),
                Set.of(Scope.PROPERTY), new Flavors(false, true, false));
    }

    @Override
    public PullStatus execute(OperationContext ctx, IntrinsicRequest request, ResultSink<Object> out)
            throws CimException {
        last = request;
        lastContext = ctx;
        Namespace ns = request.namespace();
        if (request instanceof IntrinsicRequest.EnumerateInstances e) {
            String cls = e.className().value();
            switch (cls) {
                case "T_Many":
                    emitMany(ns, cls, manyCount, out);
                    return null;
                case "T_FailLate":
                    emitMany(ns, cls, 600, out);
                    throw new CimException(CimStatus.FAILED, "backend volume unavailable");
                case "T_FailEarly":
                    throw new CimException(CimStatus.INVALID_CLASS, "class T_FailEarly does not exist");
                case "T_Boom":
                    throw new IllegalStateException("cannot open /var/lib/replicacim/secret.db");
                default:
                    for (CimInstance i : byClass(e.className())) {
                        out.accept(i);
                    }
                    return null;
            }
        }
        if (request instanceof IntrinsicRequest.EnumerateInstanceNames e) {
            for (CimInstance i : byClass(e.className())) {
                out.accept(i.path());
            }
            return null;
        }
        if (request instanceof IntrinsicRequest.GetInstance g) {
            CimInstance i = store.get(key(g.instanceName().withNamespace(ns)));
            if (i == null) {
                throw new CimException(CimStatus.NOT_FOUND, "no instance " + g.instanceName());
            }
            out.accept(i);
            return null;
        }
        if (request instanceof IntrinsicRequest.CreateInstance c) {
            CimInstance ni = c.newInstance();
            ObjectPath p = ni.path() != null ? ni.path().withNamespace(ns) : ObjectPath.builder(ni.className())
                    .namespace(ns).key("DeviceID", String.valueOf(ni.property("DeviceID").value().value()))
                    .key("SystemName", "array1").build();
            if (store.putIfAbsent(key(p), ni.toBuilder().path(p).build()) != null) {
                throw new CimException(CimStatus.ALREADY_EXISTS, "instance exists: " + p);
            }
            out.accept(p);
            return null;
        }
        if (request instanceof IntrinsicRequest.DeleteInstance d) {
            if (store.remove(key(d.instanceName().withNamespace(ns))) == null) {
                throw new CimException(CimStatus.NOT_FOUND, "no instance " + d.instanceName());
            }
            return null;
        }
        if (request instanceof IntrinsicRequest.OpenEnumerateInstances o) {
            emitMany(ns, o.className().value(), (int) Math.min(o.options().maxObjectCount(), 10), out);
            return new PullStatus(false, "ctx-1");
        }
        if (request instanceof IntrinsicRequest.PullInstancesWithPath p) {
            emitMany(ns, "T_Many", (int) Math.min(p.maxObjectCount(), 3), out);
            return new PullStatus(true, "");
        }
        return canned(request, out);
    }

    private PullStatus canned(IntrinsicRequest request, ResultSink<Object> out) throws CimException {
        Namespace ns = request.namespace();
        CimInstance one = instance(ns, "T_Canned", "c1");
        ReturnKind kind = request.returnKind();
        switch (kind) {
            case CLASS -> out.accept(cimClass(CimName.of("T_Canned")));
            case CLASS_NAME -> out.accept(CimName.of("T_Canned"));
            case INSTANCE, NAMED_INSTANCE, OBJECT_WITH_PATH, INSTANCE_WITH_PATH -> out.accept(one);
            case INSTANCE_NAME, INSTANCE_PATH, OBJECT_PATH -> out.accept(one.path());
            case QUALIFIER_DECLARATION -> out.accept(qualifier(CimName.of("Key")));
            case VALUE -> out.accept(CimValue.string("42"));
            case NONE -> { }
            default -> throw new CimException(CimStatus.NOT_SUPPORTED, kind.name());
        }
        String op = request.operationName();
        if (op.startsWith("Open")) {
            return new PullStatus(false, "ctx-1");
        }
        if (op.startsWith("Pull")) {
            return new PullStatus(true, "");
        }
        return null;
    }

    private List<CimInstance> byClass(CimName cls) {
        List<CimInstance> found = new ArrayList<>();
        for (CimInstance i : store.values()) {
            if (i.className().equals(cls)) {
                found.add(i);
            }
        }
        return Collections.unmodifiableList(found);
    }

    private void emitMany(Namespace ns, String cls, int count, ResultSink<Object> out) throws CimException {
        for (int i = 0; i < count; i++) {
            String id = cls + "/" + ns.value() + "/" + i;
            CimInstance inst = many.computeIfAbsent(id, k -> instance(ns, cls, "vol-" + k.hashCode() + "-" + k.length()));
            out.accept(inst);
        }
    }

    @Override
    public CompletionStage<MethodResult> invokeMethod(OperationContext ctx, InvokeMethodRequest request) {
        last = request;
        lastContext = ctx;
        String m = request.methodName().value();
        switch (m) {
            case "Echo": {
                List<ParamValue> outs = new ArrayList<>();
                for (ParamValue p : request.parameters()) {
                    outs.add(new ParamValue(p.name(), p.value(), true));
                }
                return CompletableFuture.completedFuture(new MethodResult(CimValue.uint32(0), outs));
            }
            case "Later":
                return CompletableFuture.supplyAsync(() -> new MethodResult(CimValue.uint32(4096), List.of()),
                        CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
            case "Fail":
                return CompletableFuture.failedFuture(
                        new CimException(CimStatus.METHOD_NOT_AVAILABLE, "method Fail is not available"));
            case "Boom":
                return CompletableFuture.failedFuture(new IllegalStateException("NPE in /opt/replicacim/Secret.java:42"));
            case "Throw":
                throw new IllegalArgumentException("thrown straight from invokeMethod /etc/passwd");
            default:
                return CompletableFuture.failedFuture(
                        new CimException(CimStatus.METHOD_NOT_FOUND, "no method " + m));
        }
    }
}
