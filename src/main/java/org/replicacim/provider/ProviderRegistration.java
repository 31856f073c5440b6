package org.replicacim.provider;

import java.util.Objects;
import java.util.Set;
import org.replicacim.cim.CimName;
import org.replicacim.cim.Namespace;

/** Registration as data: which classes of which namespaces a provider serves. */
public record ProviderRegistration(Set<Namespace> namespaces, Set<CimName> classNames, Object provider) {
    public ProviderRegistration {
        namespaces = Set.copyOf(namespaces);
        classNames = Set.copyOf(classNames);
        Objects.requireNonNull(provider, "provider");
        if (!(provider instanceof InstanceProvider) && !(provider instanceof MethodProvider)) {
            throw new IllegalArgumentException("a provider must be an InstanceProvider or a MethodProvider: "
                    + provider.getClass().getName());
        }
    }

    public static ProviderRegistration of(Namespace namespace, Object provider, String... classNames) {
        java.util.Set<CimName> names = new java.util.LinkedHashSet<>();
        for (String c : classNames) {
            names.add(CimName.of(c));
        }
        return new ProviderRegistration(Set.of(namespace), names, provider);
    }
}
