package org.replicacim.provider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;

/** An instance store held in memory: what a server without a durable store uses, and the tests. */
public final class MemoryInstanceStore implements InstanceStore {
    private record ClassKey(Namespace ns, CimName className) { }

    private final Map<ClassKey, Map<ObjectPath, CimInstance>> byClass = new LinkedHashMap<>();

    private static ObjectPath key(Namespace ns, ObjectPath path) {
        return path.withHost(null).withNamespace(ns);
    }

    @Override
    public synchronized List<CimInstance> list(Namespace ns, CimName className) {
        Map<ObjectPath, CimInstance> m = byClass.get(new ClassKey(ns, className));
        return m == null ? List.of() : new ArrayList<>(m.values());
    }

    @Override
    public synchronized CimInstance get(Namespace ns, ObjectPath path) {
        Map<ObjectPath, CimInstance> m = byClass.get(new ClassKey(ns, path.className()));
        return m == null ? null : m.get(key(ns, path));
    }

    @Override
    public synchronized boolean insert(Namespace ns, CimInstance instance) {
        Map<ObjectPath, CimInstance> m = byClass.computeIfAbsent(new ClassKey(ns, instance.className()),
                k -> new LinkedHashMap<>());
        return m.putIfAbsent(key(ns, instance.path()), instance) == null;
    }

    @Override
    public synchronized boolean replace(Namespace ns, CimInstance instance) {
        Map<ObjectPath, CimInstance> m = byClass.get(new ClassKey(ns, instance.className()));
        ObjectPath k = key(ns, instance.path());
        if (m == null || !m.containsKey(k)) {
            return false;
        }
        m.put(k, instance);
        return true;
    }

    @Override
    public synchronized boolean delete(Namespace ns, ObjectPath path) {
        Map<ObjectPath, CimInstance> m = byClass.get(new ClassKey(ns, path.className()));
        return m != null && m.remove(key(ns, path)) != null;
    }
}
