package org.replicacim.provider.block;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimMethod;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.provider.InstanceProvider;
import org.replicacim.provider.MethodProvider;
import org.replicacim.provider.OperationContext;
import org.replicacim.provider.ResultSink;
import org.replicacim.storage.BackendException;
import org.replicacim.storage.BlockBackend;
import org.replicacim.storage.StoragePool;

/**
 * MSISCSITARGET_StoragePool: each backend pool (capacity and free space as the backend reports them now) and the
 * primordial pool behind it. GetSupportedSizeRange tells what CreateOrModifyElementFromStoragePool would accept.
 */
public final class StoragePoolProvider implements InstanceProvider, MethodProvider {
    /** The class this provider serves. */
    public static final String CLASS = ElementPaths.POOL_CLASS;

    private final BlockInstances instances;
    private final ElementPaths paths;
    private final BlockBackend backend;

    StoragePoolProvider(BlockInstances instances, BlockBackend backend) {
        this.instances = instances;
        this.paths = instances.paths();
        this.backend = backend;
    }

    @Override
    public void enumerateInstances(OperationContext ctx, CimClass cls, ResultSink<CimInstance> out)
            throws CimException {
        for (StoragePool p : pools()) {
            out.accept(instances.pool(p));
            out.accept(instances.primordialPool(p));
        }
    }

    private List<StoragePool> pools() throws CimException {
        try {
            return backend.pools();
        } catch (BackendException e) {
            throw BackendErrors.cimException(e);
        }
    }

    /** The backend pool behind a pool path and whether the path names its primordial pool; NOT_FOUND otherwise. */
    private record Named(StoragePool pool, boolean primordial) {
    }

    private Named find(ObjectPath path) throws CimException {
        CimValue id = path.key("InstanceID");
        String text = id == null || id.isNull() ? "" : id.asString();
        boolean primordial = text.startsWith(ElementPaths.PRIMORDIAL_POOL_INSTANCE_PREFIX);
        String rest = primordial ? text.substring(ElementPaths.PRIMORDIAL_POOL_INSTANCE_PREFIX.length())
                : text.startsWith(ElementPaths.POOL_INSTANCE_PREFIX)
                ? text.substring(ElementPaths.POOL_INSTANCE_PREFIX.length()) : null;
        if (rest != null) {
            for (StoragePool p : pools()) {
                if (p.id().value().equals(rest)) {
                    return new Named(p, primordial);
                }
            }
        }
        throw new CimException(CimStatus.NOT_FOUND, "no pool " + path.local());
    }

    @Override
    public CimInstance getInstance(OperationContext ctx, CimClass cls, ObjectPath path) throws CimException {
        Named n = find(path);
        return n.primordial() ? instances.primordialPool(n.pool()) : instances.pool(n.pool());
    }

    @Override
    public CompletionStage<MethodResult> invokeMethod(OperationContext ctx, CimClass cls, ObjectPath target,
                                                      CimMethod method, List<ParamValue> in) {
        try {
            if (method.name().is("GetSupportedSizeRange")) {
                return sizeRange(find(target), in);
            }
            if (method.name().is("GetSupportedSizes")) {
                return MethodResults.done(2); // "Use GetSupportedSizeRange instead"
            }
            return MethodResults.done(BackendErrors.NOT_SUPPORTED);
        } catch (CimException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Volumes of whole 512-byte blocks from one block up to the pool's free space; 3 for other element types. */
    private CompletionStage<MethodResult> sizeRange(Named n, List<ParamValue> in) {
        CimValue type = MethodResults.in(in, "ElementType");
        int elementType = type == null ? 3 : type.asInt();
        if (elementType != 3 || n.primordial()) {
            return MethodResults.done(3); // Invalid Element Type: only volumes, only from concrete pools
        }
        long free = StorageConfigurationServiceProvider.roundDown(n.pool().freeBytes());
        long unit = StorageConfigurationServiceProvider.SIZE_UNIT;
        return MethodResults.done(0, MethodResults.uint64("MinimumVolumeSize", Math.min(unit, free)),
                MethodResults.uint64("MaximumVolumeSize", free), MethodResults.uint64("VolumeSizeDivisor", unit));
    }
}
