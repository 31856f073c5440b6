package org.replicacim.cim;

import java.util.Locale;
import java.util.Objects;

/** A CIM namespace such as {@code root/cimv2/storage/iscsitarget}: normalised, compared without case. */
public final class Namespace implements Comparable<Namespace> {
    private final String name;
    private final String folded;

    private Namespace(String name) {
        this.name = name;
        this.folded = name.toLowerCase(Locale.ROOT);
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
        for (String part : n.split("/", -1)) {
            if (!CimName.isValid(part)) {
                throw new IllegalArgumentException("not a valid namespace: '" + name + "'");
            }
        }
        return new Namespace(n);
    }

    public String value() {
        return name;
    }

    /** The namespace's path elements, e.g. {@code [root, cimv2]}. */
    public String[] parts() {
        return name.split("/");
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
