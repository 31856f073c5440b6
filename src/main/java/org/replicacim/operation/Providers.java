package org.replicacim.operation;

import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.Namespace;
import org.replicacim.provider.InstanceProvider;
import org.replicacim.provider.MethodProvider;
import org.replicacim.provider.ProviderRegistry;

/** Picks the provider for a class: the one registered for it, else the static instance provider. */
final class Providers {
    private final ProviderRegistry registry;
    private final InstanceProvider staticProvider;

    Providers(ProviderRegistry registry, InstanceProvider staticProvider) {
        this.registry = registry;
        this.staticProvider = staticProvider;
    }

    /** The provider of exactly this class; the static one when none is registered (null for abstract classes). */
    InstanceProvider instances(Namespace ns, CimClass cls) {
        InstanceProvider p = registry.instanceProvider(ns, cls.name());
        if (p != null) {
            return p;
        }
        return cls.isAbstract() ? null : staticProvider;
    }

    InstanceProvider instancesOrFail(Namespace ns, CimClass cls) throws CimException {
        InstanceProvider p = instances(ns, cls);
        if (p == null) {
            throw new CimException(CimStatus.NOT_SUPPORTED, "class " + cls.name() + " is abstract and has no instances");
        }
        return p;
    }

    boolean isStatic(InstanceProvider p) {
        return p == staticProvider;
    }

    MethodProvider methods(Namespace ns, CimClass cls) {
        return registry.methodProvider(ns, cls.name());
    }
}
