package org.replicacim.storage.qemu;

import org.replicacim.storage.PropertiesFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
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
import org.replicacim.storage.qemu.QemuBackendConfig.ImageFormat;

/**
 * The qemu-storage-daemon engine. Volumes are raw or qcow2 images opened as nodes of one daemon, which ReplicaCIM
 * starts and supervises (restarting it if it dies) or attaches to through a configured QMP socket. Hosts reach a
 * volume through the daemon's NBD export (its unix socket, or ReplicaCIM's NBD server, whose devices forward to
 * that export), so every write passes QEMU's block layer.
 *
 * <p>Primitives map onto QEMU 7.2 block jobs as the storage-backends reference found them to work: snapshots are
 * fleecing images (qcow2 backed by the source, {@code blockdev-backup sync=none}); clones are
 * {@code blockdev-backup sync=full} started in one transaction with a dirty bitmap; mirrors are
 * {@code blockdev-mirror} ({@code copy-mode=write-blocking} when synchronous); fracture clears the pair's bitmap
 * and ends the mirror with {@code block-job-cancel force=false}; resync is {@code blockdev-backup sync=bitmap}
 * followed by {@code blockdev-mirror sync=none}, because 7.2's mirror cannot start from a bitmap.
 *
 * <p>What 7.2 cannot do is not declared: copies cannot continue from a checkpoint after a restart (no
 * {@link Capability#RESUMABLE_COPY}; an interrupted copy is reported FAILED and its pair ABORTED), and snapshot
 * targets are read-only (no {@link Capability#WRITABLE_SNAPSHOT}). QEMU locks a running mirror's target; hosts
 * read a raw target from its image file, while a qcow2 target cannot be opened until the mirror is fractured or
 * split. Bitmaps of raw images live in the daemon only: after a restart a fractured pair resyncs in full (qcow2
 * bitmaps are persistent and keep resync incremental).
 *
 * <p>Crash model: the engine's metadata (volumes, pairs) is written atomically (temp file, fsync, rename, fsync of
 * the directory) before the daemon state it describes is relied upon; image files without metadata are removed on
 * open. A daemon left running by a killed JVM is told to quit on the next open (it flushes images and stores qcow2
 * persistent bitmaps), so snapshots stay valid. If the daemon itself died, snapshots are reported BROKEN, bitmaps
 * of raw images are gone (the next resync copies everything), synchronized mirrors are copied again in full.
 */
public final class QemuBackend implements BlockBackend, QemuCopyTask.Owner {
    private static final Logger LOG = LoggerFactory.getLogger(QemuBackend.class);
    private static final int MAX_SYNC_ATTEMPTS = 20;

    /**
     * What this engine does on QEMU 7.2, listed one by one so that a capability added to the SPI is not claimed by
     * accident. Absent: {@link Capability#RESUMABLE_COPY} (a backup job cannot continue from a checkpoint after a
     * restart), {@link Capability#WRITABLE_SNAPSHOT} (fleecing images are read-only) and
     * {@link Capability#WRITE_BARRIER} (7.2 cannot hold NBD host writes across volumes).
     */
    public static final BackendCapabilities CAPABILITIES = BackendCapabilities.of(QemuBackendConfig.GRANULARITY,
            EnumSet.of(Capability.VOLUMES, Capability.RESIZE, Capability.BLOCK_DEVICE, Capability.SNAPSHOT,
                    Capability.CLONE, Capability.MIRROR_SYNC, Capability.MIRROR_ASYNC, Capability.CHANGE_TRACKING,
                    Capability.INCREMENTAL_RESYNC, Capability.RESTORE, Capability.SWAP_ROLES,
                    Capability.SUSPEND_RESUME, Capability.PAUSE_COPY));

    private final QemuBackendConfig config;
    private final Path volumesDir;
    private final Path pairsDir;
    private final Path runDir;
    private final BackendCapabilities capabilities;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<VolumeId, QemuVolume> volumes = new ConcurrentHashMap<>();
    private final Map<ReplicaPairId, QemuPair> pairs = new ConcurrentHashMap<>();
    private final Map<CopyTaskId, QemuCopyTask> tasks = new ConcurrentHashMap<>();
    private final Map<VolumeId, Set<String>> fileExports = new ConcurrentHashMap<>();
    private final AtomicLong hostBytes = new AtomicLong();
    private final AtomicLong copyBytes = new AtomicLong();
    private final AtomicInteger names = new AtomicInteger();
    private final ExecutorService copyExecutor;
    private final ScheduledExecutorService watcher;
    private final List<Long> restarts = new ArrayList<>();
    private volatile QemuDaemon daemon;
    private volatile boolean closed;

    private QemuBackend(QemuBackendConfig config) {
        this.config = config;
        this.volumesDir = config.dataDirectory().resolve("volumes");
        this.pairsDir = config.dataDirectory().resolve("pairs");
        this.runDir = runDirectory(config.dataDirectory());
        this.capabilities = CAPABILITIES;
        AtomicInteger n = new AtomicInteger();
        this.copyExecutor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "qemu-copy-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "qemu-watcher");
            t.setDaemon(true);
            return t;
        });
    }

    /** Unix socket paths are limited to 107 bytes; long data directories get a run directory under /tmp. */
    private static Path runDirectory(Path dataDirectory) {
        Path preferred = dataDirectory.toAbsolutePath().resolve("qsd");
        if (preferred.resolve("qmp.sock").toString().length() < 100) {
            return preferred;
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "replicacim-qsd-"
                + Integer.toHexString(preferred.toString().hashCode()));
    }

    /**
     * Opens the data directory, ends a daemon a killed predecessor left behind, starts (or attaches to) the
     * daemon and rebuilds the block graph, the pairs' jobs and the exports from the metadata.
     */
    public static QemuBackend open(QemuBackendConfig config) throws BackendException {
        QemuBackend backend = new QemuBackend(config);
        try {
            backend.recover();
        } catch (IOException | RuntimeException e) {
            backend.shutdownQuietly();
            throw new BackendException(Reason.IO_ERROR, "cannot open qemu backend in " + config.dataDirectory()
                    + ": " + e.getMessage(), e);
        }
        backend.watcher.scheduleWithFixedDelay(backend::watchStandingJobs, 500, 500, TimeUnit.MILLISECONDS);
        return backend;
    }

    // ---------------------------------------------------------------- recovery and the daemon

    private void recover() throws IOException {
        Files.createDirectories(volumesDir);
        Files.createDirectories(pairsDir);
        Files.createDirectories(runDir);
        for (Path dir : List.of(volumesDir, pairsDir)) {
            for (Path temp : list(dir, PropertiesFile.TEMP_SUFFIX)) {
                Files.deleteIfExists(temp);
            }
        }
        for (Path meta : list(volumesDir, ".properties")) {
            VolumeId id = VolumeId.of(strip(meta, ".properties"));
            volumes.put(id, QemuVolume.load(volumesDir, id));
        }
        for (ImageFormat format : ImageFormat.values()) {
            for (Path image : list(volumesDir, format.suffix())) {
                QemuVolume v = volumes.get(VolumeId.of(strip(image, format.suffix())));
                if (v == null || v.format != format) {
                    // An image without metadata is a create that crashed before it was published.
                    Files.deleteIfExists(image);
                }
            }
        }
        for (QemuVolume v : volumes.values()) {
            if (!Files.exists(v.image(volumesDir))) {
                LOG.warn("image of volume {} is missing (crash while it was recreated); creating it empty", v.id);
                createImage(v);
            }
        }
        for (Path meta : list(pairsDir, ".properties")) {
            ReplicaPairId id = ReplicaPairId.of(strip(meta, ".properties"));
            pairs.put(id, QemuPair.load(pairsDir, id, vid -> {
                QemuVolume v = volumes.get(VolumeId.of(vid));
                if (v == null) {
                    throw new IOException("pair " + id + " names missing volume " + vid);
                }
                return v;
            }));
        }
        for (QemuVolume v : List.copyOf(volumes.values())) {
            if (!v.owner.isEmpty() && !pairs.containsKey(ReplicaPairId.of(v.owner))) {
                LOG.info("removing volume {} allocated for pair {} that was never created", v.id, v.owner);
                PropertiesFile.delete(QemuVolume.metadata(volumesDir, v.id));
                volumes.remove(v.id);
                Files.deleteIfExists(v.image(volumesDir));
            }
        }
        boolean clean = config.qmpSocket().isPresent() || QemuDaemon.stopOrphan(runDir);
        lock.lock();
        try {
            startDaemon();
            buildGraph(clean);
        } finally {
            lock.unlock();
        }
    }

    private void startDaemon() throws IOException {
        if (config.qmpSocket().isPresent()) {
            daemon = QemuDaemon.attach(config.qmpSocket().get(), config.nbdSocket(), runDir.resolve("nbd.sock"));
            removeLeftovers();
        } else {
            QemuDaemon started = QemuDaemon.start(config.daemonBinary(), runDir);
            daemon = started;
            started.process().ifPresent(p -> p.onExit().thenRun(() -> daemonExited(started)));
        }
    }

    /** Attached daemons outlive us: drop the exports, jobs and nodes a previous run of this engine left there. */
    @SuppressWarnings("unchecked")
    private void removeLeftovers() throws IOException {
        for (Map<String, Object> e : (List<Map<String, Object>>) qmp("query-block-exports", Map.of())) {
            String id = String.valueOf(e.get("id"));
            if (id.startsWith("rc")) {
                deleteExport(id);
            }
        }
        for (Map<String, Object> j : (List<Map<String, Object>>) qmp("query-jobs", Map.of())) {
            String id = String.valueOf(j.get("id"));
            if (id.startsWith("rc")) {
                tryQmp("job-cancel", Json.obj("id", id));
                awaitJobGone(id);
            }
        }
        List<String> ours = new ArrayList<>();
        for (Map<String, Object> n : nodes()) {
            String name = String.valueOf(n.get("node-name"));
            if (name.startsWith("n") && volumes.containsKey(safeVolume(name))) {
                ours.add(name);
            }
        }
        // Snapshot images hold their sources as backing: delete them first.
        for (QemuPair p : pairs.values()) {
            if (p.kind == ReplicaKind.SNAPSHOT && ours.remove(p.target.node())) {
                tryQmp("blockdev-del", Json.obj("node-name", p.target.node()));
            }
        }
        for (String name : ours) {
            tryQmp("blockdev-del", Json.obj("node-name", name));
        }
    }

    private static VolumeId safeVolume(String node) {
        try {
            return VolumeId.of(node.substring(1));
        } catch (IllegalArgumentException e) {
            return VolumeId.of("invalid");
        }
    }

    /** Adds every volume's node, restarts what the pairs need, then opens the exports. Lock held. */
    private void buildGraph(boolean clean) throws IOException {
        // QEMU needs the NBD server before any NBD export can be added. Hosts that reach the daemon's socket in the
        // moments before the jobs below start would bypass them; ReplicaCIM's own NBD server is not up yet.
        daemon.startNbdServer();
        Map<VolumeId, QemuPair> snapshotOf = new HashMap<>();
        for (QemuPair p : pairs.values()) {
            if (p.kind == ReplicaKind.SNAPSHOT) {
                snapshotOf.put(p.target.id, p);
            }
        }
        Set<VolumeId> added = new HashSet<>();
        List<QemuVolume> todo = new ArrayList<>(volumes.values());
        todo.sort(Comparator.comparing(v -> v.id));
        for (int round = 0; !todo.isEmpty() && round <= volumes.size(); round++) {
            for (QemuVolume v : List.copyOf(todo)) {
                QemuPair snap = snapshotOf.get(v.id);
                if (snap != null && !added.contains(snap.source.id)) {
                    continue;
                }
                addNode(v, snap == null ? null : snap.source);
                added.add(v.id);
                todo.remove(v);
            }
        }
        for (QemuVolume v : volumes.values()) {
            v.exportId = null;
            long actual = nodeSize(v.node());
            if (actual > 0 && actual != v.size) {
                // A resize finished in the daemon but its metadata did not: the image is the truth.
                v.size = actual;
                v.save(volumesDir);
            }
        }
        // Exports first: jobs started next put their filter nodes above the exports, so host writes pass through
        // copy-before-write and mirrors. An export added below a running job's filter would bypass it.
        for (QemuVolume v : volumes.values()) {
            reconcileExport(v);
        }
        for (QemuPair p : List.copyOf(pairs.values())) {
            recoverPair(p, clean);
        }
        for (QemuVolume v : volumes.values()) {
            reconcileExport(v);
        }
    }

    private void recoverPair(QemuPair pair, boolean clean) throws IOException {
        pair.standingJob = null;
        if (pair.taskId.isPresent()) {
            CopyTaskId id = pair.taskId.get();
            String reason = pair.taskKind + " copy of pair " + pair.id + " was interrupted by a restart of the "
                    + "engine; the target is incomplete, resync to copy again";
            LOG.warn(reason);
            QemuCopyTask live = tasks.get(id);
            if (live == null || live.progress().state().isFinal()) {
                tasks.put(id, QemuCopyTask.failed(id, pair.id, pair.taskKind, this, reason));
            }
            pair.taskId = Optional.empty();
            pair.state = PairState.ABORTED;
            pair.lostTrack = true;
            pair.save(pairsDir);
        }
        if (pair.kind == ReplicaKind.SNAPSHOT) {
            if (pair.state == PairState.SYNCHRONIZED || pair.state == PairState.RESTORING) {
                if (clean) {
                    if (pair.state == PairState.RESTORING) {
                        LOG.info("finishing the restore of snapshot {} interrupted by a restart", pair.id);
                        restoreSnapshotLocked(pair);
                    }
                    startFleecing(pair);
                    pair.state = PairState.SYNCHRONIZED;
                    pair.save(pairsDir);
                } else {
                    LOG.warn("snapshot {} lost its point in time: the daemon died while it was live", pair.id);
                    pair.state = PairState.BROKEN;
                    pair.save(pairsDir);
                }
            }
            return;
        }
        boolean missing = !ensureBitmap(pair.source, pair.bitmap()) | !ensureBitmap(pair.target, pair.bitmap());
        if (missing && !pair.lostTrack && pair.state != PairState.SYNCHRONIZED) {
            pair.lostTrack = true;
            pair.save(pairsDir);
        }
        if (pair.kind == ReplicaKind.MIRROR && pair.state == PairState.SYNCHRONIZED) {
            // Writes in flight when the daemon stopped may be on one side only; copy everything again.
            LOG.info("mirror {} was synchronized when the engine stopped; copying it again in full", pair.id);
            pair.lostTrack = true;
            startResync(pair);
        }
    }

    private void daemonExited(QemuDaemon exited) {
        if (closed || daemon != exited) {
            return;
        }
        LOG.error("qemu-storage-daemon exited unexpectedly (code {}); restarting it",
                exited.process().map(Process::exitValue).orElse(-1));
        lock.lock();
        try {
            if (closed) {
                return;
            }
            exited.close();
            long now = System.currentTimeMillis();
            restarts.removeIf(t -> t < now - 600_000);
            if (restarts.size() >= 5) {
                LOG.error("qemu-storage-daemon died 5 times in 10 minutes; not restarting it again");
                return;
            }
            restarts.add(now);
            for (QemuPair pair : pairs.values()) {
                pair.standingJob = null;
            }
            // File exports died with the daemon; their handles now close to nothing.
            fileExports.clear();
            startDaemon();
            buildGraph(false);
        } catch (IOException | RuntimeException e) {
            LOG.error("restarting qemu-storage-daemon failed", e);
        } finally {
            lock.unlock();
        }
    }

    /** Notices mirrors and snapshot jobs that ended behind the engine's back, and async mirror lag. */
    private void watchStandingJobs() {
        if (closed || !lock.tryLock()) {
            return;
        }
        try {
            Map<String, Map<String, Object>> jobs = null;
            for (QemuPair pair : pairs.values()) {
                if (pair.standingJob == null) {
                    continue;
                }
                if (jobs == null) {
                    jobs = jobs();
                }
                Map<String, Object> job = jobs.get(pair.standingJob);
                String status = job == null ? "gone" : String.valueOf(job.get("status"));
                if (job == null || "concluded".equals(status) || "null".equals(status)) {
                    LOG.error("the {} job of pair {} ended ({}); the pair is broken", pair.kind, pair.id,
                            job == null ? "gone" : job.get("error"));
                    if (job != null) {
                        tryQmp("job-dismiss", Json.obj("id", pair.standingJob));
                    }
                    pair.standingJob = null;
                    pair.state = PairState.BROKEN;
                    pair.lostTrack = true;
                    pair.save(pairsDir);
                    reconcileExport(pair.target);
                } else {
                    pair.lagBytes = Math.max(0, QemuCopyTask.number(job.get("total-progress"))
                            - QemuCopyTask.number(job.get("current-progress")));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("watching jobs: {}", e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- QMP helpers

    private Object qmp(String command, Map<String, Object> arguments) throws IOException {
        QemuDaemon d = daemon;
        if (d == null) {
            throw new IOException("qemu-storage-daemon is not running");
        }
        return d.qmp().execute(command, arguments);
    }

    private void tryQmp(String command, Map<String, Object> arguments) {
        try {
            qmp(command, arguments);
        } catch (IOException e) {
            LOG.debug("{} failed: {}", command, e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> jobs() throws IOException {
        Map<String, Map<String, Object>> byId = new HashMap<>();
        for (Map<String, Object> j : (List<Map<String, Object>>) qmp("query-jobs", Map.of())) {
            byId.put(String.valueOf(j.get("id")), j);
        }
        return byId;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> nodes() throws IOException {
        return (List<Map<String, Object>>) qmp("query-named-block-nodes", Json.obj("flat", true));
    }

    @SuppressWarnings("unchecked")
    private long nodeSize(String node) throws IOException {
        for (Map<String, Object> n : nodes()) {
            if (node.equals(n.get("node-name")) && n.get("image") instanceof Map<?, ?> image) {
                return QemuCopyTask.number(((Map<String, Object>) image).get("virtual-size"));
            }
        }
        return -1;
    }

    /** The bitmap's dirty byte count, or -1 when the node has no such bitmap. */
    @SuppressWarnings("unchecked")
    private long bitmapCount(QemuVolume volume, String bitmap) throws IOException {
        Map<String, Object> b = bitmapInfo(volume, bitmap);
        return b == null ? -1 : QemuCopyTask.number(b.get("count"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> bitmapInfo(QemuVolume volume, String bitmap) throws IOException {
        for (Map<String, Object> n : nodes()) {
            if (volume.node().equals(n.get("node-name")) && n.get("dirty-bitmaps") instanceof List<?> list) {
                for (Object o : list) {
                    Map<String, Object> b = (Map<String, Object>) o;
                    if (bitmap.equals(b.get("name"))) {
                        return b;
                    }
                }
            }
        }
        return null;
    }

    /** Makes sure the node has the bitmap; returns false when it had to be (re)created, i.e. history is lost. */
    private boolean ensureBitmap(QemuVolume volume, String bitmap) throws IOException {
        Map<String, Object> info = bitmapInfo(volume, bitmap);
        if (info != null && !Boolean.TRUE.equals(info.get("inconsistent"))) {
            return true;
        }
        if (info != null) {
            tryQmp("block-dirty-bitmap-remove", Json.obj("node", volume.node(), "name", bitmap));
        }
        qmp("block-dirty-bitmap-add", Json.obj("node", volume.node(), "name", bitmap, "granularity",
                QemuBackendConfig.GRANULARITY, "persistent", volume.format == ImageFormat.QCOW2));
        return false;
    }

    private void clearBitmap(QemuVolume volume, String bitmap) throws IOException {
        qmp("block-dirty-bitmap-clear", Json.obj("node", volume.node(), "name", bitmap));
    }

    /**
     * Chunks the target changed must be overwritten too: merges the target's pair bitmap into the source's, then
     * clears the target's.
     */
    private void foldTargetBitmap(QemuPair pair) throws IOException {
        qmp("block-dirty-bitmap-merge", Json.obj("node", pair.source.node(), "target", pair.bitmap(),
                "bitmaps", List.of(Json.obj("node", pair.target.node(), "name", pair.bitmap()))));
        clearBitmap(pair.target, pair.bitmap());
    }

    private String newName(String prefix, Object suffix) {
        return prefix + names.incrementAndGet() + "-" + suffix;
    }

    private Map<String, Object> speed(Map<String, Object> arguments) {
        if (config.copyBytesPerSecond() > 0) {
            arguments.put("speed", config.copyBytesPerSecond());
        }
        return arguments;
    }

    private Map<String, Object> backup(String job, QemuVolume from, QemuVolume to, String sync, String bitmap,
                                       String bitmapMode) {
        Map<String, Object> arguments = speed(Json.obj("job-id", job, "device", from.node(), "target", to.node(),
                "sync", sync, "bitmap", bitmap, "bitmap-mode", bitmapMode, "auto-dismiss", false));
        if (config.copyOffload() && !direct(from) && !direct(to)) {
            // copy_file_range keeps the data in the kernel: measured 2-5x faster than read/write through the page
            // cache, but 1.5x slower than QEMU's own reads and writes when either image is opened with O_DIRECT
            // (bench/storage, 1 GiB: 480 vs 730 MB/s).
            arguments.put("x-perf", Json.obj("use-copy-range", true));
        }
        return arguments;
    }

    private Map<String, Object> mirror(String job, QemuPair pair, String sync) {
        return speed(Json.obj("job-id", job, "device", pair.source.node(), "target", pair.target.node(),
                "sync", sync, "copy-mode", pair.synchronous() ? "write-blocking" : "background",
                "auto-dismiss", false));
    }

    /** Waits (bounded) until a job concluded, then dismisses it; returns its error or null. */
    private String awaitJobEnd(String jobId, long millis) throws IOException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            Map<String, Object> job = jobs().get(jobId);
            if (job == null) {
                return null;
            }
            String status = String.valueOf(job.get("status"));
            if ("concluded".equals(status) || "null".equals(status)) {
                tryQmp("job-dismiss", Json.obj("id", jobId));
                return job.get("error") == null ? null : String.valueOf(job.get("error"));
            }
            sleep(10);
        }
        throw new IOException("job " + jobId + " did not end within " + millis + " ms");
    }

    private void awaitJobGone(String jobId) throws IOException {
        awaitJobEnd(jobId, 30_000);
    }

    /** Cancels the pair's standing job ({@code job-cancel}), waits (bounded) until it is gone, forgets it. */
    private void endStandingJob(QemuPair pair) throws IOException {
        tryQmp("job-cancel", Json.obj("id", pair.standingJob));
        awaitJobGone(pair.standingJob);
        pair.standingJob = null;
    }

    // ---------------------------------------------------------------- nodes and exports

    private void createImage(QemuVolume v) throws IOException {
        Path image = v.image(volumesDir);
        if (v.format == ImageFormat.RAW) {
            try (FileChannel c = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                c.truncate(0);
                c.write(ByteBuffer.allocate(1), v.size - 1);
                // A sparse file of the right length: write one zero byte at the end, then make it durable.
                c.force(true);
            }
        } else {
            runTool(config.imgBinary(), "create", "-q", "-f", "qcow2", image.toString(), Long.toString(v.size));
            try (FileChannel c = FileChannel.open(image, StandardOpenOption.WRITE)) {
                c.force(true);
            }
        }
        PropertiesFile.syncDirectory(volumesDir);
    }

    private static void runTool(String... argv) throws IOException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", argv) + " failed: " + QemuDaemon.text(out).trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + argv[0], e);
        } finally {
            p.destroyForcibly();
        }
    }

    private void addNode(QemuVolume v, QemuVolume backing) throws IOException {
        addNode(v, backing, false);
    }

    /** O_DIRECT only where no I/O can meet a partial 4 KiB sector at the end of the image (QEMU 7.2 fails there). */
    private boolean direct(QemuVolume v) {
        return config.directIo() && v.size % QemuBackendConfig.SIZE_UNIT == 0;
    }

    private void addNode(QemuVolume v, QemuVolume backing, boolean readOnly) throws IOException {
        Map<String, Object> cache = Json.obj("direct", direct(v), "no-flush", false);
        // aio=native (O_DIRECT only) and io_uring copied no faster than the thread pool here (bench/storage A/B,
        // 12 runs each); native used 20-50 % less of the daemon's CPU.
        Map<String, Object> file = Json.obj("driver", "file", "node-name", v.fileNode(), "filename",
                v.image(volumesDir).toString(), "aio", "threads", "discard", "unmap", "cache", cache);
        Map<String, Object> node = Json.obj("driver", v.format.driver(), "node-name", v.node(), "discard", "unmap",
                "cache", cache, "file", file);
        if (v.format == ImageFormat.QCOW2) {
            // An explicit JSON null means no backing file, whatever the image header says.
            node.put("backing", backing == null ? Json.NULL : backing.node());
        }
        if (readOnly) {
            node.put("read-only", true);
            file.put("read-only", true);
        }
        qmp("blockdev-add", node);
    }

    private enum ExportMode { NONE, READ_ONLY, WRITABLE }

    private ExportMode desiredExport(QemuVolume v) {
        if (!fileExports.getOrDefault(v.id, Set.of()).isEmpty()) {
            // QEMU's FUSE export needs the resize permission that an NBD export does not share.
            return ExportMode.NONE;
        }
        return pairExport(v);
    }

    private ExportMode pairExport(QemuVolume v) {
        ExportMode mode = ExportMode.WRITABLE;
        for (QemuPair p : pairs.values()) {
            if (p.target != v) {
                continue;
            }
            ExportMode m = switch (p.kind) {
                case SNAPSHOT -> ExportMode.READ_ONLY;
                case CLONE -> p.state == PairState.COPYING || p.state == PairState.RESYNCING
                        || (p.state == PairState.SUSPENDED && p.taskId.isPresent())
                        ? ExportMode.READ_ONLY : ExportMode.WRITABLE;
                case MIRROR -> switch (p.state) {
                    case COPYING, SYNCHRONIZED, RESYNCING, RESTORING -> ExportMode.NONE;
                    case SUSPENDED -> p.taskId.isPresent() ? ExportMode.NONE : ExportMode.WRITABLE;
                    default -> ExportMode.WRITABLE;
                };
            };
            if (m.ordinal() < mode.ordinal()) {
                mode = m;
            }
        }
        return mode;
    }

    /** Gives the volume the NBD export its pairs allow; a changed export drops connected clients. Lock held. */
    private void reconcileExport(QemuVolume v) throws IOException {
        if (!volumes.containsKey(v.id)) {
            return;
        }
        ExportMode want = desiredExport(v);
        ExportMode have = v.exportId == null ? ExportMode.NONE
                : v.exportWritable ? ExportMode.WRITABLE : ExportMode.READ_ONLY;
        if (want == have) {
            return;
        }
        removeExport(v);
        if (want != ExportMode.NONE) {
            String id = newName("rce", v.id);
            qmp("block-export-add", Json.obj("type", "nbd", "id", id, "node-name", v.node(), "name", v.id.value(),
                    "writable", want == ExportMode.WRITABLE));
            v.exportId = id;
            v.exportWritable = want == ExportMode.WRITABLE;
        }
    }

    private void removeExport(QemuVolume v) throws IOException {
        if (v.exportId != null) {
            deleteExport(v.exportId);
            v.exportId = null;
        }
    }

    /** Deletes an export, dropping its clients, and waits until the daemon has really let go of it. */
    @SuppressWarnings("unchecked")
    private void deleteExport(String id) throws IOException {
        try {
            qmp("block-export-del", Json.obj("id", id, "mode", "hard"));
        } catch (QmpException e) {
            LOG.debug("block-export-del {}: {}", id, e.getMessage());
        }
        for (int i = 0; i < 1000; i++) {
            boolean present = false;
            for (Map<String, Object> e : (List<Map<String, Object>>) qmp("query-block-exports", Map.of())) {
                present |= id.equals(e.get("id"));
            }
            if (!present) {
                return;
            }
            sleep(10);
        }
        throw new IOException("export " + id + " was not removed within 10 s");
    }

    // ---------------------------------------------------------------- pools and volumes

    @Override
    public BackendCapabilities capabilities() {
        return capabilities;
    }

    /** The daemon's NBD server socket; hosts may use {@code nbd+unix:///<volume id>?socket=<this path>}. */
    public Path nbdSocket() {
        return daemon.nbdSocket();
    }

    /** The engine's one pool; read-only, so a crash changes nothing. Pool and volume queries below likewise. */
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
        return Math.max(0, config.poolCapacityBytes() - volumes.values().stream().mapToLong(v -> v.size).sum());
    }

    /**
     * Creates a sparse raw (or qcow2) image and opens it in the daemon. Atomic: the metadata file written last
     * publishes the volume; an image without it is removed on the next open.
     */
    @Override
    public Volume createVolume(PoolId pool, String name, long sizeBytes) throws BackendException {
        return exclusive(() -> {
            QemuVolume v = newVolume(pool, name, sizeBytes, config.format(), "", null);
            return describe(v);
        });
    }

    private QemuVolume newVolume(PoolId pool, String name, long size, ImageFormat format, String owner,
                                 QemuVolume backing) throws BackendException, IOException {
        if (!config.poolId().equals(pool)) {
            throw new BackendException(Reason.NOT_FOUND, "no pool " + pool);
        }
        checkSize(size);
        if (size > freeBytes()) {
            throw new BackendException(Reason.NO_SPACE, "volume of " + size + " bytes does not fit in pool " + pool
                    + " (" + freeBytes() + " bytes free)");
        }
        VolumeId id;
        do {
            id = VolumeId.of(String.format("vol-%08x", ThreadLocalRandom.current().nextInt()));
        } while (volumes.containsKey(id));
        QemuVolume v = new QemuVolume(id, pool, name, size, format, owner);
        createImage(v);
        try {
            addNode(v, backing);
        } catch (IOException e) {
            Files.deleteIfExists(v.image(volumesDir));
            throw e;
        }
        v.save(volumesDir);
        volumes.put(id, v);
        reconcileExport(v);
        return v;
    }

    private void checkSize(long size) throws BackendException {
        int unit = QemuVolume.BLOCK_SIZE;
        if (size <= 0 || size % unit != 0) {
            throw new BackendException(Reason.INVALID_ARGUMENT, "volume size must be a positive multiple of "
                    + unit + " bytes, got " + size);
        }
    }

    private Volume describe(QemuVolume v) {
        long allocated;
        try {
            allocated = Math.min(v.size, Files.size(v.image(volumesDir)));
        } catch (IOException e) {
            allocated = 0;
        }
        return v.describe(allocated);
    }

    /** Deletes an unused volume. Atomic: the metadata file goes first; a left-over image is removed on open. */
    @Override
    public void deleteVolume(VolumeId id) throws BackendException {
        exclusive(() -> {
            QemuVolume v = requireVolume(id);
            requireUnpaired(v);
            requireNotOpen(v);
            removeVolume(v);
            return null;
        });
    }

    private void removeVolume(QemuVolume v) throws IOException {
        PropertiesFile.delete(QemuVolume.metadata(volumesDir, v.id));
        volumes.remove(v.id);
        removeExport(v);
        tryQmp("blockdev-del", Json.obj("node-name", v.node()));
        Files.deleteIfExists(v.image(volumesDir));
    }

    private void requireUnpaired(QemuVolume v) throws BackendException {
        List<String> in = pairs.values().stream().filter(p -> p.source == v || p.target == v)
                .map(p -> p.id.value()).toList();
        if (!in.isEmpty()) {
            throw new BackendException(Reason.IN_USE, "volume " + v.id + " belongs to pair(s) " + in);
        }
    }

    private void requireNotOpen(QemuVolume v) throws BackendException {
        if (v.openDevices > 0) {
            throw new BackendException(Reason.IN_USE, "volume " + v.id + " has " + v.openDevices
                    + " open device(s)");
        }
        if (!fileExports.getOrDefault(v.id, Set.of()).isEmpty()) {
            throw new BackendException(Reason.IN_USE, "volume " + v.id + " is exported as a file");
        }
    }

    /**
     * Resizes with {@code block_resize}. Atomic: the daemon's resize is, and on open a size that differs from the
     * metadata is taken from the image.
     */
    @Override
    public Volume resizeVolume(VolumeId id, long newSizeBytes) throws BackendException {
        capabilities.require(Capability.RESIZE);
        return exclusive(() -> {
            QemuVolume v = requireVolume(id);
            checkSize(newSizeBytes);
            requireUnpaired(v);
            long delta = newSizeBytes - v.size;
            if (delta > freeBytes()) {
                throw new BackendException(Reason.NO_SPACE, "growing " + id + " by " + delta + " bytes exceeds the "
                        + freeBytes() + " bytes free in pool " + v.pool);
            }
            if (delta < 0) {
                long used = lastNonZeroByte(v, newSizeBytes);
                if (used > newSizeBytes) {
                    throw new BackendException(Reason.INVALID_ARGUMENT, "cannot shrink " + id + " to "
                            + newSizeBytes + " bytes: data is stored up to byte " + used);
                }
            }
            removeExport(v);
            try {
                boolean wasDirect = direct(v);
                qmp("block_resize", Json.obj("node-name", v.node(), "size", newSizeBytes));
                v.size = newSizeBytes;
                v.save(volumesDir);
                if (direct(v) != wasDirect) {
                    // The new size changes whether O_DIRECT is safe: reopen the image accordingly.
                    qmp("blockdev-del", Json.obj("node-name", v.node()));
                    addNode(v, null);
                }
            } finally {
                reconcileExport(v);
            }
            return describe(v);
        });
    }

    /** The end of the last non-zero data at or above {@code from}, or {@code from} if there is none. */
    private long lastNonZeroByte(QemuVolume v, long from) throws IOException {
        if (v.exportId == null) {
            throw new IOException("volume " + v.id + " has no export to inspect");
        }
        List<long[]> data = new ArrayList<>();
        try (NbdUnixClient status = NbdUnixClient.connectAllocation(daemon.nbdSocket(), v.id.value())) {
            status.extents((offset, length, flags) -> {
                if ((flags & 2) == 0 && offset + length > from) {
                    data.add(new long[] {Math.max(offset, from), offset + length});
                }
            });
        }
        long last = from;
        try (NbdUnixClient c = NbdUnixClient.connect(daemon.nbdSocket(), v.id.value())) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            for (long[] range : data) {
                for (long at = range[0]; at < range[1]; at += buffer.capacity()) {
                    int n = (int) Math.min(buffer.capacity(), range[1] - at);
                    buffer.clear().limit(n);
                    c.read(at, buffer);
                    for (int i = n - 1; i >= 0; i--) {
                        if (buffer.get(i) != 0) {
                            last = Math.max(last, at + i + 1);
                            break;
                        }
                    }
                }
            }
        }
        return last;
    }

    @Override
    public List<Volume> volumes() throws BackendException {
        ensureOpen();
        return volumes.values().stream().map(this::describe).sorted(Comparator.comparing(Volume::id)).toList();
    }

    @Override
    public Volume volume(VolumeId id) throws BackendException {
        ensureOpen();
        return describe(requireVolume(id));
    }

    private QemuVolume requireVolume(VolumeId id) throws BackendException {
        QemuVolume v = id == null ? null : volumes.get(id);
        if (v == null) {
            throw new BackendException(Reason.NOT_FOUND, "no volume " + id);
        }
        return v;
    }

    /**
     * Opens a connection to the volume's NBD export in the daemon. A running mirror's target has no export;
     * for raw images it is read from the image file instead (read-only). No durable effect.
     */
    @Override
    public BlockDevice openDevice(VolumeId id) throws BackendException {
        return exclusive(() -> {
            QemuVolume v = requireVolume(id);
            Runnable release = () -> {
                lock.lock();
                try {
                    v.openDevices--;
                } finally {
                    lock.unlock();
                }
            };
            BlockDevice device;
            if (v.exportId != null) {
                device = new QemuBlockDevice(v.id, v.size, daemon.nbdSocket(), hostBytes, release);
            } else if (v.format == ImageFormat.RAW) {
                device = new ImageReadDevice(v.id, v.size, v.image(volumesDir), release);
            } else {
                throw new BackendException(Reason.IN_USE, "volume " + id + " has no host export now (the target of "
                        + "a running mirror, or exported as a file)");
            }
            v.openDevices++;
            return device;
        });
    }

    /** A volume exported as a plain file by the daemon's FUSE export; close it to end the export. */
    public final class FileExport implements AutoCloseable {
        private final VolumeId volume;
        private final String exportId;
        private final Path path;

        private FileExport(VolumeId volume, String exportId, Path path) {
            this.volume = volume;
            this.exportId = exportId;
            this.path = path;
        }

        /** The regular file whose content is the volume. */
        public Path path() {
            return path;
        }

        @Override
        public void close() throws BackendException {
            exclusive(() -> {
                Set<String> ids = fileExports.getOrDefault(volume, new HashSet<>());
                if (ids.contains(exportId)) {
                    deleteExport(exportId);
                    ids.remove(exportId);
                    QemuVolume v = volumes.get(volume);
                    if (v != null) {
                        reconcileExport(v);
                    }
                }
                return null;
            });
        }
    }

    /**
     * Exports a volume as the regular file {@code mountpoint} (created if missing) through the daemon's FUSE
     * export, so tools that need a file (a userspace iSCSI target such as tgt) reach the volume through QEMU's
     * block layer. While it lives, the volume's NBD export is withdrawn (QEMU 7.2 cannot have both: the FUSE
     * export takes the resize permission) and devices read raw images from the file. Refused for a running
     * mirror's target, for a volume already exported as a file and, when {@code writable}, for read-only volumes
     * (snapshot targets, copy targets). The export lives until closed or until the daemon restarts; it is not
     * persisted.
     */
    public FileExport exportAsFile(VolumeId id, Path mountpoint, boolean writable) throws BackendException {
        return exclusive(() -> {
            QemuVolume v = requireVolume(id);
            ExportMode mode = pairExport(v);
            if (mode == ExportMode.NONE || (writable && mode != ExportMode.WRITABLE)
                    || !fileExports.getOrDefault(v.id, Set.of()).isEmpty()) {
                throw new BackendException(Reason.IN_USE, "volume " + id + " cannot be exported "
                        + (writable ? "writable" : "") + " now (" + mode + ")");
            }
            if (!Files.exists(mountpoint)) {
                Files.createFile(mountpoint);
            } else if (!Files.isRegularFile(mountpoint)) {
                throw new BackendException(Reason.INVALID_ARGUMENT, mountpoint + " is not a regular file");
            }
            String exportId = newName("rcf", v.id);
            Set<String> ids = fileExports.computeIfAbsent(v.id, k -> ConcurrentHashMap.newKeySet());
            ids.add(exportId);
            try {
                // The NBD export goes while the file export lives (see desiredExport).
                reconcileExport(v);
                qmp("block-export-add", Json.obj("type", "fuse", "id", exportId, "node-name", v.node(),
                        "mountpoint", mountpoint.toAbsolutePath().toString(), "writable", writable));
            } catch (IOException e) {
                ids.remove(exportId);
                reconcileExport(v);
                throw e;
            }
            return new FileExport(v.id, exportId, mountpoint);
        });
    }

    // ---------------------------------------------------------------- establishing pairs

    /** Validates source and target and allocates (or prepares) the target; the pair is not yet published. */
    private QemuPair newPair(ReplicaKind kind, Optional<MirrorMode> mode, VolumeId sourceId, ReplicaTarget target)
            throws BackendException, IOException {
        QemuVolume source = requireVolume(sourceId);
        ReplicaPairId id;
        do {
            id = ReplicaPairId.of(String.format("pair-%08x", ThreadLocalRandom.current().nextInt()));
        } while (pairs.containsKey(id));
        QemuVolume t;
        if (target.existing().isPresent()) {
            t = requireVolume(target.existing().get());
            if (t == source) {
                throw new BackendException(Reason.INVALID_ARGUMENT, "source and target are both " + sourceId);
            }
            if (t.size != source.size) {
                throw new BackendException(Reason.INVALID_ARGUMENT, "target " + t.id + " (" + t.size
                        + " bytes) must be the size of source " + sourceId + " (" + source.size + " bytes): "
                        + "QEMU merges their dirty bitmaps");
            }
            requireUnpaired(t);
            requireNotOpen(t);
            if (kind == ReplicaKind.SNAPSHOT) {
                recreateAsSnapshotImage(t, source);
            }
        } else {
            String name = target.newName() == null ? kind.name().toLowerCase() + "-of-" + sourceId : target.newName();
            ImageFormat format = kind == ReplicaKind.SNAPSHOT ? ImageFormat.QCOW2 : config.format();
            t = newVolume(target.pool().get(), name, source.size, format, id.value(),
                    kind == ReplicaKind.SNAPSHOT ? source : null);
        }
        return new QemuPair(id, kind, mode, source, t, PairState.COPYING, Instant.now());
    }

    /** A fleecing target must be a qcow2 image backed by the source: replace the existing volume's image. */
    private void recreateAsSnapshotImage(QemuVolume t, QemuVolume source) throws IOException {
        removeExport(t);
        qmp("blockdev-del", Json.obj("node-name", t.node()));
        Files.deleteIfExists(t.image(volumesDir));
        t.format = ImageFormat.QCOW2;
        t.save(volumesDir);
        createImage(t);
        addNode(t, source);
    }

    private void publish(QemuPair pair) throws IOException {
        pair.save(pairsDir);
        pairs.put(pair.id, pair);
    }

    /** Starts the snapshot's copy-before-write job: {@code blockdev-backup sync=none} into the fleecing image. */
    private void startFleecing(QemuPair pair) throws IOException {
        String job = newName("rcj", pair.id);
        qmp("blockdev-backup", Json.obj("job-id", job, "device", pair.source.node(), "target", pair.target.node(),
                "sync", "none", "auto-dismiss", false));
        pair.standingJob = job;
    }

    /**
     * Takes a fleecing snapshot. Atomic: the pair file is the commit point; a target allocated for a pair that
     * was never written is removed on open. Survives a clean restart (the backup job is restarted before any
     * export reopens); after the daemon itself died, the snapshot is reported BROKEN.
     */
    @Override
    public ReplicaPair createSnapshot(VolumeId source, ReplicaTarget target) throws BackendException {
        capabilities.require(Capability.SNAPSHOT);
        return exclusive(() -> {
            QemuPair pair = newPair(ReplicaKind.SNAPSHOT, Optional.empty(), source, target);
            try {
                startFleecing(pair);
            } catch (IOException e) {
                if (target.existing().isEmpty()) {
                    removeVolume(pair.target);
                }
                throw e;
            }
            pair.state = PairState.SYNCHRONIZED;
            publish(pair);
            reconcileExport(pair.target);
            return pair.describe(0);
        });
    }

    /**
     * Starts {@code blockdev-backup sync=full}, in one transaction with clearing the pair's bitmap on the source
     * so that later changes are tracked from the point in time. A crash before the task ends reports it FAILED
     * after reopen and leaves the pair ABORTED (7.2 cannot continue a backup from a checkpoint).
     */
    @Override
    public CopyTask createClone(VolumeId source, ReplicaTarget target) throws BackendException {
        capabilities.require(Capability.CLONE);
        return exclusive(() -> {
            QemuPair pair = newPair(ReplicaKind.CLONE, Optional.empty(), source, target);
            ensureBitmap(pair.source, pair.bitmap());
            ensureBitmap(pair.target, pair.bitmap());
            pair.state = PairState.COPYING;
            QemuCopyTask task = newTask(pair, CopyTaskKind.CLONE, pair.source.size);
            publish(pair);
            reconcileExport(pair.target);
            // The backup job starts before the request returns: started on the copy thread, a host write made
            // right after the request could land before it and reach the clone.
            String job = newName("rcj", pair.id);
            return startCloneJob(task, pair, job, () -> startFullBackup(job, pair));
        });
    }

    /**
     * Starts a clone's first job before the request returns and follows it on the copy thread, which then clears
     * the target's bitmap; when the job cannot start, the task fails on the copy thread with that error.
     */
    private QemuCopyTask startCloneJob(QemuCopyTask task, QemuPair pair, String job, QemuCopyTask.JobStart first) {
        try {
            task.startFirstJob(job, first);
        } catch (IOException e) {
            start(task, t -> {
                throw e;
            });
            return task;
        }
        start(task, t -> {
            t.followJob(job, false);
            clearBitmap(pair.target, pair.bitmap());
        });
        return task;
    }

    /** {@code blockdev-backup sync=full} in one transaction with clearing the pair's bitmap on the source. */
    private void startFullBackup(String job, QemuPair pair) throws IOException {
        qmp("transaction", Json.obj("actions", List.of(
                Json.obj("type", "block-dirty-bitmap-clear", "data",
                        Json.obj("node", pair.source.node(), "name", pair.bitmap())),
                Json.obj("type", "blockdev-backup", "data", backup(job, pair.source, pair.target, "full", null,
                        null)))));
    }

    /**
     * Starts {@code blockdev-mirror sync=full} (write-blocking for synchronous mode); the task completes when the
     * job is ready, and the job then lives with the pair. A crash during the initial copy reports the task FAILED
     * and the pair ABORTED; a crash while synchronized makes the next open copy the mirror again in full.
     */
    @Override
    public CopyTask createMirror(VolumeId source, ReplicaTarget target, MirrorMode mode) throws BackendException {
        capabilities.require(mode == MirrorMode.SYNCHRONOUS ? Capability.MIRROR_SYNC : Capability.MIRROR_ASYNC);
        return exclusive(() -> {
            QemuPair pair = newPair(ReplicaKind.MIRROR, Optional.of(mode), source, target);
            ensureBitmap(pair.source, pair.bitmap());
            ensureBitmap(pair.target, pair.bitmap());
            pair.state = PairState.COPYING;
            QemuCopyTask task = newTask(pair, CopyTaskKind.MIRROR_INITIAL, pair.source.size);
            publish(pair);
            reconcileExport(pair.target);
            start(task, t -> fullMirror(t, pair));
            return task;
        });
    }

    private void fullMirror(QemuCopyTask task, QemuPair pair) throws IOException {
        String job = newName("rcj", pair.id);
        task.runJob(job, () -> qmp("blockdev-mirror", mirror(job, pair, "full")), true);
        pair.standingJob = job;
        clearBitmap(pair.source, pair.bitmap());
        clearBitmap(pair.target, pair.bitmap());
    }

    // ---------------------------------------------------------------- tasks

    /** {@code expected}: the bytes the task will likely copy, its total until QEMU's job reports one. */
    private QemuCopyTask newTask(QemuPair pair, CopyTaskKind kind, long expected) {
        CopyTaskId id = CopyTaskId.of(String.format("task-%08x", ThreadLocalRandom.current().nextInt()));
        pair.taskId = Optional.of(id);
        pair.taskKind = kind;
        QemuCopyTask task = new QemuCopyTask(id, pair.id, kind, this, expected);
        tasks.put(id, task);
        return task;
    }

    private void start(QemuCopyTask task, QemuCopyTask.Body body) {
        copyExecutor.execute(() -> task.run(body));
    }

    @Override
    public Map<String, Object> job(String jobId) throws IOException {
        return jobs().get(jobId);
    }

    @Override
    public void command(String command, Map<String, Object> arguments) throws IOException {
        qmp(command, arguments);
    }

    @Override
    public void copied(long bytes) {
        copyBytes.addAndGet(bytes);
    }

    @Override
    public void taskSucceeded(QemuCopyTask task) throws IOException {
        lock.lock();
        try {
            QemuPair pair = pairs.get(task.pairId());
            if (closed || pair == null || !pair.taskId.equals(Optional.of(task.id()))) {
                return;
            }
            pair.taskId = Optional.empty();
            pair.state = PairState.SYNCHRONIZED;
            pair.lostTrack = false;
            pair.save(pairsDir);
            reconcileExport(pair.target);
            reconcileExport(pair.source);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void taskStopped(QemuCopyTask task, CopyTaskState state, String reason) {
        lock.lock();
        try {
            QemuPair pair = pairs.get(task.pairId());
            if (closed || pair == null || !pair.taskId.equals(Optional.of(task.id()))) {
                return;
            }
            LOG.warn("copy task {} of pair {} ended {}: {}", task.id(), pair.id, state, reason);
            pair.taskId = Optional.empty();
            pair.state = state == CopyTaskState.FAILED ? PairState.BROKEN : PairState.ABORTED;
            pair.lostTrack = true;
            if (pair.standingJob != null) {
                tryQmp("job-cancel", Json.obj("id", pair.standingJob));
                pair.standingJob = null;
            }
            pair.save(pairsDir);
            reconcileExport(pair.target);
        } catch (IOException e) {
            LOG.error("cannot record the end of copy task {}", task.id(), e);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- pair operations

    /** Ends a synchronized mirror cleanly: the target equals the source when the job is gone. Lock held. */
    private void stopMirror(QemuPair pair) throws IOException {
        if (pair.standingJob == null) {
            return;
        }
        String job = pair.standingJob;
        // Clear first: writes from now on are in the bitmap, earlier ones are on the target when the job ends.
        clearBitmap(pair.source, pair.bitmap());
        qmp("block-job-cancel", Json.obj("device", job, "force", false));
        pair.standingJob = null;
        String error = awaitJobEnd(job, 60_000);
        if (error != null) {
            LOG.warn("mirror job {} of pair {} ended with: {}", job, pair.id, error);
        }
        clearBitmap(pair.target, pair.bitmap());
    }

    /** Stops mirroring (the mirror job ends without pivot) and tracks changes on both sides. Atomic. */
    @Override
    public ReplicaPair fracture(ReplicaPairId id) throws BackendException {
        capabilities.require(Capability.CHANGE_TRACKING);
        return stopMirroring(id, PairState.FRACTURED);
    }

    /**
     * As {@link #fracture}; QEMU's graceful cancel of a ready mirror copies what is still queued first, so the
     * target is consistent for asynchronous mirrors too. Atomic.
     */
    @Override
    public ReplicaPair split(ReplicaPairId id) throws BackendException {
        capabilities.require(Capability.CHANGE_TRACKING);
        return stopMirroring(id, PairState.SPLIT);
    }

    private ReplicaPair stopMirroring(ReplicaPairId id, PairState end) throws BackendException {
        return exclusive(() -> {
            QemuPair pair = requireMirror(id);
            requireState(pair, end == PairState.SPLIT ? "split" : "fracture", PairState.SYNCHRONIZED,
                    PairState.SUSPENDED);
            requireNoTask(pair);
            stopMirror(pair);
            pair.state = end;
            pair.lagBytes = 0;
            pair.save(pairsDir);
            reconcileExport(pair.target);
            return describe(pair);
        });
    }

    /** Synchronized mirror: as fracture. Running copy: {@code job-pause}. Atomic. */
    @Override
    public ReplicaPair suspend(ReplicaPairId id) throws BackendException {
        capabilities.require(Capability.SUSPEND_RESUME);
        return exclusive(() -> {
            QemuPair pair = requirePair(id);
            if (pair.kind == ReplicaKind.SNAPSHOT) {
                throw new BackendException(Reason.INVALID_STATE, "a snapshot has no data flow to suspend");
            }
            Optional<QemuCopyTask> task = activeTask(pair);
            if (pair.kind == ReplicaKind.MIRROR && pair.state == PairState.SYNCHRONIZED && task.isEmpty()) {
                stopMirror(pair);
            } else if (task.isPresent()) {
                task.get().pause();
            } else {
                throw new BackendException(Reason.INVALID_STATE, "pair " + id + " cannot be suspended in state "
                        + pair.state);
            }
            pair.state = PairState.SUSPENDED;
            pair.save(pairsDir);
            reconcileExport(pair.target);
            return describe(pair);
        });
    }

    /**
     * Resumes a paused copy ({@code job-resume}) or, for a suspended mirror, resyncs as {@link #resync} does.
     * Crash behaviour as for {@link #createClone}: a copy cut short is reported FAILED and the pair ABORTED.
     */
    @Override
    public CopyTask resumePair(ReplicaPairId id) throws BackendException {
        capabilities.require(Capability.SUSPEND_RESUME);
        return exclusive(() -> {
            QemuPair pair = requirePair(id);
            requireState(pair, "resume", PairState.SUSPENDED);
            Optional<QemuCopyTask> task = activeTask(pair);
            if (task.isPresent()) {
                pair.state = switch (task.get().kind()) {
                    case CLONE, MIRROR_INITIAL -> PairState.COPYING;
                    case RESYNC -> PairState.RESYNCING;
                    case RESTORE -> PairState.RESTORING;
                };
                pair.save(pairsDir);
                task.get().resume();
                return task.get();
            }
            return startResync(pair);
        });
    }

    /**
     * Makes the target equal the source again by copying the chunks in the pair's bitmaps ({@code blockdev-backup
     * sync=bitmap}), everything after an abort or when tracking was lost; mirrors then mirror again. Snapshots
     * take a new point in time. Crash behaviour as for {@link #createClone}.
     */
    @Override
    public CopyTask resync(ReplicaPairId id) throws BackendException {
        capabilities.require(Capability.INCREMENTAL_RESYNC);
        return exclusive(() -> {
            QemuPair pair = requirePair(id);
            requireNoTask(pair);
            switch (pair.kind) {
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
            return startResync(pair);
        });
    }

    /** Lock held. */
    private QemuCopyTask startResync(QemuPair pair) throws IOException {
        boolean full = pair.lostTrack || pair.state == PairState.ABORTED || pair.state == PairState.BROKEN;
        ensureBitmap(pair.source, pair.bitmap());
        ensureBitmap(pair.target, pair.bitmap());
        long expected = full ? pair.source.size : changedBytes(pair);
        pair.state = PairState.RESYNCING;
        pair.pointInTime = Instant.now();
        QemuCopyTask task = newTask(pair, CopyTaskKind.RESYNC, expected);
        pair.save(pairsDir);
        reconcileExport(pair.target);
        if (pair.kind == ReplicaKind.CLONE) {
            // As for a new clone, the job starts before the request returns, so the clone takes the request's
            // point in time and not a host write made right after it.
            String job = newName("rcj", pair.id);
            QemuCopyTask.JobStart first = full ? () -> startFullBackup(job, pair) : () -> {
                foldTargetBitmap(pair);
                qmp("blockdev-backup", backup(job, pair.source, pair.target, "bitmap", pair.bitmap(), "on-success"));
            };
            return startCloneJob(task, pair, job, first);
        }
        start(task, t -> { // a mirror: host writes reach the target anyway, so its jobs may start here
            if (full) {
                fullMirror(t, pair);
                return;
            }
            foldTargetBitmap(pair);
            syncAndMirror(t, pair);
        });
        return task;
    }

    /**
     * Copies the bitmap's chunks, then starts {@code blockdev-mirror sync=none}. A host write landing between the
     * end of the copy and the start of the mirror shows in the bitmap; then the mirror is ended cleanly and the
     * round repeats (bounded), so the pair never claims synchrony with a chunk missing.
     */
    private void syncAndMirror(QemuCopyTask task, QemuPair pair) throws IOException {
        for (int attempt = 0; attempt < MAX_SYNC_ATTEMPTS; attempt++) {
            String copy = newName("rcj", pair.id);
            task.runJob(copy, () -> qmp("blockdev-backup", backup(copy, pair.source, pair.target, "bitmap",
                    pair.bitmap(), "on-success")), false);
            if (bitmapCount(pair.source, pair.bitmap()) != 0) {
                continue;
            }
            String job = newName("rcj", pair.id);
            task.runJob(job, () -> qmp("blockdev-mirror", mirror(job, pair, "none")), true);
            if (bitmapCount(pair.source, pair.bitmap()) == 0) {
                pair.standingJob = job;
                clearBitmap(pair.target, pair.bitmap());
                return;
            }
            qmp("block-job-cancel", Json.obj("device", job, "force", false));
            awaitJobEnd(job, 60_000);
        }
        throw new IOException("hosts kept writing to " + pair.source.id + "; the resync did not find a quiet "
                + "moment to start mirroring in " + MAX_SYNC_ATTEMPTS + " rounds");
    }

    /** Snapshot resync: drop the fleecing image and take a new one. Lock held. */
    private QemuCopyTask newPointInTime(QemuPair pair) throws IOException {
        if (pair.standingJob != null) {
            removeExport(pair.target);
            endStandingJob(pair);
        }
        recreateAsSnapshotImage(pair.target, pair.source);
        startFleecing(pair);
        pair.state = PairState.SYNCHRONIZED;
        pair.pointInTime = Instant.now();
        pair.save(pairsDir);
        reconcileExport(pair.target);
        CopyTaskId id = CopyTaskId.of(String.format("task-%08x", ThreadLocalRandom.current().nextInt()));
        QemuCopyTask task = QemuCopyTask.completed(id, pair.id, CopyTaskKind.RESYNC, this);
        tasks.put(id, task);
        return task;
    }

    /**
     * Copies the clusters a snapshot saved back onto its source ({@code blockdev-backup sync=top} from the
     * fleecing image), with the source's host export removed. The copy-before-write job is ended first (the
     * source cannot be a job's source and target at once); nothing writes to the source meanwhile, so the
     * snapshot's point in time holds. Idempotent: a crash leaves the pair RESTORING and the next open runs it
     * again. Lock held.
     */
    private void restoreSnapshotLocked(QemuPair pair) throws IOException {
        if (pair.standingJob != null) {
            endStandingJob(pair);
        }
        // The fleecing image holds its source as backing and so forbids writes to it: reopen the image without
        // backing (read-only) for the copy; "top" then means the clusters the snapshot saved.
        removeExport(pair.target);
        qmp("blockdev-del", Json.obj("node-name", pair.target.node()));
        addNode(pair.target, null, true);
        try {
            copySnapshotBack(pair);
        } finally {
            qmp("blockdev-del", Json.obj("node-name", pair.target.node()));
            addNode(pair.target, pair.source, false);
        }
    }

    private void copySnapshotBack(QemuPair pair) throws IOException {
        String job = newName("rcj", pair.id);
        qmp("blockdev-backup", backup(job, pair.target, pair.source, "top", null, null));
        Map<String, Object> last = null;
        for (long deadline = System.currentTimeMillis() + 3_600_000; System.currentTimeMillis() < deadline; ) {
            Map<String, Object> j = jobs().get(job);
            if (j != null) {
                last = j;
            }
            if (j == null || "concluded".equals(j.get("status")) || "null".equals(j.get("status"))) {
                break;
            }
            sleep(10);
        }
        String error = awaitJobEnd(job, 10_000);
        if (error != null) {
            throw new IOException("restoring snapshot " + pair.id + " failed: " + error);
        }
        if (last != null) {
            copied(QemuCopyTask.number(last.get("current-progress")));
        }
    }

    /**
     * Copies the target back onto the source: chunks in either side's bitmap ({@code blockdev-backup
     * sync=bitmap} target→source), a snapshot's saved clusters ({@code sync=top}), everything when tracking was
     * lost; a mirror then mirrors again. The source keeps its host export: hosts must not write to it meanwhile.
     * Crash behaviour as for {@link #createClone}.
     */
    @Override
    public CopyTask restore(ReplicaPairId id) throws BackendException {
        capabilities.require(Capability.RESTORE);
        return exclusive(() -> {
            QemuPair pair = requirePair(id);
            requireNoTask(pair);
            switch (pair.kind) {
                case SNAPSHOT, CLONE -> requireState(pair, "restore", PairState.SYNCHRONIZED);
                case MIRROR -> requireState(pair, "restore", PairState.FRACTURED, PairState.SPLIT);
                default -> throw new IllegalStateException();
            }
            if (pair.kind == ReplicaKind.SNAPSHOT) {
                pair.state = PairState.RESTORING;
                pair.save(pairsDir);
                removeExport(pair.source);
                try {
                    restoreSnapshotLocked(pair);
                    // The export goes back before the job, so the job's filter takes it over (see buildGraph).
                    reconcileExport(pair.source);
                    startFleecing(pair);
                    pair.state = PairState.SYNCHRONIZED;
                    pair.save(pairsDir);
                } finally {
                    reconcileExport(pair.source);
                    reconcileExport(pair.target);
                }
                CopyTaskId taskId = CopyTaskId.of(String.format("task-%08x", ThreadLocalRandom.current().nextInt()));
                QemuCopyTask done = QemuCopyTask.completed(taskId, pair.id, CopyTaskKind.RESTORE, this);
                tasks.put(taskId, done);
                return done;
            }
            boolean full = pair.lostTrack;
            long expected = full ? pair.source.size : changedBytes(pair);
            pair.state = PairState.RESTORING;
            QemuCopyTask task = newTask(pair, CopyTaskKind.RESTORE, expected);
            pair.save(pairsDir);
            reconcileExport(pair.target);
            start(task, t -> {
                String job = newName("rcj", pair.id);
                if (full) {
                    t.runJob(job, () -> qmp("blockdev-backup", backup(job, pair.target, pair.source, "full", null,
                            null)), false);
                } else {
                    String merged = newName("rcb", pair.id);
                    qmp("block-dirty-bitmap-add", Json.obj("node", pair.target.node(), "name", merged,
                            "granularity", QemuBackendConfig.GRANULARITY, "disabled", true));
                    try {
                        qmp("block-dirty-bitmap-merge", Json.obj("node", pair.target.node(), "target", merged,
                                "bitmaps", List.of(Json.obj("node", pair.target.node(), "name", pair.bitmap()),
                                        Json.obj("node", pair.source.node(), "name", pair.bitmap()))));
                        t.runJob(job, () -> qmp("blockdev-backup", backup(job, pair.target, pair.source, "bitmap",
                                merged, "never")), false);
                    } finally {
                        tryQmp("block-dirty-bitmap-remove", Json.obj("node", pair.target.node(), "name", merged));
                    }
                }
                clearBitmap(pair.source, pair.bitmap());
                clearBitmap(pair.target, pair.bitmap());
                if (pair.kind == ReplicaKind.MIRROR) {
                    syncAndMirror(t, pair);
                }
            });
            return task;
        });
    }

    /**
     * Exchanges source and target. A synchronized mirror: the old source's export is dropped (fencing hosts),
     * the mirror ends cleanly, and a new {@code blockdev-mirror sync=none} runs the other way. Atomic: the pair
     * file with the swapped volumes is the commit point; a crash after it re-mirrors in full on open.
     */
    @Override
    public ReplicaPair swapRoles(ReplicaPairId id) throws BackendException {
        capabilities.require(Capability.SWAP_ROLES);
        return exclusive(() -> {
            QemuPair pair = requireMirror(id);
            requireState(pair, "swap roles of", PairState.SYNCHRONIZED, PairState.FRACTURED, PairState.SPLIT,
                    PairState.SUSPENDED);
            requireNoTask(pair);
            boolean mirroring = pair.standingJob != null;
            if (mirroring) {
                removeExport(pair.source);
                stopMirror(pair);
            }
            QemuVolume old = pair.source;
            pair.source = pair.target;
            pair.target = old;
            pair.save(pairsDir);
            if (mirroring) {
                // Exports must exist before the mirror starts: its filter node then takes them over, so host
                // writes pass through it. An export added later would bypass the mirror.
                reconcileExport(pair.target);
                reconcileExport(pair.source);
                String job = newName("rcj", pair.id);
                qmp("blockdev-mirror", mirror(job, pair, "none"));
                awaitReady(job);
                pair.standingJob = job;
                clearBitmap(pair.source, pair.bitmap());
                clearBitmap(pair.target, pair.bitmap());
            }
            reconcileExport(pair.target);
            reconcileExport(pair.source);
            return describe(pair);
        });
    }

    private void awaitReady(String job) throws IOException {
        for (int i = 0; i < 3000; i++) {
            Map<String, Object> j = jobs().get(job);
            if (j == null || j.get("error") != null || "concluded".equals(j.get("status"))) {
                throw new IOException("mirror job " + job + " ended before it was ready: "
                        + (j == null ? "gone" : j.get("error")));
            }
            if ("ready".equals(j.get("status"))) {
                return;
            }
            sleep(10);
        }
        throw new IOException("mirror job " + job + " not ready within 30 s");
    }

    /** Cancels the running copy ({@code job-cancel}); the pair is ABORTED and its next resync copies all. Atomic. */
    @Override
    public ReplicaPair abort(ReplicaPairId id) throws BackendException {
        QemuCopyTask[] cancelled = new QemuCopyTask[1];
        ReplicaPair result = exclusive(() -> {
            QemuPair pair = requirePair(id);
            Optional<QemuCopyTask> task = activeTask(pair);
            if (task.isEmpty()) {
                throw new BackendException(Reason.INVALID_STATE, "pair " + id + " has no copy to abort (state "
                        + pair.state + ")");
            }
            pair.taskId = Optional.empty();
            pair.state = PairState.ABORTED;
            pair.lostTrack = true;
            pair.save(pairsDir);
            cancelled[0] = task.get();
            task.get().cancel();
            return describe(pair);
        });
        cancelled[0].awaitFinal(10_000);
        exclusive(() -> {
            QemuPair pair = pairs.get(id);
            if (pair != null) {
                if (pair.standingJob != null && pair.state == PairState.ABORTED) {
                    endStandingJob(pair);
                }
                reconcileExport(pair.target);
            }
            return null;
        });
        return result;
    }

    /**
     * Dissolves the pair: ends its job, removes its bitmaps, deletes the pair file (the commit point), then the
     * target if asked. A snapshot target depends on its source and can only go with the pair.
     */
    @Override
    public void removePair(ReplicaPairId id, boolean deleteTarget) throws BackendException {
        exclusive(() -> {
            QemuPair pair = requirePair(id);
            requireNoTask(pair);
            if (pair.kind == ReplicaKind.SNAPSHOT && !deleteTarget) {
                throw new BackendException(Reason.INVALID_ARGUMENT, "snapshot target " + pair.target.id
                        + " depends on its source; remove it with deleteTarget, or clone the snapshot first");
            }
            if (deleteTarget) {
                requireNotOpen(pair.target);
            }
            if (pair.kind == ReplicaKind.MIRROR) {
                stopMirror(pair);
            } else if (pair.standingJob != null) {
                removeExport(pair.target);
                endStandingJob(pair);
            }
            PropertiesFile.delete(QemuPair.metadata(pairsDir, id));
            pairs.remove(id);
            tryQmp("block-dirty-bitmap-remove", Json.obj("node", pair.source.node(), "name", pair.bitmap()));
            tryQmp("block-dirty-bitmap-remove", Json.obj("node", pair.target.node(), "name", pair.bitmap()));
            QemuVolume target = pair.target;
            if (deleteTarget) {
                if (pairs.values().stream().noneMatch(p -> p.source == target || p.target == target)) {
                    removeVolume(target);
                }
            } else if (!target.owner.isEmpty()) {
                target.owner = "";
                target.save(volumesDir);
            }
            reconcileExport(target);
            reconcileExport(pair.source);
            return null;
        });
    }

    @Override
    public List<ReplicaPair> pairs() throws BackendException {
        ensureOpen();
        BitmapCounts counts = new BitmapCounts();
        return pairs.values().stream().map(p -> describe(p, counts)).sorted(Comparator.comparing(ReplicaPair::id))
                .toList();
    }

    @Override
    public ReplicaPair pair(ReplicaPairId id) throws BackendException {
        ensureOpen();
        return describe(requirePair(id));
    }

    /** The bytes the pair's bitmaps mark on both sides (a superset of what an incremental copy moves). */
    private long changedBytes(QemuPair pair) throws IOException {
        return Math.min(pair.source.size, markedBytes(pair, new BitmapCounts()));
    }

    /** The sum of the pair's bitmap counts on source and target; a missing bitmap counts as 0. */
    private static long markedBytes(QemuPair pair, BitmapCounts counts) throws IOException {
        return Math.max(0, counts.count(pair.source, pair.bitmap()))
                + Math.max(0, counts.count(pair.target, pair.bitmap()));
    }

    private ReplicaPair describe(QemuPair pair) {
        return describe(pair, new BitmapCounts());
    }

    private ReplicaPair describe(QemuPair pair, BitmapCounts counts) {
        long changed = 0;
        if (pair.kind != ReplicaKind.SNAPSHOT && pair.standingJob == null && !pair.lostTrack) {
            try {
                changed = markedBytes(pair, counts);
            } catch (IOException e) {
                changed = 0;
            }
        } else if (pair.lostTrack) {
            changed = pair.source.size;
        }
        return pair.describe(Math.min(changed, pair.source.size));
    }

    /**
     * Dirty byte counts by node and bitmap name, read with one {@code query-named-block-nodes} on first use and
     * then reused, so describing many pairs costs one query rather than two per pair. Not thread-safe: one per
     * call.
     */
    private final class BitmapCounts {
        private Map<String, Map<String, Long>> byNode;
        private IOException failure;

        /** The bitmap's dirty byte count, or -1 when the node has no such bitmap (as {@link #bitmapCount}). */
        @SuppressWarnings("unchecked")
        long count(QemuVolume volume, String bitmap) throws IOException {
            if (byNode == null && failure == null) {
                try {
                    Map<String, Map<String, Long>> read = new HashMap<>();
                    for (Map<String, Object> n : nodes()) {
                        if (n.get("node-name") != null && n.get("dirty-bitmaps") instanceof List<?> list) {
                            Map<String, Long> bitmaps = read.computeIfAbsent(String.valueOf(n.get("node-name")),
                                    k -> new HashMap<>());
                            for (Object o : list) {
                                Map<String, Object> b = (Map<String, Object>) o;
                                if (b.get("name") != null) {
                                    bitmaps.putIfAbsent(String.valueOf(b.get("name")),
                                            QemuCopyTask.number(b.get("count")));
                                }
                            }
                        }
                    }
                    byNode = read;
                } catch (IOException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
            return byNode.getOrDefault(volume.node(), Map.of()).getOrDefault(bitmap, -1L);
        }
    }

    /**
     * The union of the pair's bitmaps on source and target, read over NBD block status from a temporary,
     * disabled copy exported read-only. Everything when tracking was lost; nothing while a mirror runs.
     */
    @Override
    public ChangeMap changeMap(ReplicaPairId id) throws BackendException {
        return exclusive(() -> {
            QemuPair pair = requirePair(id);
            int granularity = QemuBackendConfig.GRANULARITY;
            int chunks = (int) ((pair.source.size + granularity - 1) / granularity);
            BitSet dirty = new BitSet(chunks);
            if (pair.lostTrack || pair.kind == ReplicaKind.SNAPSHOT) {
                dirty.set(0, chunks);
                return new ChangeMap(granularity, chunks, dirty);
            }
            if (pair.standingJob != null) {
                return new ChangeMap(granularity, chunks, dirty);
            }
            String copy = newName("rcb", pair.id);
            String export = newName("rcx", pair.id);
            QemuVolume at = pair.source;
            qmp("block-dirty-bitmap-add", Json.obj("node", at.node(), "name", copy, "granularity", granularity,
                    "disabled", true));
            try {
                qmp("block-dirty-bitmap-merge", Json.obj("node", at.node(), "target", copy, "bitmaps", List.of(
                        Json.obj("node", pair.source.node(), "name", pair.bitmap()),
                        Json.obj("node", pair.target.node(), "name", pair.bitmap()))));
                qmp("block-export-add", Json.obj("type", "nbd", "id", export, "node-name", at.node(), "name", export,
                        "writable", false, "bitmaps", List.of(copy)));
                try (NbdUnixClient c = NbdUnixClient.connectBitmap(daemon.nbdSocket(), export, copy)) {
                    dirty.or(c.dirtyChunks(granularity));
                } finally {
                    deleteExport(export);
                }
            } finally {
                tryQmp("block-dirty-bitmap-remove", Json.obj("node", at.node(), "name", copy));
            }
            return new ChangeMap(granularity, chunks, dirty);
        });
    }

    @Override
    public List<CopyTask> tasks() {
        return tasks.values().stream().map(t -> (CopyTask) t).sorted(Comparator.comparing(CopyTask::id)).toList();
    }

    @Override
    public CopyTask task(CopyTaskId id) throws BackendException {
        QemuCopyTask task = tasks.get(id);
        if (task == null) {
            throw new BackendException(Reason.NOT_FOUND, "no copy task " + id);
        }
        return task;
    }

    /**
     * Host bytes are those written through {@link #openDevice} devices (not through the daemon's socket
     * directly); copy bytes are the progress QEMU's jobs reported for this engine's copy tasks.
     */
    @Override
    public BackendCounters counters() {
        return new BackendCounters(hostBytes.get(), copyBytes.get(), copyBytes.get());
    }

    private QemuPair requirePair(ReplicaPairId id) throws BackendException {
        QemuPair pair = id == null ? null : pairs.get(id);
        if (pair == null) {
            throw new BackendException(Reason.NOT_FOUND, "no replica pair " + id);
        }
        return pair;
    }

    private QemuPair requireMirror(ReplicaPairId id) throws BackendException {
        QemuPair pair = requirePair(id);
        if (pair.kind != ReplicaKind.MIRROR) {
            throw new BackendException(Reason.INVALID_STATE, "pair " + id + " is a " + pair.kind
                    + "; the operation applies to mirrors");
        }
        return pair;
    }

    private static void requireState(QemuPair pair, String operation, PairState... allowed)
            throws BackendException {
        for (PairState s : allowed) {
            if (pair.state == s) {
                return;
            }
        }
        throw new BackendException(Reason.INVALID_STATE, "cannot " + operation + " pair " + pair.id + " in state "
                + pair.state);
    }

    private void requireNoTask(QemuPair pair) throws BackendException {
        Optional<QemuCopyTask> task = activeTask(pair);
        if (task.isPresent()) {
            throw new BackendException(Reason.IN_USE, "pair " + pair.id + " has copy task " + task.get().id()
                    + " in progress; abort it first");
        }
    }

    private Optional<QemuCopyTask> activeTask(QemuPair pair) {
        return pair.taskId.map(tasks::get).filter(t -> !t.progress().state().isFinal());
    }

    // ---------------------------------------------------------------- locking and closing

    private interface Change<T> {
        T run() throws BackendException, IOException;
    }

    private <T> T exclusive(Change<T> change) throws BackendException {
        ensureOpen();
        lock.lock();
        try {
            ensureOpen();
            return change.run();
        } catch (IOException e) {
            throw new BackendException(Reason.IO_ERROR, e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() throws BackendException {
        if (closed) {
            throw new BackendException(Reason.INVALID_STATE, "qemu backend in " + config.dataDirectory()
                    + " is closed");
        }
    }

    private static List<Path> list(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static String strip(Path file, String suffix) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - suffix.length());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Quits the daemon (images flushed, qcow2 bitmaps stored); copy tasks still running end with the daemon and
     * are reported FAILED on the next open, their pairs ABORTED. An attached daemon is left running.
     */
    @Override
    public void close() throws BackendException {
        if (closed) {
            return;
        }
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
        watcher.shutdownNow();
        try {
            QemuDaemon d = daemon;
            if (d != null) {
                if (config.qmpSocket().isPresent()) {
                    for (QemuVolume v : volumes.values()) {
                        if (v.exportId != null) {
                            tryQmp("block-export-del", Json.obj("id", v.exportId, "mode", "hard"));
                        }
                    }
                }
                d.shutdown(runDir);
            }
        } catch (IOException e) {
            throw new BackendException(Reason.IO_ERROR, "closing qemu backend: " + e.getMessage(), e);
        } finally {
            copyExecutor.shutdownNow();
        }
    }

    private void shutdownQuietly() {
        closed = true;
        watcher.shutdownNow();
        copyExecutor.shutdownNow();
        QemuDaemon d = daemon;
        if (d != null) {
            try {
                d.shutdown(runDir);
            } catch (IOException e) {
                LOG.debug("shutting the daemon down: {}", e.getMessage());
            }
        }
    }
}
