package org.replicacim.provider.interop;

import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;
import org.replicacim.cim.Namespace;

/**
 * Who this server is, as the Interop namespace describes it: the hosting system's keys, the object manager's name,
 * version, the namespaces it serves (the first is the Interop namespace) and its CIM-XML endpoints.
 */
public record ServerIdentity(String systemCreationClassName, String systemName, String objectManagerName,
                             String version, List<Namespace> namespaces, List<Endpoint> endpoints) {
    /**
     * One CIM-XML listener: its scheme, port and whether it asks for credentials. The port is read when an instance
     * is built, because a listener configured with port 0 learns its port only when it binds.
     */
    public record Endpoint(String scheme, IntSupplier portSource, boolean authenticated) {
        /** A listener on a fixed port. */
        public Endpoint(String scheme, int port, boolean authenticated) {
            this(scheme, () -> port, authenticated);
        }

        /** The port the listener is bound to. */
        public int port() {
            return portSource.getAsInt();
        }
    }

    public ServerIdentity {
        Objects.requireNonNull(systemCreationClassName, "systemCreationClassName");
        Objects.requireNonNull(systemName, "systemName");
        Objects.requireNonNull(objectManagerName, "objectManagerName");
        namespaces = List.copyOf(namespaces);
        endpoints = List.copyOf(endpoints);
    }

    public Namespace interopNamespace() {
        return namespaces.get(0);
    }
}
