package org.replicacim.cim;

import java.util.List;
import java.util.Objects;

/**
 * A property of a class (with its declaration: type, qualifiers, class origin) or of an instance (with its value).
 * A reference property has type REFERENCE and names the class it refers to.
 */
public record CimProperty(CimName name, CimType type, boolean array, Integer arraySize, CimName referenceClass,
                          CimValue value, List<CimQualifier> qualifiers, CimName classOrigin, boolean propagated,
                          CimValue.Embedded embedded) {
    public CimProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        qualifiers = List.copyOf(qualifiers);
        if (embedded == null) {
            embedded = embeddedFrom(qualifiers);
        }
        if (value == null) {
            value = embedded == CimValue.Embedded.NONE ? CimValue.nullValue(type, array)
                    : (array ? CimValue.embeddedArray(embedded, null) : CimValue.embedded(embedded, null));
        } else if (value.type() != type || value.isArray() != array) {
            throw new IllegalArgumentException("property " + name + " is " + describe(type, array)
                    + " but its value is " + describe(value.type(), value.isArray()));
        }
    }

    private static String describe(CimType t, boolean array) {
        return t.wireName() + (array ? "[]" : "");
    }

    /** The embedding the qualifiers declare (EmbeddedInstance or EmbeddedObject). */
    public static CimValue.Embedded embeddedFrom(List<CimQualifier> qualifiers) {
        if (CimQualifier.find(qualifiers, "EmbeddedInstance") != null) {
            return CimValue.Embedded.INSTANCE;
        }
        if (CimQualifier.isTrue(qualifiers, "EmbeddedObject")) {
            return CimValue.Embedded.OBJECT;
        }
        return CimValue.Embedded.NONE;
    }

    /** An instance property holding the given value. */
    public static CimProperty of(CimName name, CimValue value) {
        return new CimProperty(name, value.type(), value.isArray(), null, null, value, List.of(), null, false,
                value.embedded());
    }

    public static CimProperty of(String name, CimValue value) {
        return of(CimName.of(name), value);
    }

    /** A reference property of an instance. */
    public static CimProperty reference(String name, CimName referenceClass, ObjectPath target) {
        return new CimProperty(CimName.of(name), CimType.REFERENCE, false, null, referenceClass,
                target == null ? null : CimValue.reference(target), List.of(), null, false, CimValue.Embedded.NONE);
    }

    /** A property declaration of a class. */
    public static CimProperty declaration(CimName name, CimType type, boolean array, CimValue defaultValue,
                                          List<CimQualifier> qualifiers) {
        return new CimProperty(name, type, array, null, null, defaultValue, qualifiers, null, false, null);
    }

    public boolean isReference() {
        return type == CimType.REFERENCE;
    }

    public boolean isKey() {
        return CimQualifier.isTrue(qualifiers, "Key");
    }

    public CimQualifier qualifier(String qname) {
        return CimQualifier.find(qualifiers, qname);
    }

    public CimProperty withValue(CimValue v) {
        return new CimProperty(name, type, array, arraySize, referenceClass, v, qualifiers, classOrigin, propagated,
                v == null ? embedded : (v.embedded() == CimValue.Embedded.NONE ? embedded : v.embedded()));
    }

    public CimProperty withName(CimName n) {
        return new CimProperty(n, type, array, arraySize, referenceClass, value, qualifiers, classOrigin, propagated, embedded);
    }

    public CimProperty withQualifiers(List<CimQualifier> q) {
        return new CimProperty(name, type, array, arraySize, referenceClass, value, q, classOrigin, propagated, embedded);
    }

    public CimProperty withOrigin(CimName origin, boolean isPropagated) {
        return new CimProperty(name, type, array, arraySize, referenceClass, value, qualifiers, origin, isPropagated, embedded);
    }

    public CimProperty withArraySize(Integer size) {
        return new CimProperty(name, type, array, size, referenceClass, value, qualifiers, classOrigin, propagated, embedded);
    }

    public CimProperty withReferenceClass(CimName cls) {
        return new CimProperty(name, type, array, arraySize, cls, value, qualifiers, classOrigin, propagated, embedded);
    }
}
