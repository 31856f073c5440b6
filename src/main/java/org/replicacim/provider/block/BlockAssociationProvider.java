package org.replicacim.provider.block;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.KeyBinding;
import org.replicacim.cim.ObjectPath;
import org.replicacim.provider.AssociationProvider;
import org.replicacim.provider.OperationContext;
import org.replicacim.provider.ResultSink;
import org.replicacim.storage.BackendException;
import org.replicacim.storage.BlockBackend;
import org.replicacim.storage.StoragePool;
import org.replicacim.storage.Volume;
import org.replicacim.storage.VolumeId;

/**
 * The Block Services associations (class-inventory.md §7 instance diagram): HostedStoragePool (system → pools),
 * AllocatedFromStoragePool (pool → volume, primordial pool → pool), SystemDevice (system → volume), HostedService
 * (system → each service that exists) and ElementCapabilities (service and pools → their capabilities).
 *
 * <p>ElementCapabilities is served under the CIM class name: the Replication Services provider serves
 * MSISCSITARGET_ElementCapabilities for its own capabilities, and a class has one provider.
 */
public final class BlockAssociationProvider implements AssociationProvider {
    public static final String HOSTED_STORAGE_POOL = "MSISCSITARGET_HostedStoragePool";
    public static final String ALLOCATED_FROM_STORAGE_POOL = "MSISCSITARGET_AllocatedFromStoragePool";
    public static final String SYSTEM_DEVICE = "MSISCSITARGET_SystemDevice";
    public static final String HOSTED_SERVICE = "MSISCSITARGET_HostedService";
    public static final String ELEMENT_CAPABILITIES = "CIM_ElementCapabilities";
    /** The classes this provider serves. */
    public static final String[] CLASSES = {HOSTED_STORAGE_POOL, ALLOCATED_FROM_STORAGE_POOL, SYSTEM_DEVICE,
        HOSTED_SERVICE, ELEMENT_CAPABILITIES};

    private final ElementPaths paths;
    private final BlockBackend backend;
    private final Supplier<List<ObjectPath>> services;

    /** @param services the services the system hosts, as they exist when asked (their providers are registered) */
    BlockAssociationProvider(ElementPaths paths, BlockBackend backend, Supplier<List<ObjectPath>> services) {
        this.paths = paths;
        this.backend = backend;
        this.services = services;
    }

    @Override
    public void enumerateInstances(OperationContext ctx, CimClass cls, ResultSink<CimInstance> out)
            throws CimException {
        for (CimInstance i : compute(cls, null)) {
            out.accept(i);
        }
    }

    @Override
    public void references(OperationContext ctx, CimClass assocClass, ObjectPath source, String role,
                           ResultSink<CimInstance> out) throws CimException {
        // The dispatcher keeps only the instances that really reference the source; narrowing here saves work.
        for (CimInstance i : compute(assocClass, volumeOf(source))) {
            out.accept(i);
        }
    }

    @Override
    public CimInstance getInstance(OperationContext ctx, CimClass cls, ObjectPath path) throws CimException {
        VolumeId volume = null;
        for (KeyBinding k : path.keys()) {
            if (k.value().type() == CimType.REFERENCE && volume == null) {
                volume = volumeOf(k.value().asReference());
            }
        }
        ObjectPath wanted = normal(path);
        for (CimInstance i : compute(cls, volume)) {
            if (normal(i.path()).equals(wanted)) {
                return i;
            }
        }
        throw new CimException(CimStatus.NOT_FOUND, "no instance " + path.local());
    }

    /** The volume a reference names, or null when it names something else. */
    private VolumeId volumeOf(ObjectPath ref) {
        CimValue device = ref == null ? null : ref.key("DeviceID");
        if (device == null || device.isNull() || device.type() != CimType.STRING) {
            return null;
        }
        try {
            return paths.volumeId(ref, "reference");
        } catch (CimException e) {
            return null;
        }
    }

    /** The path with host removed and every namespace filled in, in the association and in its references. */
    private ObjectPath normal(ObjectPath p) {
        List<KeyBinding> keys = new ArrayList<>();
        for (KeyBinding k : p.keys()) {
            CimValue v = k.value();
            if (v.type() == CimType.REFERENCE && !v.isNull()) {
                ObjectPath r = v.asReference().withHost(null);
                v = CimValue.reference(r.namespace() == null ? r.withNamespace(paths.namespace()) : r);
            }
            keys.add(new KeyBinding(k.name(), v));
        }
        ObjectPath out = p.withHost(null).withKeys(keys);
        return out.namespace() == null ? out.withNamespace(paths.namespace()) : out;
    }

    /** The instances of {@code cls}; only those touching {@code volume} when it is not null (for the volume ones). */
    private List<CimInstance> compute(CimClass cls, VolumeId volume) throws CimException {
        List<CimInstance> out = new ArrayList<>();
        try {
            switch (cls.name().value().toLowerCase(Locale.ROOT)) {
                case "msiscsitarget_hostedstoragepool" -> {
                    for (StoragePool p : backend.pools()) {
                        out.add(link(cls, "GroupComponent", paths.system(), "PartComponent", paths.pool(p.id())));
                        out.add(link(cls, "GroupComponent", paths.system(), "PartComponent",
                                paths.primordialPool(p.id())));
                    }
                }
                case "msiscsitarget_allocatedfromstoragepool" -> {
                    if (volume == null) {
                        for (StoragePool p : backend.pools()) {
                            out.add(allocated(cls, paths.primordialPool(p.id()), paths.pool(p.id()),
                                    p.capacityBytes()));
                        }
                    }
                    for (Volume v : volumes(volume)) {
                        out.add(allocated(cls, paths.pool(v.poolId()), paths.volume(v.id()), v.sizeBytes()));
                    }
                }
                case "msiscsitarget_systemdevice" -> {
                    for (Volume v : volumes(volume)) {
                        out.add(link(cls, "GroupComponent", paths.system(), "PartComponent", paths.volume(v.id())));
                    }
                }
                case "msiscsitarget_hostedservice" -> {
                    for (ObjectPath s : services.get()) {
                        out.add(link(cls, "Antecedent", paths.system(), "Dependent", s));
                    }
                }
                case "cim_elementcapabilities" -> {
                    out.add(capabilities(cls, paths.configurationService(), paths.configurationCapabilities()));
                    for (StoragePool p : backend.pools()) {
                        out.add(capabilities(cls, paths.pool(p.id()), paths.poolCapabilities(p.id(), false)));
                        out.add(capabilities(cls, paths.primordialPool(p.id()), paths.poolCapabilities(p.id(), true)));
                    }
                }
                default -> { }
            }
        } catch (BackendException e) {
            throw BackendErrors.cimException(e);
        }
        return out;
    }

    /** Every volume, or just the one named (none if it does not exist). */
    private List<Volume> volumes(VolumeId only) throws BackendException {
        if (only == null) {
            return backend.volumes();
        }
        try {
            return List.of(backend.volume(only));
        } catch (BackendException e) {
            if (e.reason() == BackendException.Reason.NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
    }

    private static CimInstance.Builder builder(CimClass cls, String role1, ObjectPath ref1, String role2,
                                               ObjectPath ref2) {
        ObjectPath p = ObjectPath.builder(cls.name()).namespace(ref1.namespace())
                .key(role1, CimValue.reference(ref1)).key(role2, CimValue.reference(ref2)).build();
        return CimInstance.builder(cls.name()).path(p)
                .property(role1, CimValue.reference(ref1))
                .property(role2, CimValue.reference(ref2));
    }

    private static CimInstance link(CimClass cls, String role1, ObjectPath ref1, String role2, ObjectPath ref2) {
        return builder(cls, role1, ref1, role2, ref2).build();
    }

    private static CimInstance allocated(CimClass cls, ObjectPath pool, ObjectPath element, long bytes) {
        return builder(cls, "Antecedent", pool, "Dependent", element)
                .property("SpaceConsumed", CimValue.uint64(bytes)).build();
    }

    private static CimInstance capabilities(CimClass cls, ObjectPath element, ObjectPath caps) {
        return builder(cls, "ManagedElement", element, "Capabilities", caps)
                .property("Characteristics", CimValue.uint16Array(2, 3)).build();
    }
}
