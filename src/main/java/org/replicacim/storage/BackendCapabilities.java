package org.replicacim.storage;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/** The set of {@link Capability capabilities} a backend supports, plus the granularity of its change tracking. */
public record BackendCapabilities(Set<Capability> supported, int changeGranularityBytes) {
    public BackendCapabilities {
        supported = supported.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(supported));
        if (changeGranularityBytes <= 0) {
            throw new IllegalArgumentException("changeGranularityBytes must be positive");
        }
    }

    public static BackendCapabilities of(int changeGranularityBytes, Collection<Capability> supported) {
        return new BackendCapabilities(Set.copyOf(supported), changeGranularityBytes);
    }

    public boolean supports(Capability capability) {
        return supported.contains(capability);
    }

    /** Throws UNSUPPORTED unless the capability is declared; engines call this at the top of each primitive. */
    public void require(Capability capability) throws BackendException {
        if (!supports(capability)) {
            throw new BackendException(BackendException.Reason.UNSUPPORTED, "backend does not support " + capability);
        }
    }
}
