package org.replicacim.codec;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimDateTime;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimMethod;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimParameter;
import org.replicacim.cim.CimProperty;
import org.replicacim.cim.CimQualifier;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.Flavors;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import org.replicacim.cim.QualifierDeclaration;
import org.replicacim.cim.Scope;

/** A seeded generator of model objects with bounded sizes, for round-trip property tests. */
final class RandomModel {
    private static final CimType[] VALUE_TYPES = {CimType.BOOLEAN, CimType.STRING, CimType.CHAR16, CimType.UINT8,
        CimType.SINT8, CimType.UINT16, CimType.SINT16, CimType.UINT32, CimType.SINT32, CimType.UINT64, CimType.SINT64,
        CimType.REAL32, CimType.REAL64, CimType.DATETIME};
    private static final String[] NAMESPACES = {"root/cimv2", "interop", "root/replica", "root/cimv2/storage/iscsitarget"};
    private static final String FUNNY = " &<>\"'\t\n\r\r\nÄß€✓\uD834\uDD1E=,.:/\\";

    private final Random random;

    RandomModel(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    CimName name() {
        String first = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_";
        String rest = first + "0123456789";
        StringBuilder sb = new StringBuilder().append(first.charAt(random.nextInt(first.length())));
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            sb.append(rest.charAt(random.nextInt(rest.length())));
        }
        return CimName.of(sb.toString());
    }

    /** n distinct names (case-insensitively). */
    List<CimName> names(int n) {
        Set<CimName> seen = new HashSet<>();
        List<CimName> out = new ArrayList<>();
        while (out.size() < n) {
            CimName c = name();
            if (seen.add(c)) {
                out.add(c);
            }
        }
        return out;
    }

    String string() {
        int n = random.nextInt(20);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int k = random.nextInt(4);
            if (k == 0) {
                int p = random.nextInt(FUNNY.length());
                char c = FUNNY.charAt(p);
                if (Character.isHighSurrogate(c)) {
                    sb.append(c).append(FUNNY.charAt(p + 1));
                } else if (!Character.isLowSurrogate(c)) {
                    sb.append(c);
                }
            } else {
                sb.append((char) (0x20 + random.nextInt(0x5F)));
            }
        }
        return sb.toString();
    }

    char char16() {
        while (true) {
            char c = (char) (random.nextBoolean() ? 0x20 + random.nextInt(0x5F) : random.nextInt(0xD000));
            if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                return c;
            }
        }
    }

    Namespace namespace() {
        return Namespace.of(NAMESPACES[random.nextInt(NAMESPACES.length)]);
    }

    CimDateTime datetime() {
        if (random.nextInt(4) == 0) {
            return CimDateTime.parse(String.format("%08d%02d%02d%02d.%06d:000", random.nextInt(100_000_000),
                    random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1_000_000)));
        }
        String s = String.format("%04d%02d%02d%02d%02d%02d.%06d%c%03d", random.nextInt(10_000), 1 + random.nextInt(12),
                1 + random.nextInt(28), random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1_000_000),
                random.nextBoolean() ? '+' : '-', random.nextInt(1000));
        if (random.nextInt(5) == 0) {
            int stars = 1 + random.nextInt(13);
            char[] cs = s.toCharArray();
            for (int i = 20; i > 20 - stars; i--) {
                if (cs[i] != '.') {
                    cs[i] = '*';
                }
            }
            s = new String(cs);
        }
        return CimDateTime.parse(s);
    }

    Object scalar(CimType t) {
        switch (t) {
            case BOOLEAN: return random.nextBoolean();
            case STRING: return string();
            case CHAR16: return char16();
            case UINT8: return random.nextInt(256);
            case SINT8: return random.nextInt(256) - 128;
            case UINT16: return random.nextInt(65536);
            case SINT16: return random.nextInt(65536) - 32768;
            case UINT32: return random.nextLong() & 0xFFFFFFFFL;
            case SINT32: return random.nextInt();
            case UINT64: return new BigInteger(64, random);
            case SINT64: return random.nextLong();
            case REAL32: {
                int k = random.nextInt(10);
                return k == 0 ? Float.NaN : k == 1 ? Float.NEGATIVE_INFINITY : k == 2 ? -0.0f
                        : k == 3 ? Float.MIN_VALUE : Float.intBitsToFloat(random.nextInt() & 0x7F7FFFFF) * (random.nextBoolean() ? 1 : -1);
            }
            case REAL64: {
                int k = random.nextInt(10);
                return k == 0 ? Double.NaN : k == 1 ? Double.POSITIVE_INFINITY : k == 2 ? 1e-300
                        : random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
            }
            case DATETIME: return datetime();
            default: throw new IllegalArgumentException(t.toString());
        }
    }

    CimValue value(CimType t, boolean array) {
        if (random.nextInt(8) == 0) {
            return CimValue.nullValue(t, array);
        }
        if (!array) {
            return CimValue.of(t, scalar(t));
        }
        int n = random.nextInt(5);
        List<Object> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(random.nextInt(6) == 0 ? null : scalar(t));
        }
        return CimValue.array(t, l);
    }

    CimType valueType() {
        return VALUE_TYPES[random.nextInt(VALUE_TYPES.length)];
    }

    /** An instance path with keys (string, boolean, numbers, datetime, char16 and, above depth 0, references). */
    ObjectPath path(int depth, boolean withNamespace) {
        ObjectPath.Builder b = ObjectPath.builder(name());
        if (withNamespace) {
            b.namespace(namespace());
            if (random.nextBoolean()) {
                b.host("host" + random.nextInt(10) + ".example.com");
            }
        }
        List<CimName> keys = names(1 + random.nextInt(3));
        for (CimName k : keys) {
            if (depth > 0 && random.nextInt(3) == 0) {
                b.key(k, CimValue.reference(path(depth - 1, random.nextBoolean())));
            } else {
                CimType t = valueType();
                b.key(k, CimValue.of(t, scalar(t)));
            }
        }
        return b.build();
    }

    CimInstance embedded(int depth) {
        return instance(depth, null, false);
    }

    CimInstance instance(int depth, ObjectPath path, boolean qualifiers) {
        CimInstance.Builder b = CimInstance.builder(name()).path(path);
        for (CimName n : names(random.nextInt(8))) {
            int kind = random.nextInt(10);
            if (kind == 0) {
                b.property(new CimProperty(n, CimType.REFERENCE, false, null, random.nextBoolean() ? name() : null,
                        random.nextInt(5) == 0 ? null : CimValue.reference(path(1, random.nextBoolean())), List.of(), null,
                        false, CimValue.Embedded.NONE));
            } else if (kind == 1 && depth > 0) {
                CimValue.Embedded e = random.nextBoolean() ? CimValue.Embedded.INSTANCE : CimValue.Embedded.OBJECT;
                CimValue v = random.nextInt(3) == 0
                        ? CimValue.embeddedArray(e, List.of(embedded(depth - 1), embedded(depth - 1)))
                        : random.nextInt(6) == 0 ? CimValue.embedded(e, null) : CimValue.embedded(e, embedded(depth - 1));
                b.property(CimProperty.of(n, v));
            } else {
                b.property(CimProperty.of(n, value(valueType(), random.nextBoolean())));
            }
        }
        if (qualifiers) {
            for (CimName q : names(random.nextInt(2))) {
                b.qualifier(qualifier(q));
            }
        }
        return b.build();
    }

    Flavors flavors() {
        return new Flavors(random.nextBoolean(), random.nextBoolean(), random.nextBoolean());
    }

    CimQualifier qualifier(CimName n) {
        CimType t = valueType();
        boolean array = random.nextBoolean();
        CimValue v = value(t, array);
        if (v.isNull()) {
            v = CimValue.nullValue(t, false); // a NULL qualifier value does not say whether it is an array
        }
        return new CimQualifier(n, v, flavors(), random.nextBoolean());
    }

    List<CimQualifier> qualifiers() {
        List<CimQualifier> out = new ArrayList<>();
        for (CimName q : names(random.nextInt(3))) {
            out.add(qualifier(q));
        }
        return out;
    }

    CimClass cimClass() {
        CimClass.Builder b = CimClass.builder(name()).superclass(random.nextBoolean() ? name() : null).qualifiers(qualifiers());
        for (CimName n : names(random.nextInt(6))) {
            CimName origin = random.nextBoolean() ? name() : null;
            boolean propagated = random.nextBoolean();
            int kind = random.nextInt(6);
            CimProperty p;
            if (kind == 0) {
                p = new CimProperty(n, CimType.REFERENCE, false, null, name(), null, qualifiers(), origin, propagated, null);
            } else if (kind == 1) {
                List<CimQualifier> qs = new ArrayList<>(qualifiers());
                qs.removeIf(q -> q.name().is("EmbeddedInstance") || q.name().is("EmbeddedObject"));
                qs.add(CimQualifier.of("EmbeddedInstance", CimValue.string("CIM_Setting")));
                p = new CimProperty(n, CimType.STRING, false, null, null, null, qs, origin, propagated, null);
            } else {
                CimType t = valueType();
                boolean array = random.nextBoolean();
                List<CimQualifier> qs = new ArrayList<>(qualifiers());
                qs.removeIf(q -> q.name().is("EmbeddedInstance") || q.name().is("EmbeddedObject"));
                p = new CimProperty(n, t, array, array && random.nextBoolean() ? random.nextInt(10) : null, null,
                        value(t, array), qs, origin, propagated, null);
            }
            b.property(p);
        }
        for (CimName m : names(random.nextInt(3))) {
            List<CimParameter> params = new ArrayList<>();
            for (CimName pn : names(random.nextInt(4))) {
                boolean ref = random.nextInt(4) == 0;
                boolean array = random.nextBoolean();
                params.add(new CimParameter(pn, ref ? CimType.REFERENCE : valueType(), array,
                        array && random.nextBoolean() ? random.nextInt(5) : null, ref && random.nextBoolean() ? name() : null,
                        qualifiers()));
            }
            b.method(new CimMethod(m, valueType(), params, qualifiers(), random.nextBoolean() ? name() : null, random.nextBoolean()));
        }
        return b.build();
    }

    QualifierDeclaration qualifierDeclaration() {
        CimType t = valueType();
        boolean array = random.nextBoolean();
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        if (random.nextInt(4) == 0) {
            scopes.add(Scope.ANY);
        } else {
            for (Scope s : Scope.values()) {
                if (s != Scope.ANY && random.nextInt(3) == 0) {
                    scopes.add(s);
                }
            }
            if (scopes.size() == 7) {
                scopes.remove(Scope.CLASS);
            }
        }
        return new QualifierDeclaration(name(), t, array, array && random.nextBoolean() ? random.nextInt(9) : null,
                value(t, array), scopes, flavors());
    }

}
