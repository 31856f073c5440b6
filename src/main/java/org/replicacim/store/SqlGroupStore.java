package org.replicacim.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.replicacim.replication.GroupRelationship;
import org.replicacim.replication.GroupStore;
import org.replicacim.replication.ReplicationGroup;
import org.replicacim.replication.SyncMode;
import org.replicacim.replication.SyncType;
import org.replicacim.replication.SynchronizationAspect;
import org.replicacim.storage.ReplicaPairId;
import org.replicacim.storage.VolumeId;

/**
 * The durable {@link GroupStore}: groups, group relationships and synchronization aspects as rows of the generic {@link RecordTable} (kinds
 * {@value #GROUP_KIND}, {@value #RELATIONSHIP_KIND} and {@value #ASPECT_KIND}), each a positional JSON array of strings led by a format
 * version, members as one space-separated field. One committed transaction per call, as SqlRelationshipStore.
 */
public final class SqlGroupStore implements GroupStore {
    /** The record kind of replication groups. */
    public static final String GROUP_KIND = "replication.group";
    /** The record kind of group relationships. */
    public static final String RELATIONSHIP_KIND = "replication.group-relationship";
    /** The record kind of synchronization aspects. */
    public static final String ASPECT_KIND = "replication.aspect";
    private static final String FORMAT = "1";

    private final RecordTable records;

    public SqlGroupStore(RecordTable records) {
        this.records = records;
    }

    @Override
    public void putGroup(ReplicationGroup g) {
        records.put(GROUP_KIND, g.id(), JsonStrings.encode(List.of(FORMAT, g.id(), g.name(),
                String.join(" ", g.members().stream().map(VolumeId::value).toList()), Boolean.toString(g.persistent()),
                Boolean.toString(g.deleteOnEmpty()), Boolean.toString(g.deleteOnUnassociated()),
                Integer.toString(g.reservedAs()), g.created() == null ? "" : g.created().toString())));
    }

    @Override
    public Optional<ReplicationGroup> group(String id) {
        VersionedRecord rec = records.get(GROUP_KIND, id);
        return rec == null ? Optional.empty() : Optional.of(decodeGroup(rec));
    }

    @Override
    public List<ReplicationGroup> groups() {
        List<ReplicationGroup> out = new ArrayList<>();
        for (VersionedRecord rec : records.list(GROUP_KIND)) {
            out.add(decodeGroup(rec));
        }
        return out;
    }

    @Override
    public void removeGroup(String id) {
        records.remove(GROUP_KIND, id);
    }

    @Override
    public void putRelationship(GroupRelationship r) {
        records.put(RELATIONSHIP_KIND, r.id(), JsonStrings.encode(List.of(FORMAT, r.id(), r.name(), r.sourceGroup(),
                r.targetGroup(), r.syncType().name(), r.mode().name(), String.join(" ", r.members()),
                Boolean.toString(r.consistencyEnabled()),
                r.whenEstablished() == null ? "" : r.whenEstablished().toString())));
    }

    @Override
    public List<GroupRelationship> relationships() {
        List<GroupRelationship> out = new ArrayList<>();
        for (VersionedRecord rec : records.list(RELATIONSHIP_KIND)) {
            out.add(decodeRelationship(rec));
        }
        return out;
    }

    @Override
    public void removeRelationship(String id) {
        records.remove(RELATIONSHIP_KIND, id);
    }

    @Override
    public void putAspect(SynchronizationAspect a) {
        List<String> points = new ArrayList<>();
        for (SynchronizationAspect.Point p : a.points()) {
            points.add(p.source().value() + "," + p.holder().value() + "," + p.pair().value());
        }
        records.put(ASPECT_KIND, a.id(), JsonStrings.encode(List.of(FORMAT, a.id(), a.name(),
                a.sourceGroup() == null ? "" : a.sourceGroup(), String.join(" ", points),
                Boolean.toString(a.consistent()), a.pointInTime() == null ? "" : a.pointInTime().toString())));
    }

    @Override
    public List<SynchronizationAspect> aspects() {
        List<SynchronizationAspect> out = new ArrayList<>();
        for (VersionedRecord rec : records.list(ASPECT_KIND)) {
            List<String> f = fields(rec, 7, "synchronization aspect");
            try {
                List<SynchronizationAspect.Point> points = new ArrayList<>();
                for (String p : words(f.get(4))) {
                    String[] c = p.split(",");
                    points.add(new SynchronizationAspect.Point(VolumeId.of(c[0]), VolumeId.of(c[1]),
                            ReplicaPairId.of(c[2])));
                }
                out.add(new SynchronizationAspect(f.get(1), f.get(2), f.get(3).isEmpty() ? null : f.get(3), points,
                        Boolean.parseBoolean(f.get(5)), f.get(6).isEmpty() ? null : Instant.parse(f.get(6))));
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                throw new StoreException("synchronization aspect '" + rec.id() + "' cannot be read: "
                        + e.getMessage());
            }
        }
        return out;
    }

    @Override
    public void removeAspect(String id) {
        records.remove(ASPECT_KIND, id);
    }

    private static List<String> fields(VersionedRecord rec, int count, String what) {
        List<String> f = JsonStrings.decode(rec.payload());
        if (f.isEmpty() || !FORMAT.equals(f.get(0)) || f.size() < count) {
            throw new StoreException(what + " '" + rec.id() + "' is stored in an unknown format; it was written by"
                    + " another ReplicaCIM release");
        }
        return f;
    }

    private static List<String> words(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split(" "));
    }

    static ReplicationGroup decodeGroup(VersionedRecord rec) {
        List<String> f = fields(rec, 9, "replication group");
        try {
            return new ReplicationGroup(f.get(1), f.get(2), words(f.get(3)).stream().map(VolumeId::of).toList(),
                    Boolean.parseBoolean(f.get(4)), Boolean.parseBoolean(f.get(5)), Boolean.parseBoolean(f.get(6)),
                    Integer.parseInt(f.get(7)), f.get(8).isEmpty() ? null : Instant.parse(f.get(8)));
        } catch (IllegalArgumentException e) {
            throw new StoreException("replication group '" + rec.id() + "' cannot be read: " + e.getMessage());
        }
    }

    static GroupRelationship decodeRelationship(VersionedRecord rec) {
        List<String> f = fields(rec, 10, "group relationship");
        try {
            return new GroupRelationship(f.get(1), f.get(2), f.get(3), f.get(4), SyncType.valueOf(f.get(5)),
                    SyncMode.valueOf(f.get(6)), words(f.get(7)), Boolean.parseBoolean(f.get(8)),
                    f.get(9).isEmpty() ? null : Instant.parse(f.get(9)));
        } catch (IllegalArgumentException e) {
            throw new StoreException("group relationship '" + rec.id() + "' cannot be read: " + e.getMessage());
        }
    }
}
