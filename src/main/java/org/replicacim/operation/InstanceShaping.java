package org.replicacim.operation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimProperty;
import org.replicacim.cim.CimValue;
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
        // every property the class exposes, in class order: a provider's value, or NULL where it has none (as the
        // instance has the property all the same; wbemcli's mi can only set properties it sees)
        for (CimProperty decl : instanceClass.properties()) {
            if ((wanted != null && !wanted.contains(decl.name()))
                    || (limitTo != null && limitTo.property(decl.name()) == null)) {
                continue;
            }
            CimProperty p = in.property(decl.name());
            CimValue v = p != null ? p.value() : decl.embedded() == CimValue.Embedded.NONE
                    ? CimValue.nullValue(decl.type(), decl.array())
                    : decl.array() ? CimValue.embeddedArray(decl.embedded(), null)
                    : CimValue.embedded(decl.embedded(), null);
            b.property(new CimProperty(decl.name(), decl.type(), decl.array(), decl.arraySize(),
                    decl.referenceClass(), v, List.of(), includeClassOrigin ? decl.classOrigin() : null,
                    decl.propagated(), v.embedded() != CimValue.Embedded.NONE ? v.embedded() : decl.embedded()));
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
