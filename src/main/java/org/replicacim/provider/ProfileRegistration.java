package org.replicacim.provider;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.replicacim.cim.ObjectPath;

/**
 * A management profile a provider implements (DSP1033): organisation (2 DMTF, 11 SNIA), name and version, the
 * central instances that conform to it, and the autonomous profile that references it (null for autonomous ones).
 */
public record ProfileRegistration(int organization, String name, String version,
                                  Supplier<List<ObjectPath>> centralInstances, String referencedBy) {
    public static final int DMTF = 2;
    public static final int SNIA = 11;

    public ProfileRegistration {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(centralInstances, "centralInstances");
    }

    /** The stable InstanceID of the profile's CIM_RegisteredProfile, e.g. {@code SNIA+Array+1.6.1}. */
    public String instanceId() {
        String org = organization == DMTF ? "DMTF" : organization == SNIA ? "SNIA" : "ORG" + organization;
        return org + "+" + name + "+" + version;
    }
}
