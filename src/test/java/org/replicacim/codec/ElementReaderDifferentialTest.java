package org.replicacim.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.replicacim.codec.dtd.CimElement;
import org.replicacim.codec.dtd.Dtd;
import org.replicacim.message.IntrinsicRequest;

/**
 * The element reader accepts and refuses exactly what the JAXB unmarshaller it replaced did ({@link JaxbUnmarshal}):
 * for the golden wire documents, seeded random requests, hand-written edge cases and seeded mutations of the golden
 * documents, both give equal element trees or faults of the same class (protocol error or CIM status).
 */
class ElementReaderDifferentialTest {
    static final long SEED = 20261207L;
    static final int MUTATIONS_PER_DOCUMENT = 40;
    static final Limits TIGHT = new Limits(1 << 20, 6, 40, 12, 2);

    /** The outcome of one parse: the element tree written out, or the fault's class. */
    static String outcome(boolean jaxb, byte[] doc, Limits limits, Class<?> root) {
        try {
            Object o = jaxb ? JaxbUnmarshal.unmarshal(new ByteArrayInputStream(doc), limits, root)
                    : XmlIo.unmarshal(new ByteArrayInputStream(doc), limits, root);
            StringBuilder sb = new StringBuilder();
            tree(o, sb, "");
            return sb.toString();
        } catch (CodecFault f) {
            return "fault " + (f.isProtocol() ? f.protocolError : f.status);
        }
    }

    static void tree(Object o, StringBuilder sb, String indent) {
        if (o == null || o instanceof String) {
            sb.append(o == null ? "null" : '"' + ((String) o) + '"').append('\n');
            return;
        }
        if (o instanceof List<?> list) {
            sb.append("[\n");
            for (Object item : list) {
                sb.append(indent).append("  - ");
                tree(item, sb, indent + "    ");
            }
            sb.append(indent).append("]\n");
            return;
        }
        sb.append(o.getClass().getSimpleName()).append('\n');
        for (Field f : o.getClass().getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            sb.append(indent).append("  ").append(f.getName()).append(" = ");
            try {
                tree(f.get(o), sb, indent + "  ");
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
    }

    static void same(byte[] doc, Limits limits, Class<?> root, String what) {
        String old = outcome(true, doc, limits, root);
        String now = outcome(false, doc, limits, root);
        assertEquals(old, now, what + "\n" + new String(doc, StandardCharsets.UTF_8));
    }

    static void same(String doc, String what) {
        byte[] b = doc.getBytes(StandardCharsets.UTF_8);
        same(b, Limits.DEFAULT, Object.class, what);
        same(b, Limits.DEFAULT, CimElement.class, what + " (root CIM)");
        same(b, TIGHT, Object.class, what + " (tight limits)");
    }

    static List<Path> goldenDocuments() throws Exception {
        try (Stream<Path> s = Files.walk(Path.of("src/test/resources/wire"))) {
            return s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
    }

    @Test
    void goldenDocumentsGiveEqualTrees() throws Exception {
        List<Path> docs = goldenDocuments();
        assertTrue(docs.size() >= 37 * 2, "golden documents found: " + docs.size());
        for (Path p : docs) {
            byte[] b = Files.readAllBytes(p);
            String old = outcome(true, b, Limits.DEFAULT, Object.class);
            assertTrue(!old.startsWith("fault"), p + " parses: " + old);
            same(b, Limits.DEFAULT, Object.class, p.toString());
            same(b, TIGHT, Object.class, p + " (tight limits)");
        }
    }

    @Test
    void randomRequestsGiveEqualTrees() {
        RandomModel r = new RandomModel(SEED);
        CimXmlRequestWriter writer = new CimXmlRequestWriter();
        for (int i = 0; i < 100; i++) {
            List<IntrinsicRequest> requests = List.of(
                    new IntrinsicRequest.CreateInstance(r.namespace(), r.instance(2, null, true)),
                    new IntrinsicRequest.ModifyInstance(r.namespace(), r.instance(2, r.path(2, false), false), r.random().nextBoolean(), null),
                    new IntrinsicRequest.CreateClass(r.namespace(), r.cimClass()),
                    new IntrinsicRequest.SetQualifier(r.namespace(), r.qualifierDeclaration()),
                    new IntrinsicRequest.GetInstance(r.namespace(), r.path(3, false), false, false, false, null));
            for (IntrinsicRequest req : requests) {
                same(writer.toBytes(req, "m" + i), Limits.DEFAULT, Object.class, "random request " + i);
            }
        }
    }

    @Test
    void edgeCasesBehaveAsJaxbDid() {
        String head = "<?xml version=\"1.0\" encoding=\"utf-8\"?><CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"1\" PROTOCOLVERSION=\"1.0\"><SIMPLEREQ>";
        String call = "<IMETHODCALL NAME=\"GetInstance\"><LOCALNAMESPACEPATH><NAMESPACE NAME=\"root\"/></LOCALNAMESPACEPATH>";
        String tail = "</IMETHODCALL></SIMPLEREQ></MESSAGE></CIM>";
        String[] params = {
            "<IPARAMVALUE NAME=\"A\"><VALUE></VALUE></IPARAMVALUE>",
            "<IPARAMVALUE NAME=\"A\"><VALUE/></IPARAMVALUE>",
            "<IPARAMVALUE NAME=\"A\"><VALUE>  </VALUE></IPARAMVALUE>",
            "<IPARAMVALUE NAME=\"A\"><VALUE> a <!-- c --> b <![CDATA[<x>]]> &amp;&lt;&#233;</VALUE></IPARAMVALUE>",
            "<IPARAMVALUE NAME=\"A\"><VALUE>a<?pi x?>b</VALUE></IPARAMVALUE>",
            "<IPARAMVALUE NAME=\"A\">stray text<VALUE>v</VALUE>more</IPARAMVALUE>",
            "<IPARAMVALUE NAME=\"A\"><VALUE>v<CLASSNAME NAME=\"X\"/></VALUE></IPARAMVALUE>",
            "<IPARAMVALUE NAME=\"A\"><VALUE>1</VALUE><VALUE>2</VALUE></IPARAMVALUE>",
            "<IPARAMVALUE NAME=\"A\"><VALUE>1</VALUE><CLASSNAME NAME=\"C\"/></IPARAMVALUE>",
            "<IPARAMVALUE NAME=\"A\"><VALUE.ARRAY><VALUE>1</VALUE><VALUE.NULL/><VALUE>3</VALUE></VALUE.ARRAY></IPARAMVALUE>",
            "<IPARAMVALUE NAME=\"A\"><VALUE.ARRAY><VALUE.NULL>x</VALUE.NULL></VALUE.ARRAY></IPARAMVALUE>",
            "<IPARAMVALUE NAME=\"A\"><VALUE.ARRAY><VALUE.NULL><VALUE/></VALUE.NULL></VALUE.ARRAY></IPARAMVALUE>",
            "<IPARAMVALUE NAME=\"A\"><CLASS NAME=\"C\"><QUALIFIER NAME=\"q\" TYPE=\"string\"><VALUE>1</VALUE></QUALIFIER>"
                    + "<PROPERTY NAME=\"p\" TYPE=\"uint8\"/><QUALIFIER NAME=\"r\" TYPE=\"string\"/><METHOD NAME=\"m\" TYPE=\"uint32\"/>"
                    + "<PROPERTY.ARRAY NAME=\"a\" TYPE=\"string\"/><METHOD NAME=\"n\" TYPE=\"uint32\"><PARAMETER NAME=\"x\" TYPE=\"string\"/></METHOD></CLASS></IPARAMVALUE>",
            "<IPARAMVALUE NAME=\"A\" xml:lang=\"en\"><CLASSNAME NAME=\"C\" xml:lang=\"de\"/></IPARAMVALUE>",
            "<IPARAMVALUE NAME=\"A\" xmlns:x=\"urn:x\" x:NAME=\"B\"><CLASSNAME NAME=\"C\"/></IPARAMVALUE>",
            "<IPARAMVALUE NAME=\"A\" xmlns:x=\"urn:x\" x:FOO=\"B\"><CLASSNAME NAME=\"C\"/></IPARAMVALUE>",
            "<IPARAMVALUE NAME=\"A\" FOO=\"1\"/>",
            "<IPARAMVALUE name=\"A\"/>",
            "<IPARAMVALUE NAME=\"A\"><classname NAME=\"C\"/></IPARAMVALUE>",
            "<IPARAMVALUE NAME=\"A\"><FOO/></IPARAMVALUE>",
            "<IPARAMVALUE NAME=\"A\"><FOO BAR=\"1\"/></IPARAMVALUE>",
            "<IPARAMVALUE NAME=\"A\"><VALUE FOO=\"1\">x</VALUE></IPARAMVALUE>",
            "<IPARAMVALUE NAME=\"A\"><CLASSNAME xmlns=\"urn:x\" NAME=\"C\"/></IPARAMVALUE>",
            "<IPARAMVALUE NAME=\"A\"><NAMESPACE NAME=\"C\"/></IPARAMVALUE>",
            "<IPARAMVALUE NAME=\"ABCDEFGHIJKLMNOPQRSTUVWXYZ\"/>",
            "<IPARAMVALUE NAME=\"A\"><INSTANCENAME CLASSNAME=\"C\"><KEYBINDING NAME=\"k\"><KEYVALUE VALUETYPE=\"string\" TYPE=\"string\">v</KEYVALUE>"
                    + "</KEYBINDING><KEYBINDING NAME=\"r\"><VALUE.REFERENCE><INSTANCEPATH><NAMESPACEPATH><HOST>h</HOST>"
                    + "<LOCALNAMESPACEPATH><NAMESPACE NAME=\"a\"/><NAMESPACE NAME=\"b\"/></LOCALNAMESPACEPATH></NAMESPACEPATH>"
                    + "<INSTANCENAME CLASSNAME=\"D\"><KEYVALUE>1</KEYVALUE></INSTANCENAME></INSTANCEPATH></VALUE.REFERENCE></KEYBINDING>"
                    + "</INSTANCENAME></IPARAMVALUE>",
            "<IPARAMVALUE NAME=\"A\"><INSTANCENAME CLASSNAME=\"C\"><KEYVALUE>1</KEYVALUE><KEYBINDING NAME=\"k\"/></INSTANCENAME></IPARAMVALUE>",
            "<IPARAMVALUE NAME=\"A\"><INSTANCENAME CLASSNAME=\"C\"><KEYVALUE>1</KEYVALUE><VALUE.REFERENCE/></INSTANCENAME></IPARAMVALUE>",
            "<IPARAMVALUE NAME=\"A\"><ENUMERATIONCONTEXT> ctx </ENUMERATIONCONTEXT></IPARAMVALUE>",
            "<IPARAMVALUE/>",
            "",
        };
        for (String p : params) {
            same(head + call + p + tail, p);
        }
        String[] documents = {
            "",
            "   ",
            "<CIM/>",
            "<CIM></CIM>trailing",
            "<CIM/><!-- c --><?pi?>  ",
            "<CIM/><CIM/>",
            "<MESSAGE ID=\"1\"/>",
            "<MESSAGE ID=\"1\"><FOO/></MESSAGE>",
            "<FOO/>",
            "<cim/>",
            "<x:CIM xmlns:x=\"urn:x\"/>",
            "<!DOCTYPE CIM [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]><CIM>&b;</CIM>",
            "<!DOCTYPE CIM SYSTEM \"file:///etc/passwd\"><CIM/>",
            "<CIM>&xxe;</CIM>",
            "<CIM CIMVERSION=\"2.0\" CIMVERSION=\"2.1\"/>",
            "<CIM><MESSAGE><SIMPLEREQ><IMETHODCALL><LOCALNAMESPACEPATH><NAMESPACE><VALUE/></NAMESPACE></LOCALNAMESPACEPATH></IMETHODCALL></SIMPLEREQ></MESSAGE></CIM>",
            "<CIM><MESSAGE><MULTIREQ><SIMPLEREQ/><SIMPLEREQ/></MULTIREQ></MESSAGE></CIM>",
            "<CIM><MESSAGE><SIMPLEREQ><CORRELATOR NAME=\"c\" TYPE=\"string\"><VALUE>1</VALUE></CORRELATOR><METHODCALL NAME=\"M\">"
                    + "<LOCALINSTANCEPATH><LOCALNAMESPACEPATH/><INSTANCENAME CLASSNAME=\"C\"/></LOCALINSTANCEPATH>"
                    + "<PARAMVALUE NAME=\"p\" PARAMTYPE=\"string\" EmbeddedObject=\"object\"><VALUE>x</VALUE></PARAMVALUE>"
                    + "<LOCALCLASSPATH><LOCALNAMESPACEPATH/><CLASSNAME NAME=\"D\"/></LOCALCLASSPATH></METHODCALL></SIMPLEREQ></MESSAGE></CIM>",
        };
        for (String d : documents) {
            same(d, d);
            same("<?xml version=\"1.0\"?>\n" + d, d + " (with declaration)");
        }
        byte[] badUtf8 = (head + call + "<IPARAMVALUE NAME=\"A\"><VALUE>\u00ff</VALUE></IPARAMVALUE>" + tail)
                .getBytes(StandardCharsets.ISO_8859_1);
        same(badUtf8, Limits.DEFAULT, Object.class, "invalid UTF-8");
        same((head + call + tail).getBytes(StandardCharsets.UTF_8), Limits.DEFAULT.withMaxBytes(40), Object.class, "too long");
    }

    @Test
    void everyDtdElementCanBeTheRoot() {
        for (Class<?> c : Dtd.ELEMENT_CLASSES) {
            String name = XmlIo.rootName(c);
            Object o = XmlIo.unmarshal("<" + name + "/>", Limits.DEFAULT, Object.class);
            assertInstanceOf(c, o, name);
            same("<" + name + "/>", name);
            same("<" + name + "><" + name + "/></" + name + ">", name + " in itself");
            same("<" + name + " NAME=\"n\" TYPE=\"t\">text<VALUE>v</VALUE></" + name + ">", name + " with content");
        }
    }

    @Test
    void mutatedGoldenDocumentsFailOrPassAlike() throws Exception {
        Random random = new Random(SEED);
        String[] inserts = {
            "<VALUE>x</VALUE>", "<FOO/>", "text", "<!-- c -->", "<![CDATA[z]]>", "&amp;", "&bogus;", " ", "<CLASSNAME NAME=\"A\"/>",
            "<KEYVALUE>k</KEYVALUE>", "<VALUE.NULL/>", "</VALUE>", "<", "\"", "<NAMESPACE NAME=\"x\"/>", "<QUALIFIER NAME=\"q\" TYPE=\"string\"/>",
        };
        String[] attributes = {" NAME=\"n\"", " FOO=\"1\"", " xml:lang=\"en\"", " x:NAME=\"q\" xmlns:x=\"urn:x\"", " TYPE=\"uint8\"", " CLASSNAME=\"C\""};
        int checked = 0;
        for (Path p : goldenDocuments()) {
            String doc = Files.readString(p);
            for (int i = 0; i < MUTATIONS_PER_DOCUMENT; i++) {
                String m = mutate(doc, random, inserts, attributes);
                same(m.getBytes(StandardCharsets.UTF_8), Limits.DEFAULT, Object.class, p + " mutation " + i);
                checked++;
            }
        }
        assertTrue(checked > 1000, "mutations checked: " + checked);
    }

    static String mutate(String doc, Random random, String[] inserts, String[] attributes) {
        List<Integer> tags = new ArrayList<>();
        for (int i = doc.indexOf('<'); i >= 0; i = doc.indexOf('<', i + 1)) {
            tags.add(i);
        }
        int at = tags.get(random.nextInt(tags.size()));
        switch (random.nextInt(6)) {
            case 0: {
                int len = 1 + random.nextInt(20);
                int from = random.nextInt(doc.length());
                return doc.substring(0, from) + doc.substring(Math.min(doc.length(), from + len));
            }
            case 1:
                return doc.substring(0, at) + inserts[random.nextInt(inserts.length)] + doc.substring(at);
            case 2: {
                int c = at + 1 + random.nextInt(3);
                return c < doc.length() ? doc.substring(0, c) + Character.toLowerCase(doc.charAt(c)) + doc.substring(c + 1) : doc;
            }
            case 3: {
                int end = doc.indexOf('>', at);
                int name = at + 1;
                while (name < doc.length() && !Character.isWhitespace(doc.charAt(name)) && doc.charAt(name) != '>' && doc.charAt(name) != '/') {
                    name++;
                }
                if (doc.charAt(at + 1) == '/' || doc.charAt(at + 1) == '?' || doc.charAt(at + 1) == '!' || end < 0) {
                    return doc;
                }
                return doc.substring(0, name) + attributes[random.nextInt(attributes.length)] + doc.substring(name);
            }
            case 4: {
                // duplicate the element starting here up to the next end tag of the same name
                int nameEnd = at + 1;
                while (nameEnd < doc.length() && " />\n".indexOf(doc.charAt(nameEnd)) < 0) {
                    nameEnd++;
                }
                String name = doc.substring(at + 1, nameEnd);
                int close = doc.indexOf("</" + name + ">", at);
                if (name.startsWith("/") || name.startsWith("?") || close < 0) {
                    return doc;
                }
                String element = doc.substring(at, close + name.length() + 3);
                return doc.substring(0, at) + element + doc.substring(at);
            }
            default: {
                int a = tags.get(random.nextInt(tags.size()));
                int b = tags.get(random.nextInt(tags.size()));
                int from = Math.min(a, b);
                int to = Math.max(a, b);
                return doc.substring(0, from) + doc.substring(to);
            }
        }
    }
}
