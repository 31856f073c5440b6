package org.replicacim.storage.file;

import org.replicacim.storage.PropertiesFile;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.replicacim.storage.BackendCapabilities;
import org.replicacim.storage.BackendCounters;
import org.replicacim.storage.BackendException;
import org.replicacim.storage.BackendException.Reason;
import org.replicacim.storage.BlockBackend;
import org.replicacim.storage.BlockDevice;
import org.replicacim.storage.Capability;
import org.replicacim.storage.ChangeMap;
import org.replicacim.storage.CopyTask;
import org.replicacim.storage.CopyTaskId;
import org.replicacim.storage.CopyTaskKind;
import org.replicacim.storage.CopyTaskState;
import org.replicacim.storage.MirrorMode;
import org.replicacim.storage.PairState;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.ReplicaKind;
import org.replicacim.storage.ReplicaPair;
import org.replicacim.storage.ReplicaPairId;
import org.replicacim.storage.ReplicaTarget;
import org.replicacim.storage.StoragePool;
import org.replicacim.storage.Volume;
import org.replicacim.storage.VolumeId;

/**
 * The embedded file engine: sparse image files, copy-on-write snapshots, background clones, mirrors and dirty maps.
 *
 * <p>Structural changes (volumes, pairs, pair states) take the structure write lock and thereby quiesce host I/O,
 * which holds the read lock for the duration of one request. Reopening the data directory after a crash
 * reconciles everything: orphan files are removed, interrupted copies resume from their checkpoint, and mirrors
 * whose write intents survived copy those chunks again before they report SYNCHRONIZED.
 */
public final class FileBackend implements BlockBackend, FileCopyTask.Owner {
    private static final Logger LOG = LoggerFactory.getLogger(FileBackend.class);
    private static final long DRAIN_MILLIS = 30_000;

    private final FileBackendConfig config;
    private final Path volumesDir;
    private final Path pairsDir;
    private final ChunkIo io;
    private final BackendCapabilities capabilities;
    private final ReentrantReadWriteLock structure = new ReentrantReadWriteLock();
    private final Map<VolumeId, FileVolume> volumes = new ConcurrentHashMap<>();
    private final Map<ReplicaPairId, FilePair> pairs = new ConcurrentHashMap<>();
    private final Map<CopyTaskId, FileCopyTask> tasks = new ConcurrentHashMap<>();
    private final Map<ReplicaPairId, Thread> appliers = new ConcurrentHashMap<>();
    private final ExecutorService copyExecutor;
    private final ScheduledExecutorService housekeeper;
    private volatile boolean closed;

    private FileBackend(FileBackendConfig config) {
        this.config = config;
        this.volumesDir = config.dataDirectory().resolve("volumes");
        this.pairsDir = config.dataDirectory().resolve("pairs");
        this.io = new ChunkIo(config.chunkSize());
        this.capabilities = BackendCapabilities.of(config.chunkSize(), EnumSet.allOf(Capability.class));
        this.copyExecutor = new ThreadPoolExecutor(config.copyThreads(), config.copyThreads(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), namedThreads("file-backend-copy"));
        ((ThreadPoolExecutor) copyExecutor).allowCoreThreadTimeOut(true);
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                namedThreads("file-backend-housekeeper"));
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.housekeeper = scheduler;
    }

    /** Opens (or initialises) the data directory and recovers volumes, pairs and interrupted copies. */
    public static FileBackend open(FileBackendConfig config) throws BackendException {
        FileBackend backend = new FileBackend(config);
        try {
            backend.recover();
        } catch (IOException | RuntimeException e) {
            backend.shutdownThreads();
            throw new BackendException(Reason.IO_ERROR, "cannot open file backend in " + config.dataDirectory()
                    + ": " + e.getMessage(), e);
        }
        backend.housekeeper.scheduleWithFixedDelay(backend::clearAppliedIntents, 500, 500, TimeUnit.MILLISECONDS);
        return backend;
    }

    private static ThreadFactory namedThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ---------------------------------------------------------------- recovery

    private void recover() throws IOException {
        Files.createDirectories(volumesDir);
        Files.createDirectories(pairsDir);
        deleteTempFiles(volumesDir);
        deleteTempFiles(pairsDir);
        for (Path meta : list(volumesDir, ".properties")) {
            VolumeId id = VolumeId.of(stripSuffix(meta, ".properties"));
            volumes.put(id, FileVolume.open(volumesDir, id));
        }
        for (Path image : list(volumesDir, ".img")) {
            // An image without metadata is a create that crashed before it was published.
            if (!volumes.containsKey(VolumeId.of(stripSuffix(image, ".img")))) {
                Files.deleteIfExists(image);
            }
        }
        for (Path meta : list(pairsDir, ".properties")) {
            ReplicaPairId id = ReplicaPairId.of(stripSuffix(meta, ".properties"));
            FilePair pair = FilePair.open(pairsDir, id, this::volumeForRecovery);
            pairs.put(id, pair);
            pair.source().addPair(pair);
            pair.target().addPair(pair);
        }
        for (Path bitmap : concat(list(pairsDir, ".pending"), list(pairsDir, ".dirty"))) {
            String name = bitmap.getFileName().toString();
            String id = name.substring(0, name.lastIndexOf('.'));
            if (!pairs.containsKey(ReplicaPairId.of(id))) {
                Files.deleteIfExists(bitmap);
            }
        }
        for (FileVolume volume : List.copyOf(volumes.values())) {
            if (!volume.owner().isEmpty() && !pairs.containsKey(ReplicaPairId.of(volume.owner()))) {
                LOG.info("removing volume {} allocated for pair {} that was never created", volume.id(),
                        volume.owner());
                removeVolumeFiles(volume);
            }
        }
        for (FilePair pair : pairs.values()) {
            recoverPair(pair);
        }
    }

    private FileVolume volumeForRecovery(String id) throws IOException {
        FileVolume volume = volumes.get(VolumeId.of(id));
        if (volume == null) {
            throw new IOException("pair metadata names missing volume " + id);
        }
        return volume;
    }

    private void recoverPair(FilePair pair) throws IOException {
        if (pair.kind() == ReplicaKind.SNAPSHOT && pair.state() == PairState.RESTORING) {
            LOG.info("finishing snapshot restore of pair {} interrupted by a crash", pair.id());
            restoreSnapshotLocked(pair);
            return;
        }
        boolean copying = pair.taskId().isPresent() && pair.copyActive();
        if (copying) {
            boolean suspended = pair.state() == PairState.SUSPENDED;
            FileCopyTask task = newTask(pair, pair.taskId().get(), pair.taskKind(), pair.taskBytesDone(),
                    pair.taskBytesTotal());
            LOG.info("resuming {} task {} of pair {} at {} of {} bytes", pair.taskKind(), task.id(), pair.id(),
                    pair.taskBytesDone(), pair.taskBytesTotal());
            if (suspended) {
                task.pause();
            }
            copyExecutor.execute(task);
            return;
        }
        if (pair.kind() == ReplicaKind.MIRROR && pair.state() == PairState.SYNCHRONIZED) {
            if (pair.dirty().cardinality() > 0) {
                // Write intents survived: those chunks may differ. Copy them again before claiming synchrony.
                LOG.info("mirror {} has {} chunks with write intents after restart; resyncing them", pair.id(),
                        pair.dirty().cardinality());
                startIncrementalCopy(pair, true, CopyTaskKind.RESYNC, false);
            } else if (pair.asynchronous()) {
                startApplier(pair);
            }
        }
    }

    private static List<Path> list(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void deleteTempFiles(Path dir) throws IOException {
        for (Path temp : list(dir, PropertiesFile.TEMP_SUFFIX)) {
            Files.deleteIfExists(temp);
        }
    }

    private static String stripSuffix(Path file, String suffix) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - suffix.length());
    }

    // ---------------------------------------------------------------- pools and volumes

    @Override
    public BackendCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public List<StoragePool> pools() throws BackendException {
        return List.of(pool(config.poolId()));
    }

    @Override
    public StoragePool pool(PoolId id) throws BackendException {
        ensureOpen();
        if (!config.poolId().equals(id)) {
            throw new BackendException(Reason.NOT_FOUND, "no pool " + id);
        }
        return new StoragePool(id, id.value(), config.poolCapacityBytes(), freeBytes());
    }

    private long freeBytes() {
        long used = volumes.values().stream().mapToLong(FileVolume::size).sum();
        return Math.max(0, config.poolCapacityBytes() - used);
    }

    @Override
    public Volume createVolume(PoolId pool, String name, long sizeBytes) throws BackendException {
        return exclusive(() -> newVolume(pool, name, sizeBytes, "").describe());
    }

    private FileVolume newVolume(PoolId pool, String name, long sizeBytes, String owner)
            throws BackendException, IOException {
        if (!config.poolId().equals(pool)) {
            throw new BackendException(Reason.NOT_FOUND, "no pool " + pool);
        }
        checkSize(sizeBytes);
        if (sizeBytes > freeBytes()) {
            throw new BackendException(Reason.NO_SPACE, "volume of " + sizeBytes + " bytes does not fit in pool "
                    + pool + " (" + freeBytes() + " bytes free)");
        }
        VolumeId id;
        do {
            id = VolumeId.of(String.format("vol-%08x", ThreadLocalRandom.current().nextInt()));
        } while (volumes.containsKey(id));
        FileVolume volume = FileVolume.create(volumesDir, id, pool, name, sizeBytes, owner);
        volumes.put(id, volume);
        return volume;
    }

    private static void checkSize(long sizeBytes) throws BackendException {
        if (sizeBytes <= 0 || sizeBytes % FileVolume.BLOCK_SIZE != 0) {
            throw new BackendException(Reason.INVALID_ARGUMENT, "volume size must be a positive multiple of "
                    + FileVolume.BLOCK_SIZE + " bytes, got " + sizeBytes);
        }
    }

    @Override
    public void deleteVolume(VolumeId id) throws BackendException {
        exclusive(() -> {
            FileVolume volume = requireVolume(id);
            requireUnpaired(volume);
            if (volume.openDevices().get() > 0) {
                throw new BackendException(Reason.IN_USE, "volume " + id + " has " + volume.openDevices().get()
                        + " open device(s)");
            }
            removeVolumeFiles(volume);
            return null;
        });
    }

    private void removeVolumeFiles(FileVolume volume) throws IOException {
        // Metadata first: once it is gone the volume is gone, and the image is an orphan removed on open.
        PropertiesFile.delete(volume.metadata());
        volumes.remove(volume.id());
        volume.close();
        Files.deleteIfExists(volume.image());
    }

    private static void requireUnpaired(FileVolume volume) throws BackendException {
        if (!volume.pairs().isEmpty()) {
            throw new BackendException(Reason.IN_USE, "volume " + volume.id() + " belongs to pair(s) "
                    + volume.pairs().stream().map(p -> p.id().value()).toList());
        }
    }

    @Override
    public Volume resizeVolume(VolumeId id, long newSizeBytes) throws BackendException {
        capabilities.require(Capability.RESIZE);
        return exclusive(() -> {
            FileVolume volume = requireVolume(id);
            checkSize(newSizeBytes);
            requireUnpaired(volume);
            long delta = newSizeBytes - volume.size();
            if (delta > freeBytes()) {
                throw new BackendException(Reason.NO_SPACE, "growing " + id + " by " + delta + " bytes exceeds the "
                        + freeBytes() + " bytes free in pool " + volume.poolId());
            }
            if (delta < 0) {
                long used = volume.usedSize(config.chunkSize());
                if (newSizeBytes < used) {
                    throw new BackendException(Reason.INVALID_ARGUMENT, "cannot shrink " + id + " to "
                            + newSizeBytes + " bytes: data is stored up to byte " + used);
                }
            }
            volume.resize(newSizeBytes);
            return volume.describe();
        });
    }

    @Override
    public List<Volume> volumes() throws BackendException {
        ensureOpen();
        return volumes.values().stream().map(FileVolume::describe)
                .sorted(Comparator.comparing(Volume::id)).toList();
    }

    @Override
    public Volume volume(VolumeId id) throws BackendException {
        ensureOpen();
        return requireVolume(id).describe();
    }

    private FileVolume requireVolume(VolumeId id) throws BackendException {
        FileVolume volume = id == null ? null : volumes.get(id);
        if (volume == null) {
            throw new BackendException(Reason.NOT_FOUND, "no volume " + id);
        }
        return volume;
    }

    @Override
    public BlockDevice openDevice(VolumeId id) throws BackendException {
        ensureOpen();
        structure.readLock().lock();
        try {
            return new FileBlockDevice(this, requireVolume(id));
        } finally {
            structure.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------- host I/O

    void deviceRead(FileVolume volume, long offset, ByteBuffer dst) throws IOException {
        structure.readLock().lock();
        try {
            checkRange(volume, offset, dst.remaining());
            io.read(volume, offset, dst);
        } finally {
            structure.readLock().unlock();
        }
    }

    void deviceWrite(FileVolume volume, long offset, ByteBuffer src) throws IOException {
        structure.readLock().lock();
        try {
            checkRange(volume, offset, src.remaining());
            io.hostWrite(volume, offset, src);
        } finally {
            structure.readLock().unlock();
        }
    }

    void deviceFlush(FileVolume volume) throws IOException {
        structure.readLock().lock();
        try {
            ensureOpenIo(volume);
            volume.force();
            for (FilePair p : volume.pairs()) {
                if (p.mirroring() && !p.asynchronous() && p.source() == volume) {
                    p.target().force();
                }
            }
        } finally {
            structure.readLock().unlock();
        }
    }

    void deviceTrim(FileVolume volume, long offset, long length) throws IOException {
        // Java cannot punch holes, so a trim writes zeros where data is, through the engine like any write.
        int piece = 1 << 20;
        ByteBuffer current = ByteBuffer.allocate(piece);
        ByteBuffer zeros = ByteBuffer.allocate(piece);
        structure.readLock().lock();
        try {
            checkRange(volume, offset, length);
            for (long at = offset; at < offset + length; at += piece) {
                int n = (int) Math.min(piece, offset + length - at);
                current.clear().limit(n);
                io.read(volume, at, current);
                current.flip();
                if (!ZeroChunks.isZero(current)) {
                    io.hostWrite(volume, at, zeros.clear().limit(n));
                }
            }
        } finally {
            structure.readLock().unlock();
        }
    }

    private void checkRange(FileVolume volume, long offset, long length) throws IOException {
        ensureOpenIo(volume);
        if (offset < 0 || length < 0 || offset + length > volume.size()) {
            throw new EOFException("range " + offset + "+" + length + " outside volume " + volume.id() + " of "
                    + volume.size() + " bytes");
        }
    }

    private void ensureOpenIo(FileVolume volume) throws IOException {
        if (closed || volumes.get(volume.id()) != volume) {
            throw new IOException("volume " + volume.id() + " is no longer available");
        }
    }

    // ---------------------------------------------------------------- establishing pairs

    @Override
    public ReplicaPair createSnapshot(VolumeId source, ReplicaTarget target) throws BackendException {
        capabilities.require(Capability.SNAPSHOT);
        return exclusive(() -> {
            FilePair pair = newPair(ReplicaKind.SNAPSHOT, Optional.empty(), source, target);
            pair.copyRule(true, true, true, false, true);
            pair.state(PairState.SYNCHRONIZED);
            publish(pair);
            return pair.describe(config.chunkSize());
        });
    }

    @Override
    public CopyTask createClone(VolumeId source, ReplicaTarget target) throws BackendException {
        capabilities.require(Capability.CLONE);
        return exclusive(() -> {
            FilePair pair = newPair(ReplicaKind.CLONE, Optional.empty(), source, target);
            pair.copyRule(true, true, true, false, true);
            pair.state(PairState.COPYING);
            return startTask(pair, CopyTaskKind.CLONE, true);
        });
    }

    @Override
    public CopyTask createMirror(VolumeId source, ReplicaTarget target, MirrorMode mode) throws BackendException {
        capabilities.require(mode == MirrorMode.SYNCHRONOUS ? Capability.MIRROR_SYNC : Capability.MIRROR_ASYNC);
        return exclusive(() -> {
            FilePair pair = newPair(ReplicaKind.MIRROR, Optional.of(mode), source, target);
            pair.copyRule(true, true, false, true, true);
            pair.state(PairState.COPYING);
            return startTask(pair, CopyTaskKind.MIRROR_INITIAL, true);
        });
    }

    /** Validates the volumes and creates the pair's files; the caller sets the rule and publishes it. */
    private FilePair newPair(ReplicaKind kind, Optional<MirrorMode> mode, VolumeId sourceId, ReplicaTarget target)
            throws BackendException, IOException {
        FileVolume source = requireVolume(sourceId);
        ReplicaPairId id;
        do {
            id = ReplicaPairId.of(String.format("pair-%08x", ThreadLocalRandom.current().nextInt()));
        } while (pairs.containsKey(id));
        FileVolume targetVolume;
        if (target.existing().isPresent()) {
            targetVolume = requireVolume(target.existing().get());
            if (targetVolume == source) {
                throw new BackendException(Reason.INVALID_ARGUMENT, "source and target are both " + sourceId);
            }
            if (targetVolume.size() < source.size()) {
                throw new BackendException(Reason.INVALID_ARGUMENT, "target " + targetVolume.id() + " ("
                        + targetVolume.size() + " bytes) is smaller than source " + sourceId + " (" + source.size()
                        + " bytes)");
            }
            requireUnpaired(targetVolume);
            if (targetVolume.openDevices().get() > 0) {
                throw new BackendException(Reason.IN_USE, "target " + targetVolume.id() + " is open by a host");
            }
            targetVolume.zeroAll();
        } else {
            String name = target.newName() == null ? kind.name().toLowerCase() + "-of-" + sourceId : target.newName();
            targetVolume = newVolume(target.pool().get(), name, source.size(), id.value());
        }
        int chunkCount = (int) ((source.size() + config.chunkSize() - 1) / config.chunkSize());
        return FilePair.create(pairsDir, id, kind, mode, source, targetVolume, chunkCount, config.clock().instant());
    }

    /** Makes the pair durable and visible to I/O. */
    private void publish(FilePair pair) throws IOException {
        pair.save();
        pairs.put(pair.id(), pair);
        pair.source().addPair(pair);
        pair.target().addPair(pair);
    }

    private FileCopyTask startTask(FilePair pair, CopyTaskKind kind, boolean publishPair) throws IOException {
        CopyTaskId id = CopyTaskId.of(String.format("task-%08x", ThreadLocalRandom.current().nextInt()));
        long total = (long) pair.pending().cardinality() * config.chunkSize();
        pair.task(id, kind, total);
        if (publishPair) {
            publish(pair);
        } else {
            pair.save();
        }
        FileCopyTask task = newTask(pair, id, kind, 0, total);
        copyExecutor.execute(task);
        return task;
    }

    private FileCopyTask newTask(FilePair pair, CopyTaskId id, CopyTaskKind kind, long done, long total) {
        FileCopyTask task = new FileCopyTask(id, pair, kind, io, this, config.clock(), config.copyBytesPerSecond(),
                done, total);
        tasks.put(id, task);
        return task;
    }

    /**
     * The write barrier: the structure write lock waits for every host request in flight (each holds the read lock
     * for its duration) and keeps new ones out until the work returns; the primitives the work calls re-enter the
     * lock. All volumes are held, not only the named ones, which is correct and short.
     */
    @Override
    public <T> T holdingWrites(Collection<VolumeId> held, HeldWork<T> work) throws BackendException {
        capabilities.require(Capability.WRITE_BARRIER);
        return exclusive(() -> {
            for (VolumeId v : held) {
                requireVolume(v);
            }
            return work.run();
        });
    }

    // ---------------------------------------------------------------- pair operations

    @Override
    public ReplicaPair fracture(ReplicaPairId id) throws BackendException {
        capabilities.require(Capability.CHANGE_TRACKING);
        return exclusive(() -> {
            FilePair pair = requireMirror(id);
            requireState(pair, "fracture", PairState.SYNCHRONIZED, PairState.SUSPENDED);
            requireNoTask(pair);
            // Queued asynchronous writes are dropped: their chunks are still dirty, so a resync copies them.
            stopApplier(pair);
            pair.state(PairState.FRACTURED);
            pair.save();
            return pair.describe(config.chunkSize());
        });
    }

    @Override
    public ReplicaPair split(ReplicaPairId id) throws BackendException {
        capabilities.require(Capability.CHANGE_TRACKING);
        drainOutsideLock(id);
        return exclusive(() -> {
            FilePair pair = requireMirror(id);
            requireState(pair, "split", PairState.SYNCHRONIZED, PairState.SUSPENDED);
            requireNoTask(pair);
            drain(pair);
            stopApplier(pair);
            pair.state(PairState.SPLIT);
            pair.save();
            return pair.describe(config.chunkSize());
        });
    }

    @Override
    public ReplicaPair suspend(ReplicaPairId id) throws BackendException {
        capabilities.require(Capability.SUSPEND_RESUME);
        return exclusive(() -> {
            FilePair pair = requirePair(id);
            if (pair.kind() == ReplicaKind.SNAPSHOT) {
                throw new BackendException(Reason.INVALID_STATE, "a snapshot has no data flow to suspend");
            }
            if (pair.state() == PairState.SYNCHRONIZED && pair.kind() == ReplicaKind.MIRROR && !pair.copyActive()) {
                stopApplier(pair);
            } else if (pair.copyActive() && activeTask(pair).isPresent()) {
                activeTask(pair).get().pause();
                // While suspended, writes to copied chunks put them back in the copy instead of mirroring them.
                pair.mirrorWrites(false);
            } else {
                throw new BackendException(Reason.INVALID_STATE, "pair " + id + " cannot be suspended in state "
                        + pair.state());
            }
            pair.state(PairState.SUSPENDED);
            pair.save();
            return pair.describe(config.chunkSize());
        });
    }

    @Override
    public CopyTask resumePair(ReplicaPairId id) throws BackendException {
        capabilities.require(Capability.SUSPEND_RESUME);
        return exclusive(() -> {
            FilePair pair = requirePair(id);
            requireState(pair, "resume", PairState.SUSPENDED);
            Optional<FileCopyTask> task = activeTask(pair);
            if (task.isPresent()) {
                CopyTaskKind kind = task.get().kind();
                pair.mirrorWrites(kind != CopyTaskKind.CLONE);
                pair.state(switch (kind) {
                    case CLONE, MIRROR_INITIAL -> PairState.COPYING;
                    case RESYNC -> PairState.RESYNCING;
                    case RESTORE -> PairState.RESTORING;
                });
                pair.save();
                task.get().resume();
                return task.get();
            }
            return startIncrementalCopy(pair, true, CopyTaskKind.RESYNC, false);
        });
    }

    @Override
    public CopyTask resync(ReplicaPairId id) throws BackendException {
        capabilities.require(Capability.INCREMENTAL_RESYNC);
        return exclusive(() -> {
            FilePair pair = requirePair(id);
            requireNoTask(pair);
            switch (pair.kind()) {
                case SNAPSHOT -> {
                    requireState(pair, "resync", PairState.SYNCHRONIZED, PairState.BROKEN);
                    return newPointInTime(pair);
                }
                case CLONE -> requireState(pair, "resync", PairState.SYNCHRONIZED, PairState.ABORTED,
                        PairState.BROKEN);
                case MIRROR -> requireState(pair, "resync", PairState.FRACTURED, PairState.SPLIT,
                        PairState.SUSPENDED, PairState.ABORTED, PairState.BROKEN);
                default -> throw new IllegalStateException();
            }
            return startIncrementalCopy(pair, true, CopyTaskKind.RESYNC, pair.state() == PairState.BROKEN);
        });
    }

    @Override
    public CopyTask restore(ReplicaPairId id) throws BackendException {
        capabilities.require(Capability.RESTORE);
        return exclusive(() -> {
            FilePair pair = requirePair(id);
            requireNoTask(pair);
            switch (pair.kind()) {
                case SNAPSHOT -> {
                    requireState(pair, "restore", PairState.SYNCHRONIZED);
                    pair.state(PairState.RESTORING);
                    pair.save();
                    restoreSnapshotLocked(pair);
                    return completedTask(pair, CopyTaskKind.RESTORE);
                }
                case CLONE -> requireState(pair, "restore", PairState.SYNCHRONIZED);
                case MIRROR -> requireState(pair, "restore", PairState.FRACTURED, PairState.SPLIT);
                default -> throw new IllegalStateException();
            }
            return startIncrementalCopy(pair, false, CopyTaskKind.RESTORE, false);
        });
    }

    /**
     * Starts copying every chunk that differs (pending ∪ dirty) in the given direction, mirroring host writes to
     * chunks already copied. The union is made durable in {@code pending} before {@code dirty} is cleared, so a
     * crash in between loses no change.
     */
    private FileCopyTask startIncrementalCopy(FilePair pair, boolean forward, CopyTaskKind kind, boolean full)
            throws IOException {
        stopApplier(pair);
        if (full) {
            pair.pending().setRange(0, pair.chunkCount());
        }
        pair.pending().or(pair.dirty());
        pair.pending().checkpoint();
        pair.dirty().clearAll();
        pair.dirty().checkpoint();
        pair.copyRule(true, forward, false, true, false);
        pair.state(forward ? PairState.RESYNCING : PairState.RESTORING);
        if (forward) {
            pair.pointInTime(config.clock().instant());
        }
        return startTask(pair, kind, false);
    }

    /** Snapshot resync: a new point in time. Bits first (reads go to the source), then the old delta is freed. */
    private FileCopyTask newPointInTime(FilePair pair) throws IOException {
        pair.pending().setRange(0, pair.chunkCount());
        pair.pending().checkpoint();
        pair.dirty().clearAll();
        pair.dirty().checkpoint();
        pair.pointInTime(config.clock().instant());
        pair.state(PairState.SYNCHRONIZED);
        pair.save();
        pair.target().zeroAll();
        return completedTask(pair, CopyTaskKind.RESYNC);
    }

    /**
     * Copies every saved or target-written chunk of a snapshot back to its source while host I/O is quiesced.
     * Idempotent: a crash leaves the pair RESTORING on disk and {@link #recover} runs it again.
     */
    private void restoreSnapshotLocked(FilePair pair) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(config.chunkSize());
        for (int c = 0; c < pair.chunkCount(); c++) {
            if (pair.pending().get(c)) {
                continue;
            }
            long offset = (long) c * config.chunkSize();
            buffer.clear().limit((int) Math.min(config.chunkSize(), pair.source().size() - offset));
            pair.target().readRaw(offset, buffer);
            buffer.flip();
            io.write(pair.source(), offset, buffer, pair);
        }
        pair.source().force();
        pair.dirty().clearAll();
        pair.dirty().checkpoint();
        pair.state(PairState.SYNCHRONIZED);
        pair.save();
    }

    private FileCopyTask completedTask(FilePair pair, CopyTaskKind kind) {
        CopyTaskId id = CopyTaskId.of(String.format("task-%08x", ThreadLocalRandom.current().nextInt()));
        FileCopyTask task = newTask(pair, id, kind, 0, 0);
        task.completeImmediately();
        return task;
    }

    @Override
    public ReplicaPair swapRoles(ReplicaPairId id) throws BackendException {
        capabilities.require(Capability.SWAP_ROLES);
        drainOutsideLock(id);
        return exclusive(() -> {
            FilePair pair = requireMirror(id);
            requireState(pair, "swap roles of", PairState.SYNCHRONIZED, PairState.FRACTURED, PairState.SPLIT,
                    PairState.SUSPENDED);
            requireNoTask(pair);
            boolean applying = pair.asyncQueue() != null;
            drain(pair);
            stopApplier(pair);
            pair.swapVolumes();
            pair.save();
            if (applying) {
                startApplier(pair);
            }
            return pair.describe(config.chunkSize());
        });
    }

    @Override
    public ReplicaPair abort(ReplicaPairId id) throws BackendException {
        FileCopyTask[] cancelled = new FileCopyTask[1];
        ReplicaPair result = exclusive(() -> {
            FilePair pair = requirePair(id);
            Optional<FileCopyTask> task = activeTask(pair);
            if (task.isEmpty()) {
                throw new BackendException(Reason.INVALID_STATE, "pair " + id + " has no copy to abort (state "
                        + pair.state() + ")");
            }
            pair.task(null, null, 0);
            pair.copyRule(false, true, false, false, false);
            pair.state(PairState.ABORTED);
            pair.save();
            cancelled[0] = task.get();
            task.get().cancel();
            return pair.describe(config.chunkSize());
        });
        cancelled[0].awaitStopped(10_000);
        return result;
    }

    @Override
    public void removePair(ReplicaPairId id, boolean deleteTarget) throws BackendException {
        exclusive(() -> {
            FilePair pair = requirePair(id);
            requireNoTask(pair);
            if (pair.kind() == ReplicaKind.SNAPSHOT && !deleteTarget) {
                throw new BackendException(Reason.INVALID_ARGUMENT, "snapshot target " + pair.target().id()
                        + " depends on its source; remove it with deleteTarget, or clone the snapshot first");
            }
            if (deleteTarget && pair.target().openDevices().get() > 0) {
                throw new BackendException(Reason.IN_USE, "target " + pair.target().id() + " is open by a host");
            }
            stopApplier(pair);
            FileVolume target = pair.target();
            pair.deleteFiles();
            pairs.remove(id);
            pair.source().removePair(pair);
            target.removePair(pair);
            if (deleteTarget) {
                if (target.pairs().isEmpty()) {
                    removeVolumeFiles(target);
                }
            } else if (!target.owner().isEmpty()) {
                target.owner("");
            }
            return null;
        });
    }

    @Override
    public List<ReplicaPair> pairs() throws BackendException {
        ensureOpen();
        return pairs.values().stream().map(p -> p.describe(config.chunkSize()))
                .sorted(Comparator.comparing(ReplicaPair::id)).toList();
    }

    @Override
    public ReplicaPair pair(ReplicaPairId id) throws BackendException {
        ensureOpen();
        return requirePair(id).describe(config.chunkSize());
    }

    @Override
    public ChangeMap changeMap(ReplicaPairId id) throws BackendException {
        ensureOpen();
        FilePair pair = requirePair(id);
        java.util.BitSet bits = pair.dirty().toBitSet();
        if (!pair.copyActive()) {
            bits.or(pair.pending().toBitSet());
        }
        return new ChangeMap(config.chunkSize(), pair.chunkCount(), bits);
    }

    @Override
    public List<CopyTask> tasks() {
        return tasks.values().stream().map(t -> (CopyTask) t).sorted(Comparator.comparing(CopyTask::id)).toList();
    }

    @Override
    public CopyTask task(CopyTaskId id) throws BackendException {
        FileCopyTask task = tasks.get(id);
        if (task == null) {
            throw new BackendException(Reason.NOT_FOUND, "no copy task " + id);
        }
        return task;
    }

    @Override
    public BackendCounters counters() {
        return io.counters();
    }

    private FilePair requirePair(ReplicaPairId id) throws BackendException {
        FilePair pair = id == null ? null : pairs.get(id);
        if (pair == null) {
            throw new BackendException(Reason.NOT_FOUND, "no replica pair " + id);
        }
        return pair;
    }

    private FilePair requireMirror(ReplicaPairId id) throws BackendException {
        FilePair pair = requirePair(id);
        if (pair.kind() != ReplicaKind.MIRROR) {
            throw new BackendException(Reason.INVALID_STATE, "pair " + id + " is a " + pair.kind()
                    + "; the operation applies to mirrors");
        }
        return pair;
    }

    private static void requireState(FilePair pair, String operation, PairState... allowed)
            throws BackendException {
        for (PairState s : allowed) {
            if (pair.state() == s) {
                return;
            }
        }
        throw new BackendException(Reason.INVALID_STATE, "cannot " + operation + " pair " + pair.id() + " in state "
                + pair.state());
    }

    private void requireNoTask(FilePair pair) throws BackendException {
        Optional<FileCopyTask> task = activeTask(pair);
        if (task.isPresent()) {
            throw new BackendException(Reason.IN_USE, "pair " + pair.id() + " has copy task " + task.get().id()
                    + " in progress; abort it first");
        }
    }

    private Optional<FileCopyTask> activeTask(FilePair pair) {
        return pair.taskId().map(tasks::get).filter(t -> !t.progress().state().isFinal());
    }

    // ---------------------------------------------------------------- copy task callbacks

    @Override
    public boolean copyFinished(FileCopyTask task) throws IOException {
        structure.writeLock().lock();
        try {
            FilePair pair = task.pair();
            if (!pair.taskId().equals(Optional.of(task.id()))) {
                return true;
            }
            if (pair.pending().nextSet(0) >= 0) {
                return false;
            }
            pair.copyTo().force();
            pair.pending().checkpoint();
            pair.copyRule(false, true, false, false, false);
            pair.task(null, null, 0);
            pair.state(PairState.SYNCHRONIZED);
            pair.save();
            if (pair.kind() == ReplicaKind.MIRROR && pair.asynchronous() && !closed) {
                startApplier(pair);
            }
            return true;
        } finally {
            structure.writeLock().unlock();
        }
    }

    @Override
    public void copyStopped(FileCopyTask task, CopyTaskState state, String reason) {
        structure.writeLock().lock();
        try {
            FilePair pair = task.pair();
            if (closed || !pair.taskId().equals(Optional.of(task.id())) || !pairs.containsKey(pair.id())) {
                return;
            }
            pair.task(null, null, 0);
            pair.copyRule(false, true, false, false, false);
            pair.state(state == CopyTaskState.FAILED ? PairState.BROKEN : PairState.ABORTED);
            pair.save();
        } catch (IOException e) {
            LOG.error("cannot record the end of copy task {} of pair {}", task.id(), task.pair().id(), e);
        } finally {
            structure.writeLock().unlock();
        }
    }

    @Override
    public void checkpoint(FileCopyTask task) throws IOException {
        structure.readLock().lock();
        try {
            FilePair pair = task.pair();
            if (!pair.taskId().equals(Optional.of(task.id()))) {
                return;
            }
            // Data first, then the bits that say it is there, then the progress figure.
            pair.copyTo().force();
            pair.pending().checkpoint();
            pair.taskProgress(task.bytesDone(), task.bytesTotal());
            pair.save();
        } finally {
            structure.readLock().unlock();
        }
    }

    @Override
    public long step(FileCopyTask task, FileCopyTask.IoStep step) throws IOException {
        structure.readLock().lock();
        try {
            if (closed || !task.pair().taskId().equals(Optional.of(task.id()))) {
                return -1;
            }
            return step.run();
        } finally {
            structure.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------- asynchronous mirrors

    private void startApplier(FilePair pair) {
        AsyncMirrorQueue queue = new AsyncMirrorQueue(config.asyncQueueBytes());
        pair.asyncQueue(queue);
        Thread thread = new Thread(() -> applyLoop(pair, queue), "async-mirror-" + pair.id());
        thread.setDaemon(true);
        appliers.put(pair.id(), thread);
        thread.start();
    }

    private void applyLoop(FilePair pair, AsyncMirrorQueue queue) {
        while (!queue.closed()) {
            try {
                AsyncMirrorQueue.Entry entry = queue.peek(200);
                if (entry == null) {
                    continue;
                }
                try {
                    io.applyQueued(pair, entry);
                } catch (IOException e) {
                    // The chunks keep their dirty bits, so a resync repairs the target.
                    LOG.warn("asynchronous mirror {} could not apply a write at {}", pair.id(), entry.offset(), e);
                }
                queue.applied(entry);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void stopApplier(FilePair pair) {
        AsyncMirrorQueue queue = pair.asyncQueue();
        if (queue == null) {
            return;
        }
        queue.close();
        Thread thread = appliers.remove(pair.id());
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (AsyncMirrorQueue.Entry entry : queue.removeUnapplied()) {
            io.releaseInFlight(pair, entry.firstChunk(), entry.lastChunk());
        }
        pair.asyncQueue(null);
    }

    private void drainOutsideLock(ReplicaPairId id) throws BackendException {
        FilePair pair = requirePair(id);
        AsyncMirrorQueue queue = pair.asyncQueue();
        if (queue != null) {
            try {
                queue.awaitEmpty(DRAIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException(Reason.CANCELLED, "interrupted while draining mirror " + id);
            }
        }
    }

    private static void drain(FilePair pair) throws BackendException {
        AsyncMirrorQueue queue = pair.asyncQueue();
        if (queue == null) {
            return;
        }
        try {
            if (!queue.awaitEmpty(DRAIN_MILLIS)) {
                throw new BackendException(Reason.IO_ERROR, "mirror " + pair.id() + " did not drain "
                        + queue.queuedBytes() + " queued bytes in " + DRAIN_MILLIS + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(Reason.CANCELLED, "interrupted while draining mirror " + pair.id());
        }
    }

    /**
     * Clears write-intent bits of synchronized mirrors once the write is on both sides and fsynced. A chunk
     * written in the current epoch or still in flight keeps its bit until the next round.
     */
    private void clearAppliedIntents() {
        if (closed || !structure.readLock().tryLock()) {
            return;
        }
        try {
            for (FilePair pair : pairs.values()) {
                if (!pair.mirroring() || pair.dirty().nextSet(0) < 0) {
                    continue;
                }
                int sealed = pair.epoch();
                pair.nextEpoch();
                pair.source().force();
                pair.target().force();
                for (int c = pair.dirty().nextSet(0); c >= 0; c = pair.dirty().nextSet(c + 1)) {
                    try (ChunkLocks.Held held = io.locks().lock(c, c)) {
                        if (pair.inFlight().get(c) == 0 && pair.writtenInEpoch(c) <= sealed) {
                            pair.dirty().clear(c);
                        }
                    }
                }
                pair.dirty().checkpoint();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("clearing mirror write intents failed; they stay set and cost a re-copy at worst", e);
        } finally {
            structure.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------- locking and closing

    /** Work that changes the structure; runs with host I/O quiesced. */
    private interface StructureChange<T> {
        T run() throws BackendException, IOException;
    }

    private <T> T exclusive(StructureChange<T> change) throws BackendException {
        ensureOpen();
        structure.writeLock().lock();
        try {
            ensureOpen();
            return change.run();
        } catch (IOException e) {
            throw new BackendException(Reason.IO_ERROR, e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new BackendException(Reason.IO_ERROR, e.getCause().getMessage(), e.getCause());
        } finally {
            structure.writeLock().unlock();
        }
    }

    private void ensureOpen() throws BackendException {
        if (closed) {
            throw new BackendException(Reason.INVALID_STATE, "file backend in " + config.dataDirectory()
                    + " is closed");
        }
    }

    @Override
    public void close() throws BackendException {
        if (closed) {
            return;
        }
        closed = true;
        for (FileCopyTask task : tasks.values()) {
            task.stop();
        }
        for (FileCopyTask task : tasks.values()) {
            task.awaitStopped(10_000);
        }
        structure.writeLock().lock();
        try {
            for (FilePair pair : pairs.values()) {
                drainQuietly(pair);
                stopApplier(pair);
            }
            shutdownThreads();
            IOException failure = null;
            for (FilePair pair : pairs.values()) {
                try {
                    pair.pending().checkpoint();
                    pair.dirty().checkpoint();
                    pair.closeFiles();
                } catch (IOException e) {
                    failure = e;
                }
            }
            for (FileVolume volume : volumes.values()) {
                try {
                    volume.force();
                    volume.close();
                } catch (IOException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw new BackendException(Reason.IO_ERROR, "closing file backend: " + failure.getMessage(),
                        failure);
            }
        } finally {
            structure.writeLock().unlock();
        }
    }

    private static void drainQuietly(FilePair pair) {
        AsyncMirrorQueue queue = pair.asyncQueue();
        if (queue != null) {
            try {
                queue.awaitEmpty(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void shutdownThreads() {
        housekeeper.shutdownNow();
        copyExecutor.shutdownNow();
        try {
            copyExecutor.awaitTermination(5, TimeUnit.SECONDS);
            housekeeper.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
