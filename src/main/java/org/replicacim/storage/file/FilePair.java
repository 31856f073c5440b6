package org.replicacim.storage.file;

import org.replicacim.storage.PropertiesFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.replicacim.storage.CopyTaskId;
import org.replicacim.storage.CopyTaskKind;
import org.replicacim.storage.MirrorMode;
import org.replicacim.storage.PairState;
import org.replicacim.storage.ReplicaKind;
import org.replicacim.storage.ReplicaPair;
import org.replicacim.storage.ReplicaPairId;

/**
 * State of one source/target pair of the file engine, with its two chunk bitmaps.
 *
 * <p>{@code pending}: chunks whose copy {@code copyFrom → copyTo} has not happened yet while a copy rule is active
 * (for a snapshot: chunks not yet saved, read through to the source). It also serves as the write intent of a
 * mirrored write during a copy. {@code dirty}: chunks changed on either side since the last synchronisation, and
 * the write intent of a synchronized mirror. Mutable fields change only under the backend's structure write
 * lock, except the bitmaps, which have their own locking.
 */
final class FilePair {
    private final ReplicaPairId id;
    private final ReplicaKind kind;
    private final Optional<MirrorMode> mode;
    private final Path metadata;
    private final int chunkCount;
    private final ChunkBitmap pending;
    private final ChunkBitmap dirty;
    /** Writes in flight per chunk (synchronized mirrors); an intent bit is cleared only when this is zero. */
    private final AtomicIntegerArray inFlight;
    /** Housekeeping epoch in which each chunk was last written; guarded by the chunk's stripe lock. */
    private final int[] writtenInEpoch;
    private volatile int epoch;

    private volatile FileVolume source;
    private volatile FileVolume target;
    private volatile PairState state;
    private volatile Instant pointInTime;
    /** Whether the copy rule applies to host writes (snapshot, clone copy, mirror copy, resync, restore). */
    private volatile boolean copyActive;
    /** Copy direction: true source → target. */
    private volatile boolean copyForward = true;
    /** Copy-on-write: the first write to a pending chunk of copyFrom saves it to copyTo first. */
    private volatile boolean preserve;
    /** During a copy, writes to already copied chunks go to both sides. */
    private volatile boolean mirrorWrites;
    /** copyTo was emptied before the copy, so all-zero chunks need not be written. */
    private volatile boolean targetZeroed;
    private volatile Optional<CopyTaskId> taskId = Optional.empty();
    private volatile CopyTaskKind taskKind;
    private volatile long taskBytesDone;
    private volatile long taskBytesTotal;
    private volatile AsyncMirrorQueue asyncQueue;

    private FilePair(ReplicaPairId id, ReplicaKind kind, Optional<MirrorMode> mode, Path metadata, int chunkCount,
                     ChunkBitmap pending, ChunkBitmap dirty) {
        this.id = id;
        this.kind = kind;
        this.mode = mode;
        this.metadata = metadata;
        this.chunkCount = chunkCount;
        this.pending = pending;
        this.dirty = dirty;
        this.inFlight = new AtomicIntegerArray(chunkCount);
        this.writtenInEpoch = new int[chunkCount];
    }

    static Path metadataPath(Path pairsDir, ReplicaPairId id) {
        return pairsDir.resolve(id.value() + ".properties");
    }

    /** Creates both bitmaps on disk; the pair exists only once {@link #save()} has renamed its metadata in. */
    static FilePair create(Path pairsDir, ReplicaPairId id, ReplicaKind kind, Optional<MirrorMode> mode,
                           FileVolume source, FileVolume target, int chunkCount, Instant now) throws IOException {
        ChunkBitmap pending = ChunkBitmap.create(pairsDir.resolve(id.value() + ".pending"), chunkCount, true);
        ChunkBitmap dirty = ChunkBitmap.create(pairsDir.resolve(id.value() + ".dirty"), chunkCount, false);
        FilePair pair = new FilePair(id, kind, mode, metadataPath(pairsDir, id), chunkCount, pending, dirty);
        pair.source = source;
        pair.target = target;
        pair.pointInTime = now;
        return pair;
    }

    static FilePair open(Path pairsDir, ReplicaPairId id, VolumeLookup volumes) throws IOException {
        Properties p = PropertiesFile.read(metadataPath(pairsDir, id));
        int chunkCount = Integer.parseInt(p.getProperty("chunkCount"));
        ChunkBitmap pending = ChunkBitmap.open(pairsDir.resolve(id.value() + ".pending"), chunkCount);
        ChunkBitmap dirty = ChunkBitmap.open(pairsDir.resolve(id.value() + ".dirty"), chunkCount);
        String modeText = p.getProperty("mode", "");
        FilePair pair = new FilePair(id, ReplicaKind.valueOf(p.getProperty("kind")),
                modeText.isEmpty() ? Optional.empty() : Optional.of(MirrorMode.valueOf(modeText)),
                metadataPath(pairsDir, id), chunkCount, pending, dirty);
        pair.source = volumes.find(p.getProperty("source"));
        pair.target = volumes.find(p.getProperty("target"));
        pair.state = PairState.valueOf(p.getProperty("state"));
        pair.pointInTime = Instant.ofEpochMilli(Long.parseLong(p.getProperty("pointInTime")));
        pair.copyActive = Boolean.parseBoolean(p.getProperty("copyActive"));
        pair.copyForward = Boolean.parseBoolean(p.getProperty("copyForward"));
        pair.preserve = Boolean.parseBoolean(p.getProperty("preserve"));
        pair.mirrorWrites = Boolean.parseBoolean(p.getProperty("mirrorWrites"));
        pair.targetZeroed = Boolean.parseBoolean(p.getProperty("targetZeroed"));
        String task = p.getProperty("task", "");
        pair.taskId = task.isEmpty() ? Optional.empty() : Optional.of(CopyTaskId.of(task));
        String taskKindText = p.getProperty("taskKind", "");
        pair.taskKind = taskKindText.isEmpty() ? null : CopyTaskKind.valueOf(taskKindText);
        pair.taskBytesDone = Long.parseLong(p.getProperty("taskBytesDone", "0"));
        pair.taskBytesTotal = Long.parseLong(p.getProperty("taskBytesTotal", "0"));
        return pair;
    }

    /** Looks up a volume by id while pairs are loaded. */
    interface VolumeLookup {
        FileVolume find(String id) throws IOException;
    }

    /** Atomically replaces the pair's metadata with the current fields. */
    synchronized void save() throws IOException {
        Properties p = new Properties();
        p.setProperty("id", id.value());
        p.setProperty("kind", kind.name());
        p.setProperty("mode", mode.map(Enum::name).orElse(""));
        p.setProperty("source", source.id().value());
        p.setProperty("target", target.id().value());
        p.setProperty("state", state.name());
        p.setProperty("pointInTime", Long.toString(pointInTime.toEpochMilli()));
        p.setProperty("chunkCount", Integer.toString(chunkCount));
        p.setProperty("copyActive", Boolean.toString(copyActive));
        p.setProperty("copyForward", Boolean.toString(copyForward));
        p.setProperty("preserve", Boolean.toString(preserve));
        p.setProperty("mirrorWrites", Boolean.toString(mirrorWrites));
        p.setProperty("targetZeroed", Boolean.toString(targetZeroed));
        p.setProperty("task", taskId.map(CopyTaskId::value).orElse(""));
        p.setProperty("taskKind", taskKind == null ? "" : taskKind.name());
        p.setProperty("taskBytesDone", Long.toString(taskBytesDone));
        p.setProperty("taskBytesTotal", Long.toString(taskBytesTotal));
        PropertiesFile.write(metadata, p);
    }

    /** Removes metadata first (the pair is gone atomically), then the bitmaps. */
    void deleteFiles() throws IOException {
        PropertiesFile.delete(metadata);
        pending.deleteFile();
        dirty.deleteFile();
    }

    void closeFiles() throws IOException {
        pending.close();
        dirty.close();
    }

    ReplicaPair describe(int chunkSize) {
        long lag = asyncQueue == null ? 0 : asyncQueue.queuedBytes();
        return new ReplicaPair(id, kind, mode, source.id(), target.id(), state, pointInTime,
                (long) dirty.cardinality() * chunkSize, lag, taskId);
    }

    /** Sets the copy rule: direction, copy-on-write and write mirroring. */
    void copyRule(boolean active, boolean forward, boolean preserveOnWrite, boolean mirror, boolean zeroed) {
        this.copyActive = active;
        this.copyForward = forward;
        this.preserve = preserveOnWrite;
        this.mirrorWrites = mirror;
        this.targetZeroed = zeroed;
    }

    FileVolume copyFrom() {
        return copyForward ? source : target;
    }

    FileVolume copyTo() {
        return copyForward ? target : source;
    }

    FileVolume other(FileVolume volume) {
        return volume == source ? target : source;
    }

    /** Whether hosts may write {@code volume} now: not the target of a mirror that is applying writes. */
    boolean allowsHostWrite(FileVolume volume) {
        if (volume == target && state == PairState.RESYNCING && copyActive) {
            // A resync mirrors writes between the sides; a write to its destination would reach the source.
            return false;
        }
        if (kind != ReplicaKind.MIRROR || volume != target) {
            return true;
        }
        return switch (state) {
            case COPYING, SYNCHRONIZED, RESYNCING, RESTORING -> false;
            default -> true;
        };
    }

    /** Synchronized mirror outside a copy: every source write is applied to the target. */
    boolean mirroring() {
        return kind == ReplicaKind.MIRROR && state == PairState.SYNCHRONIZED && !copyActive;
    }

    boolean asynchronous() {
        return mode.orElse(MirrorMode.SYNCHRONOUS) == MirrorMode.ASYNCHRONOUS;
    }

    int nextEpoch() {
        return ++epoch;
    }

    int epoch() {
        return epoch;
    }

    void markWritten(int chunk) {
        writtenInEpoch[chunk] = epoch;
    }

    int writtenInEpoch(int chunk) {
        return writtenInEpoch[chunk];
    }

    AtomicIntegerArray inFlight() {
        return inFlight;
    }

    ReplicaPairId id() {
        return id;
    }

    ReplicaKind kind() {
        return kind;
    }

    Optional<MirrorMode> mode() {
        return mode;
    }

    int chunkCount() {
        return chunkCount;
    }

    ChunkBitmap pending() {
        return pending;
    }

    ChunkBitmap dirty() {
        return dirty;
    }

    FileVolume source() {
        return source;
    }

    FileVolume target() {
        return target;
    }

    void swapVolumes() {
        FileVolume s = source;
        source = target;
        target = s;
    }

    PairState state() {
        return state;
    }

    void state(PairState newState) {
        this.state = newState;
    }

    Instant pointInTime() {
        return pointInTime;
    }

    void pointInTime(Instant time) {
        this.pointInTime = time;
    }

    boolean copyActive() {
        return copyActive;
    }

    boolean preserve() {
        return preserve;
    }

    boolean mirrorWrites() {
        return mirrorWrites;
    }

    void mirrorWrites(boolean mirror) {
        this.mirrorWrites = mirror;
    }

    boolean targetZeroed() {
        return targetZeroed;
    }

    Optional<CopyTaskId> taskId() {
        return taskId;
    }

    CopyTaskKind taskKind() {
        return taskKind;
    }

    void task(CopyTaskId id, CopyTaskKind kind, long bytesTotal) {
        this.taskId = Optional.ofNullable(id);
        this.taskKind = kind;
        this.taskBytesDone = 0;
        this.taskBytesTotal = bytesTotal;
    }

    void taskProgress(long done, long total) {
        this.taskBytesDone = done;
        this.taskBytesTotal = total;
    }

    long taskBytesDone() {
        return taskBytesDone;
    }

    long taskBytesTotal() {
        return taskBytesTotal;
    }

    AsyncMirrorQueue asyncQueue() {
        return asyncQueue;
    }

    void asyncQueue(AsyncMirrorQueue queue) {
        this.asyncQueue = queue;
    }
}
