package org.replicacim.app;

import java.util.List;
import java.util.concurrent.Callable;
import org.replicacim.storage.BackendCapabilities;
import org.replicacim.storage.BackendCounters;
import org.replicacim.storage.BackendException;
import org.replicacim.storage.BlockBackend;
import org.replicacim.storage.BlockDevice;
import org.replicacim.storage.ChangeMap;
import org.replicacim.storage.CopyTask;
import org.replicacim.storage.CopyTaskId;
import org.replicacim.storage.MirrorMode;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.ReplicaPair;
import org.replicacim.storage.ReplicaPairId;
import org.replicacim.storage.ReplicaTarget;
import org.replicacim.storage.StoragePool;
import org.replicacim.storage.Volume;
import org.replicacim.storage.VolumeId;

/**
 * The block backend of a server that may be a follower of a shared store: the engine behind it is opened only
 * when this server leads (two servers must never drive one engine's directory: opening it reconciles its files
 * and resumes its copies), and closed when it stops leading. A follower's calls fail with a backend error naming
 * the leader; its capabilities are known without opening the engine, so that the providers can be wired.
 */
final class LeaderBackend implements BlockBackend {
    private final BackendCapabilities capabilities;
    private final Callable<BlockBackend> opener;
    private final java.util.function.Supplier<String> leader;
    private volatile BlockBackend current;

    LeaderBackend(BackendCapabilities capabilities, Callable<BlockBackend> opener,
                  java.util.function.Supplier<String> leader) {
        this.capabilities = capabilities;
        this.opener = opener;
        this.leader = leader;
    }

    /** Opens the engine (this server now leads); nothing if it is open already. */
    synchronized void open() throws Exception {
        if (current == null) {
            current = opener.call();
        }
    }

    /** Whether the engine is open (this server leads). */
    boolean isOpen() {
        return current != null;
    }

    private BlockBackend backend() throws BackendException {
        BlockBackend b = current;
        if (b == null) {
            String l = leader.get();
            throw new BackendException(BackendException.Reason.UNSUPPORTED, "this server is a follower; the storage"
                    + " backend is driven by the leader, " + (l == null ? "not known at the moment" : l));
        }
        return b;
    }

    /** The engine itself while this server leads, else null. */
    BlockBackend engine() {
        return current;
    }

    @Override
    public BackendCapabilities capabilities() {
        // the open engine's own answer (qemu offers less than the file engine); the assumed set while following
        BlockBackend b = current;
        return b != null ? b.capabilities() : capabilities;
    }

    @Override
    public <T> T holdingWrites(java.util.Collection<VolumeId> volumes, HeldWork<T> work) throws BackendException {
        return backend().holdingWrites(volumes, work);
    }

    @Override
    public List<StoragePool> pools() throws BackendException {
        return backend().pools();
    }

    @Override
    public StoragePool pool(PoolId id) throws BackendException {
        return backend().pool(id);
    }

    @Override
    public Volume createVolume(PoolId pool, String name, long sizeBytes) throws BackendException {
        return backend().createVolume(pool, name, sizeBytes);
    }

    @Override
    public void deleteVolume(VolumeId id) throws BackendException {
        backend().deleteVolume(id);
    }

    @Override
    public Volume resizeVolume(VolumeId id, long newSizeBytes) throws BackendException {
        return backend().resizeVolume(id, newSizeBytes);
    }

    @Override
    public List<Volume> volumes() throws BackendException {
        return backend().volumes();
    }

    @Override
    public Volume volume(VolumeId id) throws BackendException {
        return backend().volume(id);
    }

    @Override
    public BlockDevice openDevice(VolumeId id) throws BackendException {
        return backend().openDevice(id);
    }

    @Override
    public ReplicaPair createSnapshot(VolumeId source, ReplicaTarget target) throws BackendException {
        return backend().createSnapshot(source, target);
    }

    @Override
    public CopyTask createClone(VolumeId source, ReplicaTarget target) throws BackendException {
        return backend().createClone(source, target);
    }

    @Override
    public CopyTask createMirror(VolumeId source, ReplicaTarget target, MirrorMode mode) throws BackendException {
        return backend().createMirror(source, target, mode);
    }

    @Override
    public ReplicaPair fracture(ReplicaPairId id) throws BackendException {
        return backend().fracture(id);
    }

    @Override
    public ReplicaPair split(ReplicaPairId id) throws BackendException {
        return backend().split(id);
    }

    @Override
    public ReplicaPair suspend(ReplicaPairId id) throws BackendException {
        return backend().suspend(id);
    }

    @Override
    public CopyTask resumePair(ReplicaPairId id) throws BackendException {
        return backend().resumePair(id);
    }

    @Override
    public CopyTask resync(ReplicaPairId id) throws BackendException {
        return backend().resync(id);
    }

    @Override
    public CopyTask restore(ReplicaPairId id) throws BackendException {
        return backend().restore(id);
    }

    @Override
    public ReplicaPair swapRoles(ReplicaPairId id) throws BackendException {
        return backend().swapRoles(id);
    }

    @Override
    public ReplicaPair abort(ReplicaPairId id) throws BackendException {
        return backend().abort(id);
    }

    @Override
    public void removePair(ReplicaPairId id, boolean deleteTarget) throws BackendException {
        backend().removePair(id, deleteTarget);
    }

    @Override
    public List<ReplicaPair> pairs() throws BackendException {
        return backend().pairs();
    }

    @Override
    public ReplicaPair pair(ReplicaPairId id) throws BackendException {
        return backend().pair(id);
    }

    @Override
    public ChangeMap changeMap(ReplicaPairId id) throws BackendException {
        return backend().changeMap(id);
    }

    @Override
    public CopyTask task(CopyTaskId id) throws BackendException {
        return backend().task(id);
    }

    @Override
    public List<CopyTask> tasks() {
        BlockBackend b = current;
        return b == null ? List.of() : b.tasks();
    }

    @Override
    public BackendCounters counters() {
        BlockBackend b = current;
        return b == null ? new BackendCounters(0, 0, 0) : b.counters();
    }

    /** Closes the engine if open (it checkpoints running copies, which resume when it is opened again). */
    @Override
    public synchronized void close() throws BackendException {
        BlockBackend b = current;
        current = null;
        if (b != null) {
            b.close();
        }
    }
}
