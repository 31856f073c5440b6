package org.replicacim.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.replicacim.cim.CimName;
import org.replicacim.cim.Namespace;

/** Looks up the provider registered for a (namespace, class) pair; a class serves exactly the classes named. */
public final class ProviderRegistry {
    private record Key(Namespace namespace, CimName className) { }

    private final Map<Key, InstanceProvider> instanceProviders = new ConcurrentHashMap<>();
    private final Map<Key, MethodProvider> methodProviders = new ConcurrentHashMap<>();
    private final List<ProviderRegistration> registrations = new ArrayList<>();

    /** Adds a registration; a second provider for the same (namespace, class, kind) is a wiring error. */
    public synchronized void register(ProviderRegistration r) {
        for (Namespace ns : r.namespaces()) {
            for (CimName cls : r.classNames()) {
                Key k = new Key(ns, cls);
                if (r.provider() instanceof InstanceProvider ip && instanceProviders.putIfAbsent(k, ip) != null) {
                    throw new IllegalStateException("two instance providers for " + ns + ":" + cls);
                }
                if (r.provider() instanceof MethodProvider mp && methodProviders.putIfAbsent(k, mp) != null) {
                    throw new IllegalStateException("two method providers for " + ns + ":" + cls);
                }
            }
        }
        registrations.add(r);
    }

    /** The instance provider of exactly this class, or null. */
    public InstanceProvider instanceProvider(Namespace ns, CimName className) {
        return instanceProviders.get(new Key(ns, className));
    }

    /** The method provider of exactly this class, or null. */
    public MethodProvider methodProvider(Namespace ns, CimName className) {
        return methodProviders.get(new Key(ns, className));
    }

    public synchronized List<ProviderRegistration> registrations() {
        return List.copyOf(registrations);
    }
}
