package org.replicacim.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimProperty;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.cim.QualifierDeclaration;
import org.replicacim.codec.dtd.ErrorElement;
import org.replicacim.codec.dtd.MethodCallElement;
import org.replicacim.codec.dtd.MethodResponseElement;
import org.replicacim.codec.dtd.ParamValueElement;
import org.replicacim.codec.dtd.ValueElement;
import org.replicacim.codec.dtd.ValueInstanceWithPathElement;
import org.replicacim.codec.dtd.ValueObjectWithPathElement;
import org.replicacim.message.ClassWithPath;
import org.replicacim.message.InvokeMethodRequest;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.message.ReturnKind;

/**
 * The direct writer ({@link ModelWriter}) against the JAXB path it replaced ({@link ModelEncoder} elements marshalled
 * into the same {@link CimXmlOutput}): the text must be identical for random instances, classes, paths, qualifier
 * declarations, values, method responses and errors. Seeded and bounded (about 2,000 objects).
 */
class DirectWriterDifferentialTest {
    static final long SEED = 20261207L;
    static final int ROUNDS = 150;
    static final String HOST = "server.example.com";

    private static String jaxb(Object element) {
        CimXmlOutput out = new CimXmlOutput();
        if (element != null) {
            jakarta.xml.bind.Marshaller m = XmlIo.marshaller();
            XmlIo.marshal(m, element, out);
            XmlIo.release(m);
        }
        return out.text();
    }

    private static String direct(Consumer<ModelWriter> write) {
        CimXmlOutput out = new CimXmlOutput();
        write.accept(new ModelWriter(out, HOST));
        return out.text();
    }

    /** The element the response writer marshalled for one returned object before the direct writer. */
    private static Object jaxbElement(ModelEncoder enc, ReturnKind kind, Object o) {
        switch (kind) {
            case CLASS: return enc.cimClass((CimClass) o);
            case CLASS_NAME: return ModelEncoder.className((CimName) o);
            case INSTANCE: return enc.instance((CimInstance) o);
            case NAMED_INSTANCE: return enc.namedInstance((CimInstance) o);
            case INSTANCE_NAME: return enc.instanceName((ObjectPath) o);
            case OBJECT_WITH_PATH: {
                ValueObjectWithPathElement e = new ValueObjectWithPathElement();
                if (o instanceof ClassWithPath cp) {
                    e.path = enc.classPath(cp.path());
                    e.object = enc.cimClass(cp.cimClass());
                } else {
                    CimInstance i = (CimInstance) o;
                    e.path = enc.instancePath(i.path());
                    e.object = enc.instance(i);
                }
                return e;
            }
            case OBJECT_PATH: return enc.objectPath((ObjectPath) o);
            case INSTANCE_WITH_PATH: {
                CimInstance i = (CimInstance) o;
                ValueInstanceWithPathElement e = new ValueInstanceWithPathElement();
                e.instancePath = enc.instancePath(i.path());
                e.instance = enc.instance(i);
                return e;
            }
            case INSTANCE_PATH: return enc.instancePath((ObjectPath) o);
            case QUALIFIER_DECLARATION: return enc.qualifierDeclaration((QualifierDeclaration) o);
            case VALUE: return enc.anyValue((CimValue) o);
            default: throw new IllegalArgumentException(kind.toString());
        }
    }

    private static int compared;

    private static void same(ReturnKind kind, Object o) {
        String old = jaxb(jaxbElement(new ModelEncoder(HOST), kind, o));
        String now = direct(w -> w.returned(kind, o));
        assertEquals(old, now, kind + " (seed " + SEED + ")");
        compared++;
    }

    @Test
    void returnedObjectsMatchTheJaxbPath() {
        RandomModel r = new RandomModel(SEED);
        for (int i = 0; i < ROUNDS; i++) {
            CimInstance withPath = r.instance(2, r.path(2, true), true);
            same(ReturnKind.INSTANCE, r.instance(3, null, true));
            same(ReturnKind.INSTANCE_WITH_PATH, withPath);
            same(ReturnKind.OBJECT_WITH_PATH, withPath);
            same(ReturnKind.NAMED_INSTANCE, r.instance(2, r.path(2, false), true));
            same(ReturnKind.INSTANCE_NAME, r.path(3, false));
            same(ReturnKind.INSTANCE_PATH, r.path(3, true));
            same(ReturnKind.OBJECT_PATH, r.path(3, true));
            same(ReturnKind.OBJECT_PATH, ObjectPath.ofClass(r.namespace(), r.name()).withHost(i % 2 == 0 ? null : "h" + i));
            CimClass c = r.cimClass();
            same(ReturnKind.CLASS, c);
            same(ReturnKind.CLASS_NAME, c.name());
            same(ReturnKind.OBJECT_WITH_PATH, new ClassWithPath(ObjectPath.ofClass(r.namespace(), c.name()), c));
            same(ReturnKind.QUALIFIER_DECLARATION, r.qualifierDeclaration());
            same(ReturnKind.VALUE, randomValue(r));
        }
        assertEquals(13 * ROUNDS, compared - before);
    }

    private static int before;

    @org.junit.jupiter.api.BeforeEach
    void mark() {
        before = compared;
    }

    /** Any value a method or an operation returns: scalars, arrays, references, reference arrays, embedded objects. */
    private static CimValue randomValue(RandomModel r) {
        switch (r.random().nextInt(7)) {
            case 0: return CimValue.reference(r.path(2, r.random().nextBoolean()));
            case 1: {
                List<Object> refs = new ArrayList<>();
                for (int k = r.random().nextInt(4); k > 0; k--) {
                    refs.add(r.random().nextInt(4) == 0 ? null : r.path(1, r.random().nextBoolean()));
                }
                return CimValue.array(CimType.REFERENCE, refs);
            }
            case 2: return CimValue.embedded(CimValue.Embedded.INSTANCE, r.embedded(2));
            case 3: return CimValue.embeddedArray(CimValue.Embedded.OBJECT, List.of(r.embedded(1), r.cimClass()));
            case 4: return CimValue.embedded(CimValue.Embedded.OBJECT, r.cimClass());
            default: return r.value(r.valueType(), r.random().nextBoolean());
        }
    }

    private static CimValue randomScalar(RandomModel r) {
        switch (r.random().nextInt(4)) {
            case 0: return CimValue.reference(r.path(2, r.random().nextBoolean()));
            case 1: return CimValue.embedded(CimValue.Embedded.INSTANCE, r.embedded(2));
            default: return r.value(r.valueType(), false);
        }
    }

    @Test
    void methodResponsesMatchTheJaxbPath() {
        RandomModel r = new RandomModel(SEED + 1);
        for (int i = 0; i < ROUNDS; i++) {
            List<ParamValue> outs = new ArrayList<>();
            for (CimName n : r.names(r.random().nextInt(5))) {
                outs.add(new ParamValue(n, randomValue(r), r.random().nextInt(4) != 0));
            }
            MethodResult result = new MethodResult(randomScalar(r), outs);
            ModelEncoder enc = new ModelEncoder(HOST);
            MethodResponseElement m = new MethodResponseElement();
            m.name = "Method" + i;
            m.returnValue = enc.returnValue(result.returnValue());
            for (ParamValue p : result.outParameters()) {
                if (!p.value().isNull()) {
                    m.params.add(enc.paramValue(p));
                }
            }
            String name = m.name;
            assertEquals(jaxb(m), direct(w -> w.methodResponse(name, result)), "seed " + SEED);
            for (ParamValue p : outs) {
                assertEquals(jaxb(enc.paramValue(p)), direct(w -> w.paramValue(p)), "seed " + SEED);
            }
        }
    }

    @Test
    void methodCallRequestsMatchTheJaxbPath() {
        RandomModel r = new RandomModel(SEED + 3);
        CimXmlRequestWriter writer = new CimXmlRequestWriter();
        for (int i = 0; i < ROUNDS / 3; i++) {
            List<ParamValue> in = new ArrayList<>();
            for (CimName n : r.names(r.random().nextInt(5))) {
                in.add(new ParamValue(n, randomValue(r), r.random().nextInt(4) != 0));
            }
            ObjectPath target = r.random().nextBoolean() ? r.path(2, false) : ObjectPath.builder(r.name()).build();
            InvokeMethodRequest req = new InvokeMethodRequest(r.namespace(), target, r.name(), in);
            ModelEncoder enc = new ModelEncoder(null);
            MethodCallElement e = new MethodCallElement();
            e.name = req.methodName().value();
            ObjectPath t = req.target().withNamespace(req.namespace());
            e.path = t.isClassPath() ? ModelEncoder.localClassPath(t) : enc.localInstancePath(t);
            for (ParamValue p : in) {
                e.params.add(enc.paramValue(p));
            }
            String expected = CimXmlOutput.DECLARATION + "<CIM CIMVERSION=\"" + Envelope.CIM_VERSION + "\" DTDVERSION=\""
                    + Envelope.DTD_VERSION + "\"><MESSAGE ID=\"m" + i + "\" PROTOCOLVERSION=\"" + Envelope.PROTOCOL_VERSION
                    + "\"><SIMPLEREQ>" + jaxb(e) + "</SIMPLEREQ></MESSAGE></CIM>";
            assertEquals(expected, new String(writer.toBytes(req, "m" + i), java.nio.charset.StandardCharsets.UTF_8),
                    "seed " + SEED);
        }
    }

    @Test
    void errorsAndOutputParametersMatchTheJaxbPath() {
        RandomModel r = new RandomModel(SEED + 2);
        CimStatus[] statuses = CimStatus.values();
        for (int i = 0; i < ROUNDS; i++) {
            String description = switch (i % 4) {
                case 0 -> null;
                case 1 -> "";
                case 2 -> "CIM_ERR_FAILED: " + r.string();
                default -> r.string();
            };
            List<CimInstance> errors = List.of(r.instance(1, null, true));
            CimException e = new CimException(statuses[i % statuses.length], description, errors, null);
            boolean withInstances = i % 3 != 0;
            ModelEncoder enc = new ModelEncoder(HOST);
            ErrorElement err = CimXmlResponseWriter.error(e, enc, withInstances);
            assertEquals(jaxb(err), direct(w -> w.error(e, withInstances)), "seed " + SEED);
            MethodResponseElement m = new MethodResponseElement();
            m.name = "M";
            m.error = err;
            assertEquals(jaxb(m), direct(w -> w.methodError("M", e, withInstances)), "seed " + SEED);

            String context = i % 5 == 0 ? null : r.string();
            ParamValueElement p = new ParamValueElement();
            p.name = "EnumerationContext";
            p.paramType = "string";
            ValueElement v = new ValueElement();
            v.text = context;
            p.content = v;
            assertEquals(jaxb(p), direct(w -> w.paramValue("EnumerationContext", "string", context)));
            CimClass c = r.cimClass();
            ParamValueElement q = new ParamValueElement();
            q.name = "QueryResultClass";
            q.paramType = "object";
            q.content = enc.cimClass(c);
            assertEquals(jaxb(q), direct(w -> w.classParamValue("QueryResultClass", c)));
        }
    }

    private static byte[] response(List<CimInstance> objects) {
        java.io.ByteArrayOutputStream bo = new java.io.ByteArrayOutputStream();
        CimXmlResponseWriter w = new CimXmlResponseWriter(bo);
        w.begin("1");
        w.beginIMethodResponse("EnumerateInstances");
        w.beginReturnValue();
        for (CimInstance i : objects) {
            try {
                w.write(ReturnKind.INSTANCE, i);
            } catch (IllegalArgumentException expected) {
                // the bad instance: written partly, then taken back
            }
        }
        w.endReturnValue();
        w.endIMethodResponse();
        w.end();
        return bo.toByteArray();
    }

    @Test
    void anObjectThatFailsToEncodeLeavesNoTrace() {
        RandomModel r = new RandomModel(SEED + 4);
        CimInstance good = r.instance(1, null, true);
        CimInstance bad = CimInstance.builder(CimName.of("X_Bad"))
                .property(CimProperty.of(CimName.of("S"), CimValue.string("written before the failure")))
                .property(new CimProperty(CimName.of("Refs"), CimType.REFERENCE, true, null, null,
                        CimValue.nullValue(CimType.REFERENCE, true), List.of(), null, false, CimValue.Embedded.NONE))
                .build();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> direct(w -> w.instance(bad)));
        org.junit.jupiter.api.Assertions.assertArrayEquals(response(List.of(good, good)), response(List.of(bad, good, bad, good, bad)));
        org.junit.jupiter.api.Assertions.assertArrayEquals(response(List.of()), response(List.of(bad)));
    }

    @Test
    void everyEscapeRuleMatchesTheJaxbPath() {
        // characters XML cannot carry, lone surrogates, CR/LF/TAB, markup characters, in text, attributes and keys
        String nasty = "a\u0001b\u0008c\u000Bd\u001Fe\uFFFEf\uFFFFg\uD800h\uDC00i\uD834\uDD1Ej\r\n\t&<>\"'k\u0085\u2028";
        ObjectPath path = ObjectPath.builder(CimName.of("X_Thing")).namespace(org.replicacim.cim.Namespace.of("root/cimv2"))
                .host(nasty).key(CimName.of("Id"), CimValue.string(nasty)).key(CimName.of("C"), CimValue.char16('\r'))
                .build();
        CimInstance i = CimInstance.builder(CimName.of("X_Thing")).path(path)
                .property(CimProperty.of(CimName.of("S"), CimValue.string(nasty)))
                .property(CimProperty.of(CimName.of("A"), CimValue.stringArray(nasty, "", nasty)))
                .property(CimProperty.of(CimName.of("E"), CimValue.embedded(CimValue.Embedded.INSTANCE,
                        CimInstance.builder(CimName.of("X_Inner")).property(CimProperty.of(CimName.of("T"), CimValue.string(nasty))).build())))
                .build();
        same(ReturnKind.INSTANCE_WITH_PATH, i);
        same(ReturnKind.NAMED_INSTANCE, i.withPath(path.local()));
        CimException e = new CimException(CimStatus.FAILED, nasty);
        assertEquals(jaxb(CimXmlResponseWriter.error(e, new ModelEncoder(HOST), false)), direct(w -> w.error(e, false)));
        assertEquals(new ModelEncoder(null).embeddedText(i), EmbeddedObjects.format(i));
    }
}
