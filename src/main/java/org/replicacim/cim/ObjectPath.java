package org.replicacim.cim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The path of a CIM class or instance: optional host, optional namespace, class name and (for instances)
 * key bindings, reference keys included. Equality ignores the host and the order of keys, and compares names
 * without case; its text form is a WBEM URI such as {@code /root/interop:CIM_Namespace.Name="interop"}.
 */
public final class ObjectPath {
    private final String host;
    private final Namespace namespace;
    private final CimName className;
    private final List<KeyBinding> keys;

    private ObjectPath(String host, Namespace namespace, CimName className, List<KeyBinding> keys) {
        this.host = host == null || host.isEmpty() ? null : host;
        this.namespace = namespace;
        this.className = Objects.requireNonNull(className, "className");
        this.keys = keys;
    }

    /** A class path (no keys). */
    public static ObjectPath ofClass(Namespace namespace, CimName className) {
        return new ObjectPath(null, namespace, className, List.of());
    }

    public static ObjectPath of(String host, Namespace namespace, CimName className, List<KeyBinding> keys) {
        List<KeyBinding> copy = List.copyOf(keys);
        for (int i = 0; i < copy.size(); i++) {
            for (int j = i + 1; j < copy.size(); j++) {
                if (copy.get(i).name().equals(copy.get(j).name())) {
                    throw new IllegalArgumentException("key " + copy.get(i).name() + " given twice in a path of " + className);
                }
            }
        }
        return new ObjectPath(host, namespace, className, copy);
    }

    public static Builder builder(CimName className) {
        return new Builder(className);
    }

    public static Builder builder(String className) {
        return new Builder(CimName.of(className));
    }

    public String host() {
        return host;
    }

    public Namespace namespace() {
        return namespace;
    }

    public CimName className() {
        return className;
    }

    public List<KeyBinding> keys() {
        return keys;
    }

    public boolean isClassPath() {
        return keys.isEmpty();
    }

    /** The value of a key, or null if the path has no such key. */
    public CimValue key(String name) {
        for (KeyBinding k : keys) {
            if (k.name().is(name)) {
                return k.value();
            }
        }
        return null;
    }

    public ObjectPath withNamespace(Namespace ns) {
        return new ObjectPath(host, ns, className, keys);
    }

    public ObjectPath withHost(String h) {
        return new ObjectPath(h, namespace, className, keys);
    }

    public ObjectPath withClassName(CimName cls) {
        return new ObjectPath(host, namespace, cls, keys);
    }

    public ObjectPath withKeys(List<KeyBinding> newKeys) {
        return of(host, namespace, className, newKeys);
    }

    /** The path without host and namespace (what LOCAL forms and INSTANCENAME carry). */
    public ObjectPath local() {
        return new ObjectPath(null, null, className, keys);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ObjectPath other)) {
            return false;
        }
        return className.equals(other.className) && Objects.equals(namespace, other.namespace)
                && keys.size() == other.keys.size() && keys.containsAll(other.keys);
    }

    @Override
    public int hashCode() {
        int h = className.hashCode() * 31 + Objects.hashCode(namespace);
        for (KeyBinding k : keys) {
            h += k.hashCode(); // order-independent
        }
        return h;
    }

    /** The canonical text form: keys sorted by name, strings quoted with backslash escapes. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (host != null) {
            sb.append("//").append(host).append('/');
            if (namespace != null) {
                sb.append(namespace.value());
            }
            sb.append(':');
        } else if (namespace != null) {
            sb.append('/').append(namespace.value()).append(':');
        }
        sb.append(className.value());
        if (!keys.isEmpty()) {
            List<KeyBinding> sorted = new ArrayList<>(keys);
            sorted.sort(Comparator.comparing(KeyBinding::name));
            sb.append('.');
            for (int i = 0; i < sorted.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                KeyBinding k = sorted.get(i);
                sb.append(k.name().value()).append('=').append(keyText(k.value()));
            }
        }
        return sb.toString();
    }

    static String keyText(CimValue v) {
        return switch (v.type()) {
            case BOOLEAN -> CimValue.formatScalar(CimType.BOOLEAN, v.value());
            case STRING, CHAR16, DATETIME, REFERENCE -> quote(v.value().toString());
            default -> CimValue.formatScalar(v.type(), v.value());
        };
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    /**
     * Parses the text form written by {@link #toString()} and the common variants: an optional scheme and
     * port ({@code http://host:5988/ns:Class...}), {@code /ns:Class}, {@code ns:Class}, or a bare class name.
     * Quoted key values become strings (a quoted value that parses as an object path with keys becomes a
     * reference), TRUE/FALSE booleans, other unquoted values numbers.
     */
    public static ObjectPath parse(String text) {
        Objects.requireNonNull(text, "path");
        String s = text.trim();
        String host = null;
        int schemeEnd = s.indexOf("://");
        int colonSlash = s.indexOf(':');
        if (schemeEnd > 0 && schemeEnd == colonSlash) {
            s = s.substring(schemeEnd + 1); // keep the "//"
        }
        if (s.startsWith("//")) {
            int slash = s.indexOf('/', 2);
            if (slash < 0) {
                throw new IllegalArgumentException("object path has a host but no namespace or class: '" + text + "'");
            }
            host = s.substring(2, slash);
            s = s.substring(slash);
        }
        Namespace ns = null;
        int dot = indexOfUnquoted(s, '.');
        int colon = s.lastIndexOf(':', dot < 0 ? s.length() : dot);
        if (colon >= 0) {
            String nsText = s.substring(0, colon);
            if (!nsText.replace("/", "").isEmpty()) {
                ns = Namespace.of(nsText);
            }
            s = s.substring(colon + 1);
            dot = indexOfUnquoted(s, '.');
        }
        String cls = dot < 0 ? s : s.substring(0, dot);
        if (!CimName.isValid(cls)) {
            throw new IllegalArgumentException("object path has no valid class name: '" + text + "'");
        }
        Builder b = new Builder(CimName.of(cls)).host(host).namespace(ns);
        if (dot >= 0) {
            parseKeys(s.substring(dot + 1), b, text);
        }
        return b.build();
    }

    private static int indexOfUnquoted(String s, char target) {
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == target) {
                return i;
            }
        }
        return -1;
    }

    private static void parseKeys(String s, Builder b, String text) {
        int i = 0;
        while (i < s.length()) {
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                throw new IllegalArgumentException("key without '=' in object path: '" + text + "'");
            }
            String name = s.substring(i, eq).trim();
            if (!CimName.isValid(name)) {
                throw new IllegalArgumentException("bad key name '" + name + "' in object path: '" + text + "'");
            }
            int j = eq + 1;
            CimValue value;
            if (j < s.length() && s.charAt(j) == '"') {
                StringBuilder v = new StringBuilder();
                j++;
                while (j < s.length() && s.charAt(j) != '"') {
                    char c = s.charAt(j);
                    if (c == '\\' && j + 1 < s.length()) {
                        j++;
                        c = s.charAt(j);
                    }
                    v.append(c);
                    j++;
                }
                if (j >= s.length()) {
                    throw new IllegalArgumentException("unterminated quoted key value in object path: '" + text + "'");
                }
                j++;
                value = quotedValue(v.toString());
            } else {
                int end = s.indexOf(',', j);
                if (end < 0) {
                    end = s.length();
                }
                String raw = s.substring(j, end).trim();
                if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
                    value = CimValue.bool(Boolean.parseBoolean(raw.toLowerCase(java.util.Locale.ROOT)));
                } else if (raw.startsWith("-")) {
                    value = CimValue.of(CimType.SINT64, CimValue.parseScalar(CimType.SINT64, raw));
                } else if (raw.contains(".") || raw.contains("e") || raw.contains("E")) {
                    value = CimValue.of(CimType.REAL64, CimValue.parseScalar(CimType.REAL64, raw));
                } else {
                    value = CimValue.of(CimType.UINT64, CimValue.parseScalar(CimType.UINT64, raw));
                }
                j = end;
            }
            b.key(CimName.of(name), value);
            if (j < s.length()) {
                if (s.charAt(j) != ',') {
                    throw new IllegalArgumentException("expected ',' between keys in object path: '" + text + "'");
                }
                j++;
            }
            i = j;
        }
    }

    private static CimValue quotedValue(String v) {
        // A quoted value that reads as a path with keys is a reference (the WBEM URI form of reference keys).
        if (v.indexOf('=') > 0 && (v.startsWith("/") || v.indexOf(':') > 0 || v.indexOf('.') > 0)) {
            try {
                ObjectPath p = parse(v);
                if (!p.isClassPath()) {
                    return CimValue.reference(p);
                }
            } catch (IllegalArgumentException notAPath) {
                // a plain string that happens to contain '='
            }
        }
        return CimValue.string(v);
    }

    /** Builds an object path key by key. */
    public static final class Builder {
        private final CimName className;
        private String host;
        private Namespace namespace;
        private final List<KeyBinding> keys = new ArrayList<>();

        private Builder(CimName className) {
            this.className = className;
        }

        public Builder host(String h) {
            this.host = h;
            return this;
        }

        public Builder namespace(Namespace ns) {
            this.namespace = ns;
            return this;
        }

        public Builder namespace(String ns) {
            this.namespace = ns == null ? null : Namespace.of(ns);
            return this;
        }

        public Builder key(CimName name, CimValue value) {
            keys.add(new KeyBinding(name, value));
            return this;
        }

        public Builder key(String name, CimValue value) {
            return key(CimName.of(name), value);
        }

        public Builder key(String name, String value) {
            return key(CimName.of(name), CimValue.string(value));
        }

        public ObjectPath build() {
            return of(host, namespace, className, Collections.unmodifiableList(new ArrayList<>(keys)));
        }
    }
}
