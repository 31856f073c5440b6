package org.replicacim.provider.block;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimMethod;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.provider.ComputedInstanceProvider;
import org.replicacim.provider.MethodProvider;
import org.replicacim.provider.OperationContext;
import org.replicacim.storage.BackendException;
import org.replicacim.storage.BlockBackend;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.ReplicaPair;
import org.replicacim.storage.StoragePool;
import org.replicacim.storage.Volume;
import org.replicacim.storage.VolumeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MSISCSITARGET_StorageConfigurationService: its one instance and its methods. CreateOrModifyElementFromStoragePool
 * creates a volume in a pool (or resizes TheElement); ReturnToStoragePool deletes a volume that is in no replication
 * relationship. Every parameter is checked before the backend is touched, so a refusal changes nothing; the return
 * codes follow class-inventory.md §7 and replication-services.md §4.9 (a reference naming nothing is 5). The other
 * methods of the class return 1 (Not Supported).
 */
public final class StorageConfigurationServiceProvider extends ComputedInstanceProvider implements MethodProvider {
    /** The class this provider serves. */
    public static final String CLASS = ElementPaths.CONFIGURATION_SERVICE_CLASS;
    /** Volumes are sized in whole 512-byte blocks (the storage SPI names no per-pool unit; the file engine's). */
    static final long SIZE_UNIT = 512;

    private static final Logger LOG = LoggerFactory.getLogger(StorageConfigurationServiceProvider.class);
    private static final String CREATE = "CreateOrModifyElementFromStoragePool";
    private static final String RETURN = "ReturnToStoragePool";

    /** A refusal found while checking parameters: the return code, why, and OUT values that go with it. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final int code;
        final transient ParamValue[] outs;

        Refusal(int code, String why, ParamValue... outs) {
            super(why, null, false, false);
            this.code = code;
            this.outs = outs;
        }
    }

    private final BlockInstances instances;
    private final ElementPaths paths;
    private final BlockBackend backend;
    private final BlockCalls calls;

    StorageConfigurationServiceProvider(BlockInstances instances, BlockBackend backend, BlockCalls calls) {
        this.instances = instances;
        this.paths = instances.paths();
        this.backend = backend;
        this.calls = calls;
    }

    @Override
    protected List<CimInstance> instances(OperationContext ctx, CimClass cls) {
        return List.of(instances.configurationService());
    }

    @Override
    public CompletionStage<MethodResult> invokeMethod(OperationContext ctx, CimClass cls, ObjectPath target,
                                                      CimMethod method, List<ParamValue> in) {
        String name = method.name().value();
        try {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "createormodifyelementfromstoragepool" -> createOrModify(ctx, in);
                case "returntostoragepool" -> returnToPool(ctx, in);
                default -> {
                    LOG.info("{}.{} is not supported (1)", cls.name(), name);
                    yield MethodResults.done(BackendErrors.NOT_SUPPORTED);
                }
            };
        } catch (Refusal r) {
            LOG.info("{} refused ({}): {}", name, r.code, r.getMessage());
            return MethodResults.done(r.code, r.outs);
        } catch (BackendException e) {
            LOG.warn("{}: the backend could not answer while checking parameters: {}", name, e.getMessage());
            return MethodResults.done(BackendErrors.FAILED);
        } catch (RuntimeException e) {
            LOG.error("{} failed unexpectedly", name, e);
            return MethodResults.done(BackendErrors.UNKNOWN);
        }
    }

    // ---- CreateOrModifyElementFromStoragePool ----------------------------------------------------

    private CompletionStage<MethodResult> createOrModify(OperationContext ctx, List<ParamValue> in)
            throws Refusal, BackendException {
        CimValue goal = MethodResults.in(in, "Goal");
        if (goal != null) {
            throw new Refusal(BackendErrors.INVALID_PARAMETER, "Goal " + goal.asReference()
                    + " names no storage setting: this system offers none (leave Goal NULL)");
        }
        CimValue type = MethodResults.in(in, "ElementType");
        int elementType = type == null ? 2 : type.asInt();
        if (elementType != 2) {
            throw new Refusal(elementType >= 3 && elementType <= 8 ? BackendErrors.NOT_SUPPORTED
                    : BackendErrors.INVALID_PARAMETER, "ElementType " + elementType
                    + " is not supported: this system creates StorageVolumes (2) only");
        }
        CimValue nameValue = MethodResults.in(in, "ElementName");
        String name = nameValue == null ? null : nameValue.asString();
        Long size = size(MethodResults.in(in, "Size"));
        CimValue inPool = MethodResults.in(in, "InPool");
        CimValue theElement = MethodResults.in(in, "TheElement");
        if (theElement != null) {
            return modify(ctx, theElement.asReference(), inPool == null ? null : inPool.asReference(), name, size);
        }
        return create(ctx, inPool == null ? null : inPool.asReference(), name, size);
    }

    /** The Size parameter in bytes (capped at Long.MAX_VALUE, which no pool can hold), or null. */
    private static Long size(CimValue v) {
        if (v == null) {
            return null;
        }
        BigInteger b = v.value() instanceof BigInteger x ? x : BigInteger.valueOf(v.asLong());
        return b.bitLength() >= 63 ? Long.MAX_VALUE : b.longValue();
    }

    static long roundUp(long bytes) {
        long units = bytes / SIZE_UNIT + (bytes % SIZE_UNIT == 0 ? 0 : 1);
        return units > Long.MAX_VALUE / SIZE_UNIT ? Long.MAX_VALUE / SIZE_UNIT * SIZE_UNIT : units * SIZE_UNIT;
    }

    static long roundDown(long bytes) {
        return bytes / SIZE_UNIT * SIZE_UNIT;
    }

    private CompletionStage<MethodResult> create(OperationContext ctx, ObjectPath inPool, String name, Long size)
            throws Refusal, BackendException {
        if (size == null || size <= 0) {
            throw new Refusal(BackendErrors.INVALID_PARAMETER, "Size is required and must be positive to create a"
                    + " volume, got " + size);
        }
        StoragePool pool = inPool == null ? roomiestPool() : pool(inPool, "InPool");
        long wanted = roundUp(size);
        if (wanted > pool.freeBytes()) {
            throw new Refusal(BackendErrors.SIZE_NOT_SUPPORTED, "a volume of " + wanted + " bytes does not fit in pool "
                    + pool.id().value() + " (" + pool.freeBytes() + " bytes free)",
                    MethodResults.uint64("Size", roundDown(pool.freeBytes())));
        }
        PoolId poolId = pool.id();
        return calls.run(CREATE, ctx.user(), List.of(AffectedElementRefs.encode(paths.pool(poolId),
                AffectedElementRefs.PERFORMANCE_IMPACT)), () -> backend.createVolume(poolId, name == null ? "" : name,
                wanted), new BlockCalls.Outcome<Volume>() {
                    @Override
                    public MethodResult succeeded(Volume v) {
                        LOG.info("volume {} ({} bytes, '{}') created in pool {}", v.id(), v.sizeBytes(), v.name(),
                                poolId.value());
                        return MethodResults.result(0, MethodResults.ref("TheElement", paths.volume(v.id())),
                                MethodResults.uint64("Size", v.sizeBytes()));
                    }

                    @Override
                    public MethodResult refused(BackendException e) {
                        if (e.reason() == BackendException.Reason.NO_SPACE) {
                            return MethodResults.result(BackendErrors.SIZE_NOT_SUPPORTED,
                                    MethodResults.uint64("Size", roundDown(freeBytes(poolId))));
                        }
                        return MethodResults.result(BackendErrors.returnCode(e));
                    }

                    @Override
                    public List<ObjectPath> created(Volume v) {
                        return List.of(paths.volume(v.id()));
                    }
                });
    }

    private long freeBytes(PoolId id) {
        try {
            return backend.pool(id).freeBytes();
        } catch (BackendException e) {
            return 0;
        }
    }

    private StoragePool roomiestPool() throws Refusal, BackendException {
        StoragePool best = null;
        for (StoragePool p : backend.pools()) {
            if (best == null || p.freeBytes() > best.freeBytes()) {
                best = p;
            }
        }
        if (best == null) {
            throw new Refusal(BackendErrors.FAILED, "the backend offers no pool to allocate from");
        }
        return best;
    }

    /** Refuses a reference whose identifying key is missing or not a string (it can name nothing here). */
    private static void requireStringKey(ObjectPath ref, String key, String what) throws Refusal {
        CimValue v = ref.key(key);
        if (v == null || v.isNull() || v.type() != CimType.STRING) {
            throw new Refusal(BackendErrors.INVALID_PARAMETER, what + " " + ref + " has no string key " + key);
        }
    }

    /** The concrete backend pool a reference parameter names; 5 when it names none (or a primordial pool). */
    private StoragePool pool(ObjectPath ref, String what) throws Refusal, BackendException {
        requireStringKey(ref, "InstanceID", what);
        CimValue id = ref.key("InstanceID");
        if (id.asString().startsWith(ElementPaths.PRIMORDIAL_POOL_INSTANCE_PREFIX)) {
            throw new Refusal(BackendErrors.INVALID_PARAMETER, what + " " + ref
                    + " is a primordial pool: volumes are allocated from the concrete pool it backs");
        }
        PoolId poolId;
        try {
            poolId = paths.poolId(ref, what);
        } catch (CimException e) {
            throw new Refusal(BackendErrors.INVALID_PARAMETER, e.description());
        }
        try {
            return backend.pool(poolId);
        } catch (BackendException e) {
            if (e.reason() == BackendException.Reason.NOT_FOUND) {
                throw new Refusal(BackendErrors.INVALID_PARAMETER, what + " " + ref + " names no pool of this system");
            }
            throw e;
        }
    }

    /** The backend volume a reference parameter names; 5 when it names none. */
    private Volume volume(ObjectPath ref, String what) throws Refusal, BackendException {
        requireStringKey(ref, "DeviceID", what);
        VolumeId id;
        try {
            id = paths.volumeId(ref, what);
        } catch (CimException e) {
            throw new Refusal(BackendErrors.INVALID_PARAMETER, e.description());
        }
        try {
            return backend.volume(id);
        } catch (BackendException e) {
            if (e.reason() == BackendException.Reason.NOT_FOUND) {
                throw new Refusal(BackendErrors.INVALID_PARAMETER, what + " " + ref + " names no volume of this system");
            }
            throw e;
        }
    }

    /** The pairs a volume belongs to, as text for messages; empty when it is in none. */
    private List<String> pairsOf(VolumeId id) throws BackendException {
        List<String> out = new ArrayList<>();
        for (ReplicaPair p : backend.pairs()) {
            if (p.source().equals(id) || p.target().equals(id)) {
                out.add(p.kind().name().toLowerCase(Locale.ROOT) + " " + p.source().value() + " -> "
                        + p.target().value());
            }
        }
        return out;
    }

    private CompletionStage<MethodResult> modify(OperationContext ctx, ObjectPath ref, ObjectPath inPool,
                                                 String name, Long size) throws Refusal, BackendException {
        Volume v = volume(ref, "TheElement");
        ObjectPath path = paths.volume(v.id());
        if (inPool != null && !pool(inPool, "InPool").id().equals(v.poolId())) {
            throw new Refusal(BackendErrors.INVALID_PARAMETER, "TheElement " + v.id().value() + " is allocated from pool "
                    + v.poolId().value() + ", not from InPool " + inPool);
        }
        if (name != null && !name.equals(v.name())) {
            throw new Refusal(BackendErrors.NOT_SUPPORTED, "volumes cannot be renamed on this system ('" + v.name()
                    + "' -> '" + name + "')");
        }
        if (size != null && size <= 0) {
            throw new Refusal(BackendErrors.INVALID_PARAMETER, "Size must be positive, got " + size);
        }
        if (size == null || roundUp(size) == v.sizeBytes()) {
            return MethodResults.done(0, MethodResults.ref("TheElement", path), MethodResults.uint64("Size",
                    v.sizeBytes()));
        }
        List<String> pairs = pairsOf(v.id());
        if (!pairs.isEmpty()) {
            throw new Refusal(BackendErrors.IN_USE, "volume " + v.id().value() + " is in replication relationship(s) "
                    + pairs + "; its size cannot change");
        }
        long wanted = roundUp(size);
        StoragePool pool = backend.pool(v.poolId());
        long largest = v.sizeBytes() + roundDown(pool.freeBytes());
        if (wanted > largest) {
            throw new Refusal(BackendErrors.SIZE_NOT_SUPPORTED, "growing " + v.id().value() + " to " + wanted
                    + " bytes exceeds pool " + pool.id().value() + " (" + pool.freeBytes() + " bytes free)",
                    MethodResults.uint64("Size", largest));
        }
        VolumeId id = v.id();
        long before = v.sizeBytes();
        return calls.run(CREATE, ctx.user(), List.of(AffectedElementRefs.encode(path,
                AffectedElementRefs.EXCLUSIVE_USE)), () -> backend.resizeVolume(id, wanted),
                new BlockCalls.Outcome<Volume>() {
                    @Override
                    public MethodResult succeeded(Volume r) {
                        LOG.info("volume {} resized from {} to {} bytes", id, before, r.sizeBytes());
                        return MethodResults.result(0, MethodResults.ref("TheElement", path),
                                MethodResults.uint64("Size", r.sizeBytes()));
                    }

                    @Override
                    public MethodResult refused(BackendException e) {
                        return switch (e.reason()) {
                            // Growing beyond the pool: the largest size possible now.
                            case NO_SPACE -> MethodResults.result(BackendErrors.SIZE_NOT_SUPPORTED,
                                    MethodResults.uint64("Size", before + roundDown(freeBytes(v.poolId()))));
                            // Shrinking below the data: the volume keeps the size it has, which is supported.
                            case INVALID_ARGUMENT -> MethodResults.result(BackendErrors.SIZE_NOT_SUPPORTED,
                                    MethodResults.uint64("Size", before));
                            default -> MethodResults.result(BackendErrors.returnCode(e));
                        };
                    }

                    @Override
                    public List<ObjectPath> created(Volume r) {
                        return List.of();
                    }
                });
    }

    // ---- ReturnToStoragePool ---------------------------------------------------------------------

    private CompletionStage<MethodResult> returnToPool(OperationContext ctx, List<ParamValue> in)
            throws Refusal, BackendException {
        CimValue ref = MethodResults.in(in, "TheElement");
        if (ref == null) {
            throw new Refusal(BackendErrors.INVALID_PARAMETER, "TheElement is required");
        }
        Volume v = volume(ref.asReference(), "TheElement");
        List<String> pairs = pairsOf(v.id());
        if (!pairs.isEmpty()) {
            throw new Refusal(BackendErrors.IN_USE, "volume " + v.id().value() + " is in replication relationship(s) "
                    + pairs + ": detach or dissolve them first");
        }
        VolumeId id = v.id();
        return calls.run(RETURN, ctx.user(), List.of(AffectedElementRefs.encode(paths.volume(id),
                AffectedElementRefs.EXCLUSIVE_USE)), () -> {
                    backend.deleteVolume(id);
                    return id;
                }, new BlockCalls.Outcome<VolumeId>() {
                    @Override
                    public MethodResult succeeded(VolumeId deleted) {
                        LOG.info("volume {} returned to pool {}", deleted, v.poolId().value());
                        return MethodResults.result(0);
                    }

                    @Override
                    public MethodResult refused(BackendException e) {
                        return MethodResults.result(BackendErrors.returnCode(e));
                    }

                    @Override
                    public List<ObjectPath> created(VolumeId deleted) {
                        return List.of();
                    }
                });
    }
}
