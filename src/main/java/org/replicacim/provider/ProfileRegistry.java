package org.replicacim.provider;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The profiles this server advertises in its Interop namespace; providers add theirs at start-up. */
public final class ProfileRegistry {
    private final List<ProfileRegistration> profiles = new CopyOnWriteArrayList<>();

    public void register(ProfileRegistration p) {
        for (ProfileRegistration existing : profiles) {
            if (existing.instanceId().equalsIgnoreCase(p.instanceId())) {
                throw new IllegalStateException("profile registered twice: " + p.instanceId());
            }
        }
        profiles.add(p);
    }

    public List<ProfileRegistration> profiles() {
        return List.copyOf(profiles);
    }

    /** The registration of the named profile, or null. */
    public ProfileRegistration find(String name) {
        for (ProfileRegistration p : profiles) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        return null;
    }
}
