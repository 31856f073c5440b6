package org.replicacim.storage.qemu;

import org.replicacim.storage.PropertiesFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

import org.replicacim.storage.CopyTaskId;
import org.replicacim.storage.CopyTaskKind;
import org.replicacim.storage.MirrorMode;
import org.replicacim.storage.PairState;
import org.replicacim.storage.ReplicaKind;
import org.replicacim.storage.ReplicaPair;
import org.replicacim.storage.ReplicaPairId;

/**
 * The engine's record of one replica pair. Persisted: kind, mode, volumes, state, point in time, the running
 * task and whether change tracking was lost. In memory only: the ids of the daemon's long-lived jobs (the
 * mirror, the snapshot's copy-before-write job), which do not outlive the daemon.
 */
final class QemuPair {
    final ReplicaPairId id;
    final ReplicaKind kind;
    final Optional<MirrorMode> mode;
    QemuVolume source;
    QemuVolume target;
    PairState state;
    Instant pointInTime;
    Optional<CopyTaskId> taskId = Optional.empty();
    CopyTaskKind taskKind;
    /** The bitmaps no longer cover every change (daemon restart on raw images, abort): resync copies everything. */
    boolean lostTrack;
    /** Daemon job that lives with the pair: the mirror while SYNCHRONIZED, the snapshot's backup sync=none. */
    String standingJob;
    long lagBytes;

    QemuPair(ReplicaPairId id, ReplicaKind kind, Optional<MirrorMode> mode, QemuVolume source, QemuVolume target,
             PairState state, Instant pointInTime) {
        this.id = id;
        this.kind = kind;
        this.mode = mode;
        this.source = source;
        this.target = target;
        this.state = state;
        this.pointInTime = pointInTime;
    }

    /** Name of the pair's dirty bitmap; the same name on the source and on the target node. */
    String bitmap() {
        return "rc-" + id.value();
    }

    boolean synchronous() {
        return mode.orElse(MirrorMode.SYNCHRONOUS) == MirrorMode.SYNCHRONOUS;
    }

    static Path metadata(Path directory, ReplicaPairId id) {
        return directory.resolve(id.value() + ".properties");
    }

    void save(Path directory) throws IOException {
        Properties p = new Properties();
        p.setProperty("kind", kind.name());
        mode.ifPresent(m -> p.setProperty("mode", m.name()));
        p.setProperty("source", source.id.value());
        p.setProperty("target", target.id.value());
        p.setProperty("state", state.name());
        p.setProperty("pointInTime", pointInTime.toString());
        taskId.ifPresent(t -> {
            p.setProperty("task", t.value());
            p.setProperty("taskKind", taskKind.name());
        });
        p.setProperty("lostTrack", Boolean.toString(lostTrack));
        PropertiesFile.write(metadata(directory, id), p);
    }

    interface VolumeLookup {
        QemuVolume get(String id) throws IOException;
    }

    static QemuPair load(Path directory, ReplicaPairId id, VolumeLookup volumes) throws IOException {
        Properties p = PropertiesFile.read(metadata(directory, id));
        QemuPair pair = new QemuPair(id, ReplicaKind.valueOf(p.getProperty("kind")),
                Optional.ofNullable(p.getProperty("mode")).map(MirrorMode::valueOf),
                volumes.get(p.getProperty("source")), volumes.get(p.getProperty("target")),
                PairState.valueOf(p.getProperty("state")), Instant.parse(p.getProperty("pointInTime")));
        if (p.getProperty("task") != null) {
            pair.taskId = Optional.of(CopyTaskId.of(p.getProperty("task")));
            pair.taskKind = CopyTaskKind.valueOf(p.getProperty("taskKind"));
        }
        pair.lostTrack = Boolean.parseBoolean(p.getProperty("lostTrack", "false"));
        return pair;
    }

    ReplicaPair describe(long changedBytes) {
        return new ReplicaPair(id, kind, mode, source.id, target.id, state, pointInTime, changedBytes,
                mode.orElse(MirrorMode.SYNCHRONOUS) == MirrorMode.ASYNCHRONOUS ? lagBytes : 0, taskId);
    }
}
