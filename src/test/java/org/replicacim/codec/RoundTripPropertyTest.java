package org.replicacim.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.ObjectPath;
import org.replicacim.cim.QualifierDeclaration;
import org.replicacim.message.ClassWithPath;
import org.replicacim.message.IntrinsicRequest;
import org.replicacim.message.ReturnKind;

/**
 * model → XML → model is the identity for randomly generated instances (with embedded instances and reference keys),
 * classes, qualifier declarations and paths, through the response writer/reader and the request writer/reader.
 * The generator is seeded, so a failure names a reproducible seed.
 */
class RoundTripPropertyTest {
    static final long SEED = 20251125L;
    static final int ROUNDS = 300;

    static List<DecodedResponse.Returned> roundTrip(ReturnKind kind, List<?> objects) throws Exception {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        CimXmlResponseWriter w = new CimXmlResponseWriter(bo);
        w.begin("1");
        w.beginIMethodResponse("X");
        w.beginReturnValue();
        for (Object o : objects) {
            w.write(kind, o);
        }
        w.endReturnValue();
        w.endIMethodResponse();
        w.end();
        return new CimXmlResponseReader().read(new ByteArrayInputStream(bo.toByteArray()), Limits.DEFAULT).objects();
    }

    static <T> void check(ReturnKind kind, List<T> objects) throws Exception {
        List<DecodedResponse.Returned> back = roundTrip(kind, objects);
        assertEquals(objects.size(), back.size());
        for (int i = 0; i < objects.size(); i++) {
            assertEquals(objects.get(i), back.get(i).value(), "object " + i + " of kind " + kind + " (seed " + SEED + ")");
            assertEquals(kind, back.get(i).kind());
        }
    }

    @Test
    void instancesWithPaths() throws Exception {
        RandomModel r = new RandomModel(SEED);
        List<CimInstance> all = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            all.add(r.instance(2, r.path(2, true), false));
        }
        check(ReturnKind.INSTANCE_WITH_PATH, all);
        check(ReturnKind.OBJECT_WITH_PATH, all);
    }

    @Test
    void instancesWithQualifiersAndEmbeddedObjects() throws Exception {
        RandomModel r = new RandomModel(SEED + 1);
        List<CimInstance> all = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            all.add(r.instance(3, null, true));
        }
        check(ReturnKind.INSTANCE, all);
    }

    @Test
    void namedInstancesHaveLocalPaths() throws Exception {
        RandomModel r = new RandomModel(SEED + 2);
        List<CimInstance> all = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            all.add(r.instance(1, r.path(2, false), false));
        }
        check(ReturnKind.NAMED_INSTANCE, all);
    }

    @Test
    void paths() throws Exception {
        RandomModel r = new RandomModel(SEED + 3);
        List<ObjectPath> full = new ArrayList<>();
        List<ObjectPath> local = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            full.add(r.path(3, true));
            local.add(r.path(3, false));
        }
        check(ReturnKind.INSTANCE_PATH, full);
        check(ReturnKind.OBJECT_PATH, full);
        check(ReturnKind.INSTANCE_NAME, local);
    }

    @Test
    void classesAndQualifierDeclarations() throws Exception {
        RandomModel r = new RandomModel(SEED + 4);
        List<CimClass> classes = new ArrayList<>();
        List<ClassWithPath> withPaths = new ArrayList<>();
        List<QualifierDeclaration> decls = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            CimClass c = r.cimClass();
            classes.add(c);
            withPaths.add(new ClassWithPath(ObjectPath.ofClass(r.namespace(), c.name()).withHost("h"), c));
            decls.add(r.qualifierDeclaration());
        }
        check(ReturnKind.CLASS, classes);
        check(ReturnKind.OBJECT_WITH_PATH, withPaths);
        check(ReturnKind.QUALIFIER_DECLARATION, decls);
    }

    @Test
    void requestsCarryingModelObjects() throws Exception {
        RandomModel r = new RandomModel(SEED + 5);
        CimXmlRequestWriter writer = new CimXmlRequestWriter();
        CimXmlRequestReader reader = new CimXmlRequestReader();
        for (int i = 0; i < ROUNDS / 3; i++) {
            List<IntrinsicRequest> requests = List.of(
                    new IntrinsicRequest.CreateInstance(r.namespace(), r.instance(2, null, false)),
                    new IntrinsicRequest.ModifyInstance(r.namespace(), r.instance(2, r.path(2, false), false), r.random().nextBoolean(), null),
                    new IntrinsicRequest.CreateClass(r.namespace(), r.cimClass()),
                    new IntrinsicRequest.SetQualifier(r.namespace(), r.qualifierDeclaration()),
                    new IntrinsicRequest.GetInstance(r.namespace(), r.path(3, false), false, false, false, null));
            for (IntrinsicRequest req : requests) {
                DecodedRequest d = reader.read(new ByteArrayInputStream(writer.toBytes(req, "m" + i)), Limits.DEFAULT);
                assertEquals(req, d.request(), "seed " + SEED);
                assertEquals("m" + i, d.messageId());
            }
        }
    }
}
