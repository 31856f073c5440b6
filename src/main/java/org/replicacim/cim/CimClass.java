package org.replicacim.cim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A CIM class: name, superclass, qualifiers, properties and methods. As the repository returns it, it is resolved:
 * inherited members are included and carry their class origin and propagated flag.
 */
public final class CimClass {
    private final CimName name;
    private final CimName superclass;
    private final List<CimQualifier> qualifiers;
    private final Map<CimName, CimProperty> properties;
    private final Map<CimName, CimMethod> methods;
    // the lists are asked for on every request that shapes an instance: made once, as the class never changes
    private final List<CimProperty> propertyList;
    private final List<CimMethod> methodList;
    private final List<CimProperty> keyList;

    private CimClass(CimName name, CimName superclass, List<CimQualifier> qualifiers,
                     Map<CimName, CimProperty> properties, Map<CimName, CimMethod> methods) {
        this.name = name;
        this.superclass = superclass;
        this.qualifiers = List.copyOf(qualifiers);
        this.properties = Collections.unmodifiableMap(properties);
        this.methods = Collections.unmodifiableMap(methods);
        this.propertyList = List.copyOf(properties.values());
        this.methodList = List.copyOf(methods.values());
        List<CimProperty> keys = new ArrayList<>();
        for (CimProperty p : propertyList) {
            if (p.isKey()) {
                keys.add(p);
            }
        }
        this.keyList = List.copyOf(keys);
    }

    public static Builder builder(CimName name) {
        return new Builder(name);
    }

    public static Builder builder(String name) {
        return new Builder(CimName.of(name));
    }

    public Builder toBuilder() {
        Builder b = new Builder(name).superclass(superclass);
        b.qualifiers.addAll(qualifiers);
        b.properties.putAll(properties);
        b.methods.putAll(methods);
        return b;
    }

    public CimName name() {
        return name;
    }

    /** The direct superclass, or null for a root class. */
    public CimName superclass() {
        return superclass;
    }

    public List<CimQualifier> qualifiers() {
        return qualifiers;
    }

    public CimQualifier qualifier(String qname) {
        return CimQualifier.find(qualifiers, qname);
    }

    public List<CimProperty> properties() {
        return propertyList;
    }

    public CimProperty property(String pname) {
        return CimName.isValid(pname) ? properties.get(CimName.of(pname)) : null;
    }

    public CimProperty property(CimName pname) {
        return properties.get(pname);
    }

    public List<CimMethod> methods() {
        return methodList;
    }

    public CimMethod method(String mname) {
        return CimName.isValid(mname) ? methods.get(CimName.of(mname)) : null;
    }

    public CimMethod method(CimName mname) {
        return methods.get(mname);
    }

    public boolean isAssociation() {
        return CimQualifier.isTrue(qualifiers, "Association");
    }

    public boolean isIndication() {
        return CimQualifier.isTrue(qualifiers, "Indication");
    }

    public boolean isAbstract() {
        return CimQualifier.isTrue(qualifiers, "Abstract");
    }

    /** The key properties, in declaration order. */
    public List<CimProperty> keyProperties() {
        return keyList;
    }

    /** The reference properties (the ends of an association). */
    public List<CimProperty> referenceProperties() {
        List<CimProperty> refs = new ArrayList<>();
        for (CimProperty p : properties.values()) {
            if (p.isReference()) {
                refs.add(p);
            }
        }
        return refs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CimClass other && name.equals(other.name) && Objects.equals(superclass, other.superclass)
                && qualifiers.equals(other.qualifiers) && properties.equals(other.properties)
                && methods.equals(other.methods);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, superclass, properties.keySet(), methods.keySet());
    }

    @Override
    public String toString() {
        return "class " + name + (superclass == null ? "" : " : " + superclass);
    }

    /** Builds a class member by member; later members of the same name replace earlier ones. */
    public static final class Builder {
        private final CimName name;
        private CimName superclass;
        private final List<CimQualifier> qualifiers = new ArrayList<>();
        private final Map<CimName, CimProperty> properties = new LinkedHashMap<>();
        private final Map<CimName, CimMethod> methods = new LinkedHashMap<>();

        private Builder(CimName name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder superclass(CimName s) {
            this.superclass = s;
            return this;
        }

        public Builder qualifier(CimQualifier q) {
            qualifiers.removeIf(x -> x.name().equals(q.name()));
            qualifiers.add(q);
            return this;
        }

        public Builder qualifiers(List<CimQualifier> qs) {
            qualifiers.clear();
            qualifiers.addAll(qs);
            return this;
        }

        public Builder property(CimProperty p) {
            properties.put(p.name(), p);
            return this;
        }

        public Builder method(CimMethod m) {
            methods.put(m.name(), m);
            return this;
        }

        public Builder clearMembers() {
            properties.clear();
            methods.clear();
            return this;
        }

        public CimClass build() {
            return new CimClass(name, superclass, qualifiers, new LinkedHashMap<>(properties), new LinkedHashMap<>(methods));
        }
    }
}
