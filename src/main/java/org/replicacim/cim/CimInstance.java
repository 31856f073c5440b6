package org.replicacim.cim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/** A CIM instance: its class name, properties in order, optional qualifiers and, when it has one, its object path. */
public final class CimInstance {
    private final CimName className;
    private final ObjectPath path;
    private final Map<CimName, CimProperty> properties;
    private final List<CimQualifier> qualifiers;

    private CimInstance(CimName className, ObjectPath path, Map<CimName, CimProperty> properties,
                        List<CimQualifier> qualifiers) {
        this.className = className;
        this.path = path;
        this.properties = Collections.unmodifiableMap(properties);
        this.qualifiers = List.copyOf(qualifiers);
    }

    public static Builder builder(CimName className) {
        return new Builder(className);
    }

    public static Builder builder(String className) {
        return new Builder(CimName.of(className));
    }

    public Builder toBuilder() {
        Builder b = new Builder(className).path(path);
        b.properties.putAll(properties);
        b.qualifiers.addAll(qualifiers);
        return b;
    }

    public CimName className() {
        return className;
    }

    /** The instance's path, or null for an embedded instance or one not yet named. */
    public ObjectPath path() {
        return path;
    }

    public Collection<CimProperty> properties() {
        return properties.values();
    }

    public CimProperty property(String name) {
        return CimName.isValid(name) ? properties.get(CimName.of(name)) : null;
    }

    public CimProperty property(CimName name) {
        return properties.get(name);
    }

    /** The value of a property, or null if the instance has no such property. */
    public CimValue value(String name) {
        CimProperty p = property(name);
        return p == null ? null : p.value();
    }

    public List<CimQualifier> qualifiers() {
        return qualifiers;
    }

    public CimInstance withPath(ObjectPath p) {
        return new CimInstance(className, p, new LinkedHashMap<>(properties), qualifiers);
    }

    public CimInstance withProperty(CimProperty p) {
        Map<CimName, CimProperty> copy = new LinkedHashMap<>(properties);
        copy.put(p.name(), p);
        return new CimInstance(className, path, copy, qualifiers);
    }

    public CimInstance withProperty(String name, CimValue value) {
        CimProperty existing = property(name);
        return withProperty(existing == null ? CimProperty.of(name, value) : existing.withValue(value));
    }

    /** A copy holding only the properties the filter accepts. */
    public CimInstance filter(Predicate<CimProperty> keep) {
        Map<CimName, CimProperty> copy = new LinkedHashMap<>();
        for (CimProperty p : properties.values()) {
            if (keep.test(p)) {
                copy.put(p.name(), p);
            }
        }
        return new CimInstance(className, path, copy, qualifiers);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CimInstance other && className.equals(other.className)
                && Objects.equals(path, other.path) && properties.equals(other.properties)
                && qualifiers.equals(other.qualifiers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(className, path, properties);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("instance of ").append(className).append(" {");
        for (CimProperty p : properties.values()) {
            sb.append(' ').append(p.name()).append('=').append(p.value()).append(';');
        }
        return sb.append(" }").toString();
    }

    /** Builds an instance property by property; a property set twice keeps its first position and the last value. */
    public static final class Builder {
        private final CimName className;
        private ObjectPath path;
        private final Map<CimName, CimProperty> properties = new LinkedHashMap<>();
        private final List<CimQualifier> qualifiers = new ArrayList<>();

        private Builder(CimName className) {
            this.className = Objects.requireNonNull(className, "className");
        }

        public Builder path(ObjectPath p) {
            this.path = p;
            return this;
        }

        public Builder property(CimProperty p) {
            properties.put(p.name(), p);
            return this;
        }

        public Builder property(String name, CimValue value) {
            return property(CimProperty.of(name, value));
        }

        public Builder property(CimName name, CimValue value) {
            return property(CimProperty.of(name, value));
        }

        public Builder qualifier(CimQualifier q) {
            qualifiers.add(q);
            return this;
        }

        public CimInstance build() {
            return new CimInstance(className, path, new LinkedHashMap<>(properties), qualifiers);
        }
    }
}
