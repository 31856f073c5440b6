package org.replicacim.cim;

import java.util.Locale;
import java.util.Objects;

/** A CIM namespace such as {@code root/cimv2/storage/iscsitarget}: normalised, compared without case. */
public final class Namespace implements Comparable<Namespace> {
    private final String name;
    private final String folded;
    private final java.util.List<String> parts;

    private Namespace(String name, java.util.List<String> parts) {
        this.name = name;
        this.folded = name.toLowerCase(Locale.ROOT);
        this.parts = parts;
    }

    /** Normalises backslashes to '/', trims leading and trailing '/' and rejects empty or malformed names. */
    public static Namespace of(String name) {
        Objects.requireNonNull(name, "namespace");
        String n = name.replace('\\', '/');
        int start = 0;
        int end = n.length();
        while (start < end && n.charAt(start) == '/') {
            start++;
        }
        while (end > start && n.charAt(end - 1) == '/') {
            end--;
        }
        n = n.substring(start, end);
        if (n.isEmpty()) {
            throw new IllegalArgumentException("empty namespace name");
        }
        String[] parts = n.split("/", -1);
        for (String part : parts) {
            if (!CimName.isValid(part)) {
                throw new IllegalArgumentException("not a valid namespace: '" + name + "'");
            }
        }
        return new Namespace(n, java.util.List.of(parts));
    }

    public String value() {
        return name;
    }

    /** The lower-case form used for comparison and hashing. */
    public String folded() {
        return folded;
    }

    /** The namespace's path elements, e.g. {@code [root, cimv2]} (split once, when the namespace is made). */
    public java.util.List<String> parts() {
        return parts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Namespace other && folded.equals(other.folded);
    }

    @Override
    public int hashCode() {
        return folded.hashCode();
    }

    @Override
    public int compareTo(Namespace o) {
        return folded.compareTo(o.folded);
    }

    @Override
    public String toString() {
        return name;
    }
}
