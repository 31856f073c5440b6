package org.replicacim.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.replicacim.replication.CopyState;
import org.replicacim.replication.ProgressStatus;
import org.replicacim.replication.RelationshipStore;
import org.replicacim.replication.SyncMode;
import org.replicacim.replication.SyncRelationship;
import org.replicacim.replication.SyncType;
import org.replicacim.storage.CopyTaskId;
import org.replicacim.storage.ReplicaPairId;
import org.replicacim.storage.VolumeId;

/**
 * The durable {@link RelationshipStore}: one row of the generic {@link RecordTable} per relationship (kind
 * {@value #KIND}), its fields as a positional JSON array of strings led by a format version. Each call is one
 * transaction, committed (SQLite synchronous=FULL) before it returns, so the engine's "persist the intent, act,
 * persist the result" order holds across kill -9.
 */
public final class SqlRelationshipStore implements RelationshipStore {
    /** The record kind of replication relationships. */
    public static final String KIND = "replication.relationship";
    private static final String FORMAT = "1";
    private static final int FIELDS = 20;

    private final RecordTable records;

    public SqlRelationshipStore(RecordTable records) {
        this.records = records;
    }

    @Override
    public void put(SyncRelationship r) {
        records.put(KIND, r.id(), encode(r));
    }

    @Override
    public Optional<SyncRelationship> get(String id) {
        VersionedRecord rec = records.get(KIND, id);
        return rec == null ? Optional.empty() : Optional.of(decode(rec));
    }

    @Override
    public List<SyncRelationship> list() {
        List<SyncRelationship> out = new ArrayList<>();
        for (VersionedRecord rec : records.list(KIND)) {
            out.add(decode(rec));
        }
        return out;
    }

    @Override
    public void remove(String id) {
        records.remove(KIND, id);
    }

    static String encode(SyncRelationship r) {
        List<String> f = new ArrayList<>(FIELDS);
        f.add(FORMAT);
        f.add(r.id());
        f.add(text(r.source() == null ? null : r.source().value()));
        f.add(text(r.target() == null ? null : r.target().value()));
        f.add(r.syncType().name());
        f.add(r.mode().name());
        f.add(r.copyState().name());
        f.add(r.progressStatus().name());
        f.add(r.requestedCopyState().name());
        f.add(text(r.percentSynced() == null ? null : r.percentSynced().toString()));
        f.add(text(r.whenEstablished()));
        f.add(text(r.whenActivated()));
        f.add(text(r.whenDeactivated()));
        f.add(text(r.whenSuspended()));
        f.add(text(r.whenSynchronized()));
        f.add(text(r.whenSynced()));
        f.add(text(r.pairId() == null ? null : r.pairId().value()));
        f.add(text(r.taskId() == null ? null : r.taskId().value()));
        f.add(Long.toString(r.generation()));
        f.add(Integer.toString(r.copyPriority()));
        return JsonStrings.encode(f);
    }

    static SyncRelationship decode(VersionedRecord rec) {
        List<String> f = JsonStrings.decode(rec.payload());
        if (f.isEmpty() || !FORMAT.equals(f.get(0)) || f.size() < FIELDS) {
            throw new StoreException("relationship '" + rec.id() + "' is stored in an unknown format ("
                    + (f.isEmpty() ? "empty" : "format " + f.get(0) + ", " + f.size() + " fields")
                    + "); it was written by another ReplicaCIM release");
        }
        try {
            return SyncRelationship.builder(f.get(1)).source(VolumeId.of(f.get(2)))
                    .target(f.get(3).isEmpty() ? null : VolumeId.of(f.get(3)))
                    .syncType(SyncType.valueOf(f.get(4))).mode(SyncMode.valueOf(f.get(5)))
                    .copyState(CopyState.valueOf(f.get(6))).progressStatus(ProgressStatus.valueOf(f.get(7)))
                    .requestedCopyState(CopyState.valueOf(f.get(8)))
                    .percentSynced(f.get(9).isEmpty() ? null : Integer.valueOf(f.get(9)))
                    .whenEstablished(instant(f.get(10))).whenActivated(instant(f.get(11)))
                    .whenDeactivated(instant(f.get(12))).whenSuspended(instant(f.get(13)))
                    .whenSynchronized(instant(f.get(14))).whenSynced(instant(f.get(15)))
                    .pairId(f.get(16).isEmpty() ? null : ReplicaPairId.of(f.get(16)))
                    .taskId(f.get(17).isEmpty() ? null : CopyTaskId.of(f.get(17)))
                    .generation(Long.parseLong(f.get(18))).copyPriority(Integer.parseInt(f.get(19))).build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new StoreException("relationship '" + rec.id() + "' cannot be read: " + e.getMessage());
        }
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static String text(Instant t) {
        return t == null ? "" : t.toString();
    }

    private static Instant instant(String s) {
        return s.isEmpty() ? null : Instant.parse(s);
    }
}
