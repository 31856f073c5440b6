package org.replicacim.security;

import java.util.Locale;

/** What a user may do, each role including the ones before it: read, then operate replication and jobs, then all. */
public enum Role {
    /** Intrinsic reads and read-only methods (GetSupported*, GetReplicationRelationships, …). */
    READER,
    /** Reader, plus replication and job methods. */
    OPERATOR,
    /** Everything, including instance, class and qualifier changes and storage configuration. */
    ADMIN;

    /** Whether a user in this role may do what {@code required} allows. */
    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }

    /** The lower-case name used in the users file and on the command line. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code reader}, {@code operator} or {@code admin} (any case). */
    public static Role parse(String text) {
        for (Role r : values()) {
            if (r.name().equalsIgnoreCase(text.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + text + "' (reader, operator or admin)");
    }
}
