package org.replicacim.storage;

import java.util.regex.Pattern;

/** Validation shared by the identifier records: ids must be usable as file names and NBD export names. */
final class Identifiers {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Identifiers() {
    }

    static String requireSafe(String kind, String value) {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException(kind + " must match " + SAFE.pattern() + ", got '" + value + "'");
        }
        return value;
    }
}
