package org.replicacim.query;

import java.util.Locale;
import java.util.Set;

/** The query languages the package reads, the names clients use for them, and how each writes LIKE patterns. */
enum QueryDialect {
    WQL("WQL", Set.of("WQL"), LikePattern.Flavor.WQL),
    CQL("DMTF:CQL", Set.of("DMTF:CQL", "CQL", "CIM:CQL"), LikePattern.Flavor.DMTF_WHOLE),
    FQL("DMTF:FQL", Set.of("DMTF:FQL"), LikePattern.Flavor.DMTF_FIND);

    private final String canonicalName;
    private final Set<String> names;
    private final LikePattern.Flavor likeFlavor;

    QueryDialect(String canonicalName, Set<String> names, LikePattern.Flavor likeFlavor) {
        this.canonicalName = canonicalName;
        this.names = names;
        this.likeFlavor = likeFlavor;
    }

    /** Whether a client's language name (any case, surrounding blanks ignored) denotes this dialect. */
    boolean isNamed(String language) {
        return language != null && names.contains(language.trim().toUpperCase(Locale.ROOT));
    }

    /** The name this package reports the dialect by. */
    String canonicalName() {
        return canonicalName;
    }

    /** How LIKE patterns are written and anchored in this dialect. */
    LikePattern.Flavor likeFlavor() {
        return likeFlavor;
    }
}
