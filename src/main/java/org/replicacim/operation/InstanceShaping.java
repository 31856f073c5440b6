package org.replicacim.operation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimProperty;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;

/**
 * Puts a provider's instance into the form a response carries: names spelled as the class spells them, declared
 * reference classes and embedding, no qualifiers, only the requested properties, and a full path.
 */
final class InstanceShaping {
    private final String host;

    InstanceShaping(String host) {
        this.host = host;
    }

    /**
     * @param instanceClass the resolved class of the instance
     * @param limitTo       when not null, only properties this class exposes (DeepInheritance=false)
     * @param propertyList  null for all properties
     */
    CimInstance shape(CimInstance in, Namespace ns, CimClass instanceClass, CimClass limitTo,
                      boolean includeClassOrigin, List<CimName> propertyList) {
        Set<CimName> wanted = propertyList == null ? null : new HashSet<>(propertyList);
        CimInstance.Builder b = CimInstance.builder(instanceClass.name()).path(fullPath(in.path(), ns));
        for (CimProperty p : in.properties()) {
            CimProperty decl = instanceClass.property(p.name());
            if (decl == null || (wanted != null && !wanted.contains(decl.name()))
                    || (limitTo != null && limitTo.property(decl.name()) == null)) {
                continue;
            }
            b.property(new CimProperty(decl.name(), decl.type(), decl.array(), decl.arraySize(),
                    decl.referenceClass(), p.value(),
                    List.of(), includeClassOrigin ? decl.classOrigin() : null, decl.propagated(),
                    p.value().embedded() != org.replicacim.cim.CimValue.Embedded.NONE ? p.value().embedded()
                            : decl.embedded()));
        }
        return b.build();
    }

    /** The path with this server's host and the namespace filled in where missing. */
    ObjectPath fullPath(ObjectPath p, Namespace ns) {
        if (p == null) {
            return null;
        }
        ObjectPath out = p;
        if (out.namespace() == null) {
            out = out.withNamespace(ns);
        }
        if (out.host() == null) {
            out = out.withHost(host);
        }
        return out;
    }
}
