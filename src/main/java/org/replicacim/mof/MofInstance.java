package org.replicacim.mof;

import java.util.Objects;

import org.replicacim.cim.CimInstance;
import org.replicacim.cim.Namespace;

/**
 * An {@code instance of} declaration, typed against its class: the instance (with a local path when every key is
 * set), its alias without the {@code $} (null when none), the pragma namespace (null when none) and its position.
 */
public record MofInstance(CimInstance instance, String alias, Namespace namespace, SourcePosition position) {
    /** Checks the instance and position are present. */
    public MofInstance {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(position, "position");
    }
}
