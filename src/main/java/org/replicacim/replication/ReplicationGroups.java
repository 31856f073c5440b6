package org.replicacim.replication;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.replicacim.replication.ReplicationException.Code;
import org.replicacim.storage.BackendException;
import org.replicacim.storage.BlockBackend;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.ReplicaPair;
import org.replicacim.storage.ReplicaTarget;
import org.replicacim.storage.VolumeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replication groups, group relationships and synchronization aspects (replication-services.md §3 group and aspect
 * methods, §4.5.5, §5.3–5.4, §9.3) over the
 * element relationships of {@link ReplicationEngine}: a group relationship is one element relationship per member
 * pair, and an operation on it is the element operation applied to every member pair — validated for all of them
 * first (each member reserved, so nothing else can change it meanwhile), then applied. Group-only operations
 * (consistency, AddSyncPair, RemoveSyncPair) follow the group rows of the transition table.
 *
 * <p>With consistency enabled, creation and every operation that takes a point in time (snapshot and clone
 * creation, Activate, Resync, Fracture) run under the backend's write barrier ({@link BlockBackend#holdingWrites}),
 * so all members share one point in time.
 */
public final class ReplicationGroups {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationGroups.class);
    /** Actions that fix a point in time of the source; under consistency they share one. */
    private static final Set<BackendAction> POINT_IN_TIME = EnumSet.of(BackendAction.TAKE_POINT_IN_TIME,
            BackendAction.START_COPY, BackendAction.RESYNC, BackendAction.FRACTURE);

    private final ReplicationEngine engine;
    private final BlockBackend backend;
    private final GroupStore store;
    private final Clock clock;
    private final Map<String, ReplicationGroup> groups = new ConcurrentHashMap<>();
    private final Map<String, GroupRelationship> relationships = new ConcurrentHashMap<>();
    private final Map<String, SynchronizationAspect> aspects = new ConcurrentHashMap<>();

    /** A group relationship as it is now: its members' relationships and the state they share (or Mixed). */
    public record GroupStatus(GroupRelationship relationship, List<SyncRelationship> members, CopyState copyState,
                              ProgressStatus progressStatus, CopyState requestedCopyState, Integer percentSynced) {
    }

    /** A member that failed, by its position and pair, and why. */
    public record MemberFailure(int index, VolumeId source, VolumeId target, ReplicationException error) {
        /** "member i (source -> target): message", the text a CIM_Error carries. */
        public String describe() {
            return "member " + index + " (" + source + " -> " + (target == null ? "new target" : target) + "): "
                    + error.getMessage();
        }
    }

    /** What applying an operation (or a creation) to members did: the accepted operations, in member order, and
     * the members that failed. */
    public record Outcome(List<AcceptedOperation> accepted, List<MemberFailure> failures) {
        public boolean failed() {
            return !failures.isEmpty();
        }
    }

    /** A group operation validated for every member and holding them until applied. */
    public final class GroupReservation {
        private final GroupRelationship relationship;
        private final List<ReplicationEngine.Reservation> members;
        private final SyncOperation operation;

        private GroupReservation(GroupRelationship relationship, List<ReplicationEngine.Reservation> members,
                                 SyncOperation operation) {
            this.relationship = relationship;
            this.members = members;
            this.operation = operation;
        }

        public GroupRelationship relationship() {
            return relationship;
        }

        public List<ReplicationEngine.Reservation> members() {
            return members;
        }

        public SyncOperation operation() {
            return operation;
        }
    }

    public ReplicationGroups(ReplicationEngine engine, BlockBackend backend, GroupStore store, Clock clock) {
        this.engine = engine;
        this.backend = backend;
        this.store = store;
        this.clock = clock;
        reload();
        int dropped = 0;
        if (engine.leading()) {
            for (GroupRelationship r : List.copyOf(relationships.values())) {
                if (status(r.id()).isEmpty()) {
                    dropped++;
                }
            }
        }
        LOG.info("replication groups: {} groups, {} group relationships re-read ({} without members dropped), {} "
                + "synchronization aspects", groups.size(), relationships.size(), dropped, aspectsAsLoaded().size());
    }

    public ReplicationCapabilities capabilities() {
        return engine.capabilities();
    }

    /** Whether the maps were last read while this server led (a leader's own writes keep them current). */
    private volatile boolean loadedAsLeader;

    /** Re-reads everything from the store. */
    private synchronized void reload() {
        replaceWith(groups, store.groups(), ReplicationGroup::id);
        replaceWith(relationships, store.relationships(), GroupRelationship::id);
        replaceWith(aspects, store.aspects(), SynchronizationAspect::id);
        loadedAsLeader = engine.leading();
    }

    /**
     * Makes the map hold exactly the stored values: new and changed entries are put first and stale ones removed
     * after, so a lock-free reader never sees the map emptied mid-reload (a follower would answer NOT_FOUND).
     */
    private static <T> void replaceWith(Map<String, T> map, List<T> stored, Function<T, String> id) {
        Map<String, T> fresh = new HashMap<>();
        for (T v : stored) {
            fresh.put(id.apply(v), v);
        }
        map.putAll(fresh);
        map.keySet().retainAll(fresh.keySet());
    }

    /**
     * Keeps the maps current with the shared store: a follower reads what the leader stored on every call (and writes
     * nothing: its store is fenced), and a server that has just taken over reads the store once before leading.
     */
    private void current() {
        if (!engine.leading() || !loadedAsLeader) {
            reload();
        }
    }

    // ---------------------------------------------------------------- groups

    /** Every group, by name. */
    public List<ReplicationGroup> groups() {
        current();
        List<ReplicationGroup> out = new ArrayList<>();
        for (ReplicationGroup g : groups.values()) {
            groupAsLoaded(g.id()).ifPresent(out::add);
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    /** The group, with members whose volumes were deleted (a Return To ResourcePool, say) left out. */
    public Optional<ReplicationGroup> group(String id) {
        current();
        return groupAsLoaded(id);
    }

    /** {@link #group(String)} on the maps as they are, without re-reading the store (callers have just done so). */
    private Optional<ReplicationGroup> groupAsLoaded(String id) {
        ReplicationGroup g = groups.get(id);
        if (g == null) {
            return Optional.empty();
        }
        List<VolumeId> alive = new ArrayList<>();
        for (VolumeId v : g.members()) {
            if (volumeExists(v)) {
                alive.add(v);
            }
        }
        if (alive.size() != g.members().size() && !engine.leading()) {
            return Optional.of(g.withMembers(alive));
        }
        if (alive.size() != g.members().size()) {
            synchronized (this) {
                g = groups.get(id);
                if (g == null) {
                    return Optional.empty();
                }
                g = g.withMembers(g.members().stream().filter(alive::contains).toList());
                store.putGroup(g);
                groups.put(id, g);
            }
        }
        return Optional.of(g);
    }

    /** Whether the group is the target of a consistent point-in-time relationship (snapshot or clone with
     * consistency): CIM_ReplicationGroup.ConsistentPointInTime. */
    public boolean holdsConsistentPointInTime(String groupId) {
        current();
        for (GroupRelationship r : relationships.values()) {
            if (holdsConsistentPointInTime(r, groupId)) {
                return true;
            }
        }
        return false;
    }

    /** The ids of every group {@link #holdsConsistentPointInTime(String)} is true for, from one read of the store:
     * an enumeration of N groups asks this once instead of N times. */
    public Set<String> consistentPointInTimeGroups() {
        current();
        Set<String> out = new HashSet<>();
        for (GroupRelationship r : relationships.values()) {
            if (holdsConsistentPointInTime(r, r.targetGroup())) {
                out.add(r.targetGroup());
            }
        }
        return out;
    }

    private static boolean holdsConsistentPointInTime(GroupRelationship r, String groupId) {
        return r.targetGroup().equals(groupId) && r.consistencyEnabled() && r.syncType() != SyncType.MIRROR;
    }

    /** The groups the volume is a member of. */
    public List<ReplicationGroup> groupsOf(VolumeId volume) {
        List<ReplicationGroup> out = new ArrayList<>();
        for (ReplicationGroup g : groups()) {
            if (g.members().contains(volume)) {
                out.add(g);
            }
        }
        return out;
    }

    /** CreateGroup: a new group with the given members in order (an empty group is allowed). */
    public synchronized ReplicationGroup createGroup(String name, List<VolumeId> members, boolean persistent,
                                                     boolean deleteOnEmpty, boolean deleteOnUnassociated,
                                                     Integer reservedAs) throws ReplicationException {
        int reserved = reservedAs == null ? ReplicationGroup.SOURCE_OR_TARGET : reservedAs;
        if (reserved < ReplicationGroup.SOURCE_ONLY || reserved > ReplicationGroup.SOURCE_OR_TARGET) {
            throw ReplicationException.invalid("ReservedAs " + reserved + " is not 2 (Source Only), 3 (Target Only)"
                    + " or 4 (Source or Target)");
        }
        checkMembers(members, "Members");
        String id = "RG-" + UUID.randomUUID();
        String groupName = name == null || name.isBlank() ? id : name.strip();
        for (ReplicationGroup g : groups.values()) {
            if (g.name().equals(groupName)) {
                throw ReplicationException.invalid("a replication group named '" + groupName + "' exists already");
            }
        }
        ReplicationGroup g = new ReplicationGroup(id, groupName, members, persistent, deleteOnEmpty,
                deleteOnUnassociated, reserved, clock.instant());
        store.putGroup(g);
        groups.put(id, g);
        LOG.info("CreateGroup {} '{}' with {} members", id, groupName, members.size());
        return g;
    }

    private void checkMembers(List<VolumeId> members, String what) throws ReplicationException {
        Set<VolumeId> seen = new HashSet<>();
        for (int i = 0; i < members.size(); i++) {
            VolumeId v = members.get(i);
            if (!seen.add(v)) {
                throw ReplicationException.invalid(what + "[" + i + "] " + v + " is listed twice");
            }
            try {
                backend.volume(v);
            } catch (BackendException e) {
                throw ReplicationException.invalid(what + "[" + i + "] " + v + " is not a volume of this system");
            }
        }
    }

    /** DeleteGroup: refused (7) while the group is in a group relationship, and (5) when it has members unless
     * {@code removeElements}. The members themselves stay. */
    public synchronized void deleteGroup(String id, boolean removeElements) throws ReplicationException {
        ReplicationGroup g = group(id).orElseThrow(() -> ReplicationException.invalid("no such replication group"));
        for (GroupRelationship r : relationshipsOf(id)) {
            throw new ReplicationException(Code.GROUP_CONDITION, "group '" + g.name() + "' is in group relationship '"
                    + r.name() + "'; remove that first");
        }
        for (SynchronizationAspect a : aspects()) {
            if (id.equals(a.sourceGroup())) {
                throw new ReplicationException(Code.IN_USE, "group '" + g.name() + "' has synchronization aspect '"
                        + a.name() + "'; delete or attach it first");
            }
        }
        if (!g.members().isEmpty() && !removeElements) {
            throw ReplicationException.invalid("group '" + g.name() + "' has " + g.members().size()
                    + " members; repeat with RemoveElements = true");
        }
        store.removeGroup(id);
        groups.remove(id);
        LOG.info("DeleteGroup {} '{}'", id, g.name());
    }

    /** AddMembers: appends the volumes not yet members, in the given order (7 if the group does not exist). */
    public synchronized ReplicationGroup addMembers(String id, List<VolumeId> members) throws ReplicationException {
        ReplicationGroup g = group(id).orElseThrow(() -> new ReplicationException(Code.GROUP_CONDITION,
                "the replication group does not exist"));
        checkMembers(members, "Members");
        List<VolumeId> all = new ArrayList<>(g.members());
        for (VolumeId v : members) {
            if (!all.contains(v)) {
                all.add(v);
            }
        }
        g = g.withMembers(all);
        store.putGroup(g);
        groups.put(id, g);
        return g;
    }

    /** RemoveMembers: refused for members paired in one of the group's relationships (6), unknown groups (7) and
     * non-members (8); deletes the group when it becomes empty and {@code deleteOnEmpty} (or its own flag) says so.
     * Returns the group, or empty when it was deleted. */
    public synchronized Optional<ReplicationGroup> removeMembers(String id, List<VolumeId> members,
                                                                 Boolean deleteOnEmpty) throws ReplicationException {
        ReplicationGroup g = group(id).orElseThrow(() -> new ReplicationException(Code.GROUP_CONDITION,
                "the replication group does not exist"));
        Set<VolumeId> paired = new HashSet<>();
        for (GroupRelationship r : relationshipsOf(id)) {
            for (SyncRelationship m : status(r.id()).map(GroupStatus::members).orElse(List.of())) {
                paired.add(m.source());
                paired.add(m.target());
            }
        }
        for (int i = 0; i < members.size(); i++) {
            VolumeId v = members.get(i);
            if (!g.members().contains(v)) {
                throw new ReplicationException(Code.NOT_A_MEMBER, "Members[" + i + "] " + v + " is not in group '"
                        + g.name() + "'");
            }
            if (paired.contains(v)) {
                throw new ReplicationException(Code.IN_USE, "Members[" + i + "] " + v + " is paired in a group "
                        + "relationship of '" + g.name() + "'; RemoveSyncPair it first");
            }
        }
        g = g.withMembers(g.members().stream().filter(v -> !members.contains(v)).toList());
        boolean delete = g.members().isEmpty() && (deleteOnEmpty != null ? deleteOnEmpty : g.deleteOnEmpty());
        if (delete) {
            store.removeGroup(id);
            groups.remove(id);
            LOG.info("RemoveMembers emptied group {} '{}'; deleted (DeleteOnEmptyElement)", id, g.name());
            return Optional.empty();
        }
        store.putGroup(g);
        groups.put(id, g);
        return Optional.of(g);
    }

    private List<GroupRelationship> relationshipsOf(String groupId) {
        List<GroupRelationship> out = new ArrayList<>();
        for (GroupRelationship r : relationships.values()) {
            if (r.sourceGroup().equals(groupId) || r.targetGroup().equals(groupId)) {
                out.add(r);
            }
        }
        return out;
    }

    private boolean volumeExists(VolumeId v) {
        try {
            backend.volume(v);
            return true;
        } catch (BackendException e) {
            return e.reason() != BackendException.Reason.NOT_FOUND;
        }
    }

    // ---------------------------------------------------------------- group relationships: reading

    /** Every group relationship with members, as it is now. */
    public List<GroupStatus> list() {
        current();
        List<GroupStatus> out = new ArrayList<>();
        for (GroupRelationship r : List.copyOf(relationships.values())) {
            status(r.id()).ifPresent(out::add);
        }
        out.sort((a, b) -> a.relationship().name().compareTo(b.relationship().name()));
        return out;
    }

    /** The group relationship between these groups (source, target), if any. */
    public Optional<GroupStatus> find(String sourceGroup, String targetGroup) {
        current();
        for (GroupRelationship r : List.copyOf(relationships.values())) {
            if (r.sourceGroup().equals(sourceGroup) && r.targetGroup().equals(targetGroup)) {
                return status(r.id());
            }
        }
        return Optional.empty();
    }

    /** The group relationship a member relationship belongs to, if any. */
    public Optional<GroupRelationship> containing(String relationshipId) {
        current();
        for (GroupRelationship r : relationships.values()) {
            if (r.members().contains(relationshipId)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /**
     * The relationship now: member relationships that ended (a Detach, a vanished pair) are dropped from it, and a
     * relationship left without members ends, taking groups marked DeleteOnUnassociated with it.
     */
    public Optional<GroupStatus> status(String id) {
        GroupRelationship r = relationships.get(id);
        if (r == null) {
            return Optional.empty();
        }
        List<SyncRelationship> members = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (String m : r.members()) {
            Optional<SyncRelationship> rel = engine.get(m);
            if (rel.isPresent()) {
                members.add(rel.get());
                ids.add(m);
            }
        }
        if (ids.size() != r.members().size() && !engine.leading()) {
            return ids.isEmpty() ? Optional.empty() : Optional.of(summarise(r.withMembers(ids), members));
        }
        if (ids.size() != r.members().size()) {
            synchronized (this) {
                GroupRelationship cur = relationships.get(id);
                if (cur == null) {
                    return Optional.empty();
                }
                List<String> kept = cur.members().stream().filter(ids::contains).toList();
                if (kept.isEmpty()) {
                    end(cur);
                    return Optional.empty();
                }
                r = cur.withMembers(kept);
                store.putRelationship(r);
                relationships.put(id, r);
            }
        }
        return Optional.of(summarise(r, members));
    }

    /** Ends a group relationship (its last member pair is gone) and the groups that go with it. */
    private void end(GroupRelationship r) {
        store.removeRelationship(r.id());
        relationships.remove(r.id());
        LOG.info("group relationship {} '{}' ended: no member pair is left", r.id(), r.name());
        for (String gid : List.of(r.sourceGroup(), r.targetGroup())) {
            ReplicationGroup g = groups.get(gid);
            if (g != null && g.deleteOnUnassociated() && relationshipsOf(gid).isEmpty()) {
                store.removeGroup(gid);
                groups.remove(gid);
                LOG.info("group {} '{}' deleted with it (DeleteOnUnassociated)", gid, g.name());
            }
        }
    }

    private static GroupStatus summarise(GroupRelationship r, List<SyncRelationship> members) {
        Set<CopyState> states = EnumSet.noneOf(CopyState.class);
        Set<ProgressStatus> statuses = EnumSet.noneOf(ProgressStatus.class);
        Set<CopyState> requested = EnumSet.noneOf(CopyState.class);
        int sum = 0;
        boolean known = true;
        for (SyncRelationship m : members) {
            states.add(m.copyState());
            statuses.add(m.progressStatus());
            if (m.inTransition()) {
                requested.add(m.requestedCopyState());
            }
            if (m.percentSynced() == null) {
                known = false;
            } else {
                sum += m.percentSynced();
            }
        }
        CopyState state = states.size() == 1 ? states.iterator().next() : CopyState.MIXED;
        // §4.5.5: members in different CopyStates make the group Mixed in both CopyState and ProgressStatus.
        ProgressStatus status = statuses.size() == 1 && state != CopyState.MIXED ? statuses.iterator().next()
                : ProgressStatus.MIXED;
        // Not Applicable only when no member is still on its way somewhere (§4.4 rule 1 for the group).
        CopyState req = requested.isEmpty() ? CopyState.NOT_APPLICABLE
                : requested.size() == 1 ? requested.iterator().next() : CopyState.MIXED;
        Integer percent = known && !members.isEmpty() ? sum / members.size() : null;
        return new GroupStatus(r, List.copyOf(members), state, status, req, percent);
    }

    /** Whether an element operation on this relationship must carry Force: its pair belongs to a consistent group
     * (§4.8: acting on one member breaks the group's point in time). */
    public boolean memberOfConsistentGroup(String relationshipId) {
        return containing(relationshipId).map(GroupRelationship::consistencyEnabled).orElse(false);
    }

    // ---------------------------------------------------------------- creation

    /**
     * CreateGroupReplica: validates the request for every member first (types, groups, sizes, targets free, wait
     * state), then creates one element relationship per member pair — under the write barrier when consistent —
     * and records the group relationship. A member that cannot be created undoes the members made before it
     * (their targets allocated here are deleted again) and the call fails naming the member: nothing half-made stays.
     */
    public GroupCreation createGroupReplica(GroupReplicaRequest q) throws ReplicationException {
        ReplicationType type = ReplicationType.local(q.syncType(), q.mode());
        if (!capabilities().supports(type)) {
            throw ReplicationException.notSupported("replication type " + type + " is not supported");
        }
        if (q.consistent() && !capabilities().consistency(type)) {
            throw ReplicationException.notSupported("consistent groups need a backend that can hold writes across "
                    + "volumes; this one cannot");
        }
        if (q.waitFor() != null && !capabilities().creationWaitStates(type).contains(q.waitFor())) {
            throw ReplicationException.invalid("WaitForCopyState " + q.waitFor().value() + " (" + q.waitFor().label()
                    + ") is not supported when creating a " + q.syncType());
        }
        ReplicationGroup source = group(q.sourceGroup()).orElseThrow(() -> ReplicationException.invalid(
                "SourceGroup names no replication group"));
        if (source.reservedAs() == ReplicationGroup.TARGET_ONLY) {
            throw ReplicationException.invalid("SourceGroup '" + source.name() + "' is reserved as a target only");
        }
        if (source.members().isEmpty()) {
            throw ReplicationException.invalid("SourceGroup '" + source.name() + "' has no members");
        }
        ReplicationGroup target = null;
        if (q.targetGroup() != null) {
            target = group(q.targetGroup()).orElseThrow(() -> ReplicationException.invalid(
                    "TargetGroup names no replication group"));
            if (target.id().equals(source.id())) {
                throw ReplicationException.invalid("TargetGroup is the source group itself");
            }
            if (target.reservedAs() == ReplicationGroup.SOURCE_ONLY) {
                throw ReplicationException.invalid("TargetGroup '" + target.name() + "' is reserved as a source only");
            }
            if (target.members().size() != source.members().size()) {
                throw ReplicationException.invalid("TargetGroup '" + target.name() + "' has " + target.members().size()
                        + " members, SourceGroup '" + source.name() + "' " + source.members().size()
                        + "; groups of unequal size are not paired");
            }
            for (VolumeId v : target.members()) {
                if (source.members().contains(v)) {
                    throw ReplicationException.invalid("volume " + v + " is in both the source and the target group");
                }
            }
        }
        String name = q.name() == null || q.name().isBlank() ? "GS-" + UUID.randomUUID().toString().substring(0, 8)
                : q.name().strip();
        for (GroupRelationship r : relationships.values()) {
            if (r.name().equals(name)) {
                throw ReplicationException.invalid("a group relationship named '" + name + "' exists already");
            }
        }
        for (SyncRelationship r : engine.list()) {
            if (target != null && (target.members().contains(r.source()) || target.members().contains(r.target()))) {
                throw new ReplicationException(Code.IN_USE, "target member " + (target.members().contains(r.source())
                        ? r.source() : r.target()) + " is already in relationship " + r.source() + " -> " + r.target());
            }
        }
        List<ReplicaRequest> requests = new ArrayList<>();
        for (int i = 0; i < source.members().size(); i++) {
            String targetName = i < q.targetNames().size() && q.targetNames().get(i) != null ? q.targetNames().get(i)
                    : name + "_" + (i + 1);
            requests.add(new ReplicaRequest(source.members().get(i), target == null ? null : target.members().get(i),
                    target == null ? q.pool() : null, targetName, q.syncType(), q.mode(), q.waitFor(),
                    q.copyPriority()));
        }
        // Persisted as the members are made (store only: nothing is visible before it is whole), so a crash
        // part-way leaves the group relationship with the members made so far, not loose pairs.
        boolean allocate = target == null;
        ReplicationGroup targetGroup = allocate ? new ReplicationGroup("RG-" + UUID.randomUUID(), name + "-targets",
                List.of(), false, false, true, ReplicationGroup.SOURCE_OR_TARGET, clock.instant()) : target;
        GroupRelationship intent = new GroupRelationship("GS-" + UUID.randomUUID(), name, source.id(),
                targetGroup.id(), q.syncType(), q.mode(), List.of(), q.consistent(), clock.instant());
        if (allocate) {
            store.putGroup(targetGroup);
        }
        store.putRelationship(intent);
        Outcome made;
        try {
            made = createAll(requests, q.consistent(), true, true, soFar -> {
                store.putRelationship(intent.withMembers(soFar.stream().map(AcceptedOperation::relationshipId)
                        .toList()));
                if (allocate) {
                    store.putGroup(targetGroup.withMembers(soFar.stream().map(a -> a.relationship().target())
                            .toList()));
                }
            });
        } catch (ReplicationException | RuntimeException e) {
            forget(intent, allocate);
            throw e;
        }
        if (made.failed()) {
            forget(intent, allocate);
            MemberFailure f = made.failures().get(0);
            throw new ReplicationException(f.error().code() == Code.INVALID_PARAMETER ? Code.INVALID_PARAMETER
                    : f.error().code() == Code.IN_USE ? Code.IN_USE : Code.FAILED,
                    "creating " + f.describe() + "; the members made before it were undone", f.error());
        }
        synchronized (this) {
            ReplicationGroup finalTarget = allocate ? targetGroup.withMembers(made.accepted().stream()
                    .map(a -> a.relationship().target()).toList()) : targetGroup;
            if (allocate) {
                store.putGroup(finalTarget);
                groups.put(finalTarget.id(), finalTarget);
            }
            GroupRelationship r = intent.withMembers(made.accepted().stream().map(AcceptedOperation::relationshipId)
                    .toList());
            store.putRelationship(r);
            relationships.put(r.id(), r);
            LOG.info("CreateGroupReplica '{}': {} {} pairs, consistency {}", name, made.accepted().size(),
                    q.syncType(), q.consistent() ? "on" : "off");
            return new GroupCreation(r, finalTarget, made.accepted());
        }
    }

    /** Removes the stored records of a group creation that was undone. */
    private void forget(GroupRelationship intent, boolean allocatedTargetGroup) {
        store.removeRelationship(intent.id());
        if (allocatedTargetGroup) {
            store.removeGroup(intent.targetGroup());
        }
    }

    /** A created group relationship, its target group, and the member creations (copies may still run). */
    public record GroupCreation(GroupRelationship relationship, ReplicationGroup targetGroup,
                                List<AcceptedOperation> members) {
    }

    /**
     * Creates element relationships for all requests (CreateListReplica, and the members of CreateGroupReplica), in
     * order, under the write barrier when {@code consistent}. The first failure stops the creation when
     * {@code stopOnFailure} (the rest is not tried), and with {@code undoOnFailure} also removes what was made;
     * otherwise each request is tried and the failures are reported.
     */
    public Outcome createAll(List<ReplicaRequest> requests, boolean consistent, boolean undoOnFailure,
                             boolean stopOnFailure) throws ReplicationException {
        return createAll(requests, consistent, undoOnFailure, stopOnFailure, soFar -> { });
    }

    /** {@link #createAll(List, boolean, boolean, boolean)}, telling {@code made} the creations so far after each. */
    private Outcome createAll(List<ReplicaRequest> requests, boolean consistent, boolean undoOnFailure,
                              boolean stopOnFailure, Consumer<List<AcceptedOperation>> made)
            throws ReplicationException {
        if (consistent) {
            ReplicationType type = ReplicationType.local(requests.get(0).syncType(), requests.get(0).mode());
            if (!capabilities().consistency(type)) {
                throw ReplicationException.notSupported("Consistency 3 needs a backend that can hold writes across "
                        + "volumes; this one cannot");
            }
        }
        List<AcceptedOperation> created = new ArrayList<>();
        List<MemberFailure> failures = new ArrayList<>();
        Runnable work = () -> {
            for (int i = 0; i < requests.size(); i++) {
                ReplicaRequest q = requests.get(i);
                try {
                    created.add(engine.create(q));
                    made.accept(List.copyOf(created));
                } catch (ReplicationException e) {
                    failures.add(new MemberFailure(i, q.source(), q.target(), e));
                    if (undoOnFailure || stopOnFailure) {
                        return;
                    }
                }
            }
        };
        if (consistent) {
            Set<VolumeId> volumes = new LinkedHashSet<>();
            for (ReplicaRequest q : requests) {
                volumes.add(q.source());
            }
            long start = System.nanoTime();
            try {
                backend.holdingWrites(volumes, () -> {
                    work.run();
                    return null;
                });
            } catch (BackendException e) {
                throw ReplicationEngine.map(e, "holding writes for a consistent point in time");
            }
            LOG.info("consistent creation of {} members: host writes held for {} ms", requests.size(),
                    (System.nanoTime() - start) / 1_000_000);
        } else {
            work.run();
        }
        if (!failures.isEmpty() && undoOnFailure) {
            for (AcceptedOperation a : created) {
                undo(a, requests.stream().filter(q -> q.source().equals(a.relationship().source())).findFirst()
                        .map(q -> q.target() == null).orElse(false));
            }
            created.clear();
        }
        return new Outcome(List.copyOf(created), List.copyOf(failures));
    }

    /** Removes a member made by a creation that failed as a whole; deletes its target if the creation made it. */
    private void undo(AcceptedOperation a, boolean allocatedTarget) {
        SyncRelationship r = a.relationship();
        try {
            SyncRelationship now = engine.get(r.id()).orElse(null);
            if (now != null && now.syncType() == SyncType.SNAPSHOT && allocatedTarget) {
                engine.modify(r.id(), SyncOperation.RETURN_TO_RESOURCE_POOL, true, null);
                return;
            }
            if (now != null && now.inTransition()) {
                try {
                    engine.modify(r.id(), SyncOperation.ABORT, true, null);
                } catch (ReplicationException e) {
                    // The copy ended meanwhile (Synchronized): nothing to abort, the pair is detached below.
                    LOG.debug("undo of {}: no copy to abort ({})", r.id(), e.getMessage());
                }
            }
            detachWhenSettled(r.id());
            if (allocatedTarget) {
                backend.deleteVolume(r.target());
            }
        } catch (ReplicationException | BackendException e) {
            LOG.warn("could not undo member {} -> {} of a failed group creation: {}", r.source(), r.target(),
                    e.getMessage());
        }
    }

    /**
     * Detaches a relationship once no operation holds it: an Abort racing the end of its copy keeps the relationship
     * busy for a moment, and Detach meanwhile answers In Use. Bounded to ten seconds.
     */
    private void detachWhenSettled(String id) throws ReplicationException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (engine.get(id).isPresent()) {
            try {
                engine.modify(id, SyncOperation.DETACH, true, null);
                return;
            } catch (ReplicationException e) {
                if (e.code() != ReplicationException.Code.IN_USE || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    // ---------------------------------------------------------------- operations

    /**
     * Validates an element operation for every member pair of the group relationship (each member reserved: In Use
     * if another operation holds one); the first member that refuses cancels them all and the refusal names it.
     */
    public GroupReservation reserve(String id, SyncOperation operation, boolean force, CopyState waitFor)
            throws ReplicationException {
        GroupStatus s = status(id).orElseThrow(() -> ReplicationException.invalid(
                "the group relationship does not exist"));
        if (operation.groupOnly()) {
            throw new IllegalArgumentException(operation + " is a group-only operation; use the group methods");
        }
        ReplicationType type = s.relationship().replicationType();
        if (!capabilities().groupOperations(type).contains(operation)) {
            throw ReplicationException.notSupported(operation.label() + " (" + operation.value() + ") is not "
                    + "supported for groups of replication type " + type);
        }
        List<ReplicationEngine.Reservation> held = new ArrayList<>();
        for (int i = 0; i < s.members().size(); i++) {
            SyncRelationship m = s.members().get(i);
            try {
                held.add(engine.reserve(m.id(), operation, force, waitFor));
            } catch (ReplicationException e) {
                held.forEach(engine::cancel);
                throw new ReplicationException(e.code(), new MemberFailure(i, m.source(), m.target(), e).describe()
                        + (s.copyState() == CopyState.MIXED ? " (the group is Mixed)" : ""), e);
            }
        }
        return new GroupReservation(s.relationship(), held, operation);
    }

    /** Gives up a group reservation without applying it. */
    public void cancel(GroupReservation res) {
        res.members().forEach(engine::cancel);
    }

    /**
     * Applies a reserved group operation to every member in order — under the write barrier when the group is
     * consistent and the operation takes a point in time. A member that fails is reported; with
     * {@code stopOnError} (OnGroupOrListError 3, the default) the members after it are left untouched.
     */
    public Outcome apply(GroupReservation res, boolean stopOnError) throws ReplicationException {
        Outcome outcome = applyAll(res.members(), res.relationship().consistencyEnabled()
                && res.members().stream().anyMatch(m -> m.transition() != null
                && POINT_IN_TIME.contains(m.transition().action())), stopOnError);
        Transition first = res.members().isEmpty() ? null : res.members().get(0).transition();
        if (first != null && first.swapsRoles() && !outcome.failed()) {
            // Every member pair changed direction: so does the group relationship (its keys change, §4.1).
            synchronized (this) {
                GroupRelationship r = relationships.get(res.relationship().id());
                if (r != null) {
                    GroupRelationship swapped = new GroupRelationship(r.id(), r.name(), r.targetGroup(),
                            r.sourceGroup(), r.syncType(), r.mode(), r.members(), r.consistencyEnabled(),
                            r.whenEstablished());
                    store.putRelationship(swapped);
                    relationships.put(r.id(), swapped);
                }
            }
        }
        status(res.relationship().id());
        return outcome;
    }

    /** Applies reserved element operations in order (ModifyListSynchronization and group operations). */
    public Outcome applyAll(List<ReplicationEngine.Reservation> reserved, boolean consistent, boolean stopOnError)
            throws ReplicationException {
        List<AcceptedOperation> accepted = new ArrayList<>();
        List<MemberFailure> failures = new ArrayList<>();
        Runnable work = () -> {
            for (int i = 0; i < reserved.size(); i++) {
                ReplicationEngine.Reservation r = reserved.get(i);
                if (stopOnError && !failures.isEmpty()) {
                    engine.cancel(r);
                    continue;
                }
                try {
                    accepted.add(engine.apply(r));
                } catch (ReplicationException e) {
                    failures.add(new MemberFailure(i, r.relationship().source(), r.relationship().target(), e));
                }
            }
        };
        if (consistent) {
            Set<VolumeId> volumes = new LinkedHashSet<>();
            for (ReplicationEngine.Reservation r : reserved) {
                volumes.add(r.relationship().source());
                volumes.add(r.relationship().target());
            }
            long start = System.nanoTime();
            try {
                backend.holdingWrites(volumes, () -> {
                    work.run();
                    return null;
                });
            } catch (BackendException e) {
                reserved.forEach(engine::cancel);
                throw ReplicationEngine.map(e, "holding writes for a consistent point in time");
            }
            LOG.info("consistent operation on {} members: host writes held for {} ms", reserved.size(),
                    (System.nanoTime() - start) / 1_000_000);
        } else {
            work.run();
        }
        if (!failures.isEmpty()) {
            for (MemberFailure f : failures) {
                LOG.warn("group operation: {}", f.describe());
            }
        }
        return new Outcome(List.copyOf(accepted), List.copyOf(failures));
    }

    /**
     * A group-only operation (Activate/Deactivate Consistency, AddSyncPair, RemoveSyncPair), validated against the
     * group rows of the table from the group's state; {@code pairs} are the element relationships SyncPair[] names.
     */
    public synchronized GroupStatus modifyGroup(String id, SyncOperation operation, List<String> pairs)
            throws ReplicationException {
        GroupStatus s = status(id).orElseThrow(() -> ReplicationException.invalid(
                "the group relationship does not exist"));
        GroupRelationship r = s.relationship();
        ReplicationType type = r.replicationType();
        if (!capabilities().groupOperations(type).contains(operation)) {
            throw ReplicationException.notSupported(operation.label() + " (" + operation.value() + ") is not "
                    + "supported for groups of replication type " + type
                    + (operation == SyncOperation.ACTIVATE_CONSISTENCY ? " on this backend" : ""));
        }
        Transition t = capabilities().groupTransition(type, s.copyState(), operation);
        if (t == null) {
            throw ReplicationException.invalid(operation.label() + " is not valid for a group in CopyState "
                    + s.copyState().label());
        }
        boolean pairOperation = t.action() == BackendAction.CHANGE_MEMBERSHIP;
        if (pairOperation && pairs.isEmpty()) {
            throw ReplicationException.invalid(operation.label() + " needs SyncPair[]");
        }
        if (!pairOperation && !pairs.isEmpty()) {
            throw ReplicationException.invalid("SyncPair[] is only used by AddSyncPair and RemoveSyncPair");
        }
        switch (operation) {
            case ACTIVATE_CONSISTENCY, DEACTIVATE_CONSISTENCY -> {
                boolean on = operation == SyncOperation.ACTIVATE_CONSISTENCY;
                if (r.consistencyEnabled() != on) {
                    r = r.withConsistency(on);
                    store.putRelationship(r);
                    relationships.put(id, r);
                }
            }
            case ADD_SYNC_PAIR -> r = addPairs(r, pairs);
            case REMOVE_SYNC_PAIR -> r = removePairs(r, pairs);
            default -> throw new IllegalStateException(operation.toString());
        }
        LOG.info("{} on group relationship '{}': {} members, consistency {}", operation.label(), r.name(),
                r.members().size(), r.consistencyEnabled() ? "on" : "off");
        GroupStatus now = status(id).orElse(null);
        return now != null ? now : summarise(r, List.of());
    }

    private GroupRelationship addPairs(GroupRelationship r, List<String> pairs) throws ReplicationException {
        ReplicationGroup source = groups.get(r.sourceGroup());
        ReplicationGroup target = groups.get(r.targetGroup());
        List<String> members = new ArrayList<>(r.members());
        List<VolumeId> sources = new ArrayList<>(source.members());
        List<VolumeId> targets = new ArrayList<>(target.members());
        for (int i = 0; i < pairs.size(); i++) {
            String pid = pairs.get(i);
            SyncRelationship p = engine.get(pid).orElseThrow(() -> ReplicationException.invalid(
                    "SyncPair names no replication relationship"));
            String at = "SyncPair[" + i + "] (" + p.source() + " -> " + p.target() + ")";
            if (!p.replicationType().equals(r.replicationType())) {
                throw ReplicationException.invalid(at + " is of replication type " + p.replicationType()
                        + ", the group of " + r.replicationType());
            }
            Optional<GroupRelationship> other = containing(pid);
            if (other.isPresent() || members.contains(pid)) {
                throw new ReplicationException(Code.IN_USE, at + " is already in group relationship '"
                        + other.map(GroupRelationship::name).orElse(r.name()) + "'");
            }
            members.add(pid);
            sources.remove(p.source());
            sources.add(p.source());
            targets.remove(p.target());
            targets.add(p.target());
        }
        store.putGroup(source.withMembers(sources));
        groups.put(source.id(), source.withMembers(sources));
        store.putGroup(target.withMembers(targets));
        groups.put(target.id(), target.withMembers(targets));
        GroupRelationship next = r.withMembers(members);
        store.putRelationship(next);
        relationships.put(next.id(), next);
        return next;
    }

    private GroupRelationship removePairs(GroupRelationship r, List<String> pairs) throws ReplicationException {
        List<String> members = new ArrayList<>(r.members());
        ReplicationGroup source = groups.get(r.sourceGroup());
        ReplicationGroup target = groups.get(r.targetGroup());
        List<VolumeId> sources = new ArrayList<>(source.members());
        List<VolumeId> targets = new ArrayList<>(target.members());
        for (int i = 0; i < pairs.size(); i++) {
            String pid = pairs.get(i);
            if (!members.remove(pid)) {
                throw ReplicationException.invalid("SyncPair[" + i + "] is not a member pair of group relationship '"
                        + r.name() + "'");
            }
            engine.get(pid).ifPresent(p -> {
                sources.remove(p.source());
                targets.remove(p.target());
            });
        }
        store.putGroup(source.withMembers(sources));
        groups.put(source.id(), source.withMembers(sources));
        store.putGroup(target.withMembers(targets));
        groups.put(target.id(), target.withMembers(targets));
        GroupRelationship next = r.withMembers(members);
        if (members.isEmpty()) {
            end(next);
            return next;
        }
        store.putRelationship(next);
        relationships.put(next.id(), next);
        return next;
    }


    // ---------------------------------------------------------------- synchronization aspects (§9.3)

    /** Every aspect whose points still exist in the backend (an aspect whose pairs were removed behind the service
     * is forgotten). */
    public List<SynchronizationAspect> aspects() {
        current();
        return aspectsAsLoaded();
    }

    /** {@link #aspects()} on the maps as they are, without re-reading the store (callers have just done so). */
    private List<SynchronizationAspect> aspectsAsLoaded() {
        List<SynchronizationAspect> out = new ArrayList<>();
        for (SynchronizationAspect a : List.copyOf(aspects.values())) {
            aspectAsLoaded(a.id()).ifPresent(out::add);
        }
        out.sort((x, y) -> x.name().compareTo(y.name()));
        return out;
    }

    public Optional<SynchronizationAspect> aspect(String id) {
        current();
        return aspectAsLoaded(id);
    }

    /** {@link #aspect(String)} on the maps as they are, without re-reading the store. */
    private Optional<SynchronizationAspect> aspectAsLoaded(String id) {
        SynchronizationAspect a = aspects.get(id);
        if (a == null) {
            return Optional.empty();
        }
        for (SynchronizationAspect.Point p : a.points()) {
            try {
                backend.pair(p.pair());
            } catch (BackendException e) {
                if (e.reason() == BackendException.Reason.NOT_FOUND && !engine.leading()) {
                    return Optional.empty();
                }
                if (e.reason() == BackendException.Reason.NOT_FOUND) {
                    synchronized (this) {
                        store.removeAspect(id);
                        aspects.remove(id);
                    }
                    LOG.info("synchronization aspect {} '{}' is gone: its snapshot pair {} was removed outside the "
                            + "replication service", id, a.name(), p.pair());
                    return Optional.empty();
                }
            }
        }
        return Optional.of(a);
    }

    /**
     * CreateSynchronizationAspect: a point in time of a volume, or of every member of a group (under one write
     * barrier when consistent), kept as backend snapshot pairs whose preserved blocks go to volumes allocated in
     * each source's pool. Snapshot only: the backend has no target-less clone or mirror.
     */
    public SynchronizationAspect createAspect(String name, VolumeId source, String sourceGroup, SyncType type,
                                              boolean consistent) throws ReplicationException {
        if (type != SyncType.SNAPSHOT) {
            throw ReplicationException.notSupported("only Snapshot (7) synchronization aspects are supported; a "
                    + type.name().toLowerCase() + " needs a target");
        }
        ReplicationType rtype = ReplicationType.local(SyncType.SNAPSHOT, SyncMode.ASYNCHRONOUS);
        if (!capabilities().supports(rtype)) {
            throw ReplicationException.notSupported("the backend takes no snapshots");
        }
        if (consistent && !capabilities().consistency(rtype)) {
            throw ReplicationException.notSupported("Consistency 3 needs a backend that can hold writes across "
                    + "volumes; this one cannot");
        }
        List<VolumeId> sources;
        if (sourceGroup != null) {
            ReplicationGroup g = group(sourceGroup).orElseThrow(() -> ReplicationException.invalid(
                    "SourceGroup names no replication group"));
            if (g.members().isEmpty()) {
                throw ReplicationException.invalid("SourceGroup '" + g.name() + "' has no members");
            }
            sources = g.members();
        } else {
            sources = List.of(source);
        }
        List<PoolId> pools = new ArrayList<>();
        for (VolumeId v : sources) {
            try {
                pools.add(backend.volume(v).poolId());
            } catch (BackendException e) {
                throw ReplicationException.invalid("source " + v + " does not exist");
            }
        }
        String id = "SA-" + UUID.randomUUID();
        String aspectName = name == null || name.isBlank() ? id : name.strip();
        List<SynchronizationAspect.Point> points = new ArrayList<>();
        BlockBackend.HeldWork<Void> take = () -> {
            for (int i = 0; i < sources.size(); i++) {
                ReplicaPair p = backend.createSnapshot(sources.get(i),
                        ReplicaTarget.allocate(pools.get(i), "aspect-" + aspectName + "-"
                                + (i + 1)));
                points.add(new SynchronizationAspect.Point(p.source(), p.target(), p.id()));
            }
            return null;
        };
        try {
            if (consistent) {
                backend.holdingWrites(sources, take);
            } else {
                take.run();
            }
        } catch (BackendException e) {
            for (SynchronizationAspect.Point p : points) {
                try {
                    backend.removePair(p.pair(), true);
                } catch (BackendException undo) {
                    LOG.warn("could not undo point {} of a failed aspect: {}", p.pair(), undo.getMessage());
                }
            }
            throw ReplicationEngine.map(e, "taking the point in time of " + sources.get(points.size()));
        }
        SynchronizationAspect a = new SynchronizationAspect(id, aspectName, sourceGroup, points, consistent,
                clock.instant());
        synchronized (this) {
            store.putAspect(a);
            aspects.put(id, a);
        }
        LOG.info("CreateSynchronizationAspect {} '{}': {} point(s) in time{}", id, aspectName, points.size(),
                consistent ? ", consistent" : "");
        return a;
    }

    /** ModifySettingsDefineState Delete: the points in time and the volumes holding them go. */
    public synchronized void deleteAspect(String id) throws ReplicationException {
        SynchronizationAspect a = aspect(id).orElseThrow(() -> ReplicationException.invalid("no such aspect"));
        for (SynchronizationAspect.Point p : a.points()) {
            try {
                backend.removePair(p.pair(), true);
            } catch (BackendException e) {
                if (e.reason() != BackendException.Reason.NOT_FOUND) {
                    throw ReplicationEngine.map(e, "deleting point " + p.pair() + " of aspect '" + a.name() + "'");
                }
            }
        }
        store.removeAspect(id);
        aspects.remove(id);
    }

    /** ModifySettingsDefineState Activate/Deactivate Consistency: recorded (the points are already taken). */
    public synchronized SynchronizationAspect setAspectConsistency(String id, boolean on) throws ReplicationException {
        SynchronizationAspect a = aspect(id).orElseThrow(() -> ReplicationException.invalid("no such aspect"));
        if (on && !capabilities().consistency(ReplicationType.local(SyncType.SNAPSHOT, SyncMode.ASYNCHRONOUS))) {
            throw ReplicationException.notSupported("consistency needs a backend that can hold writes");
        }
        a = a.withConsistency(on);
        store.putAspect(a);
        aspects.put(id, a);
        return a;
    }

    /**
     * ModifySettingsDefineState Restore: every source gets its point in time back (under the barrier when the aspect
     * is consistent). Refused (In Use) while a source is the source of an element relationship, whose target would
     * not see the restore.
     */
    public void restoreAspect(String id) throws ReplicationException {
        SynchronizationAspect a = aspect(id).orElseThrow(() -> ReplicationException.invalid("no such aspect"));
        for (SynchronizationAspect.Point p : a.points()) {
            for (SyncRelationship r : engine.involving(p.source())) {
                if (r.source().equals(p.source()) && r.syncType() == SyncType.MIRROR) {
                    throw new ReplicationException(Code.IN_USE, "source " + p.source() + " is mirrored to "
                            + r.target() + "; detach or fracture the mirror before restoring it from aspect '"
                            + a.name() + "'");
                }
            }
        }
        BlockBackend.HeldWork<Void> restore = () -> {
            for (SynchronizationAspect.Point p : a.points()) {
                backend.restore(p.pair());
            }
            return null;
        };
        try {
            if (a.consistent()) {
                backend.holdingWrites(a.points().stream().map(SynchronizationAspect.Point::source).toList(), restore);
            } else {
                restore.run();
            }
        } catch (BackendException e) {
            throw ReplicationEngine.map(e, "restoring from aspect '" + a.name() + "'");
        }
        LOG.info("aspect {} '{}' restored onto {} source(s)", id, a.name(), a.points().size());
    }

    /**
     * ModifySettingsDefineState Attach To Target: the aspect's points become Snapshot relationships to the volumes
     * that hold them — for a group aspect, a group relationship from the source group to a new group of those
     * volumes. The aspect (and its SettingsDefineState) ends. Returns the element relationship (single source) or
     * the group relationship's id in {@link AttachedAspect}.
     */
    public synchronized AttachedAspect attachAspect(String id) throws ReplicationException {
        SynchronizationAspect a = aspect(id).orElseThrow(() -> ReplicationException.invalid("no such aspect"));
        List<SyncRelationship> made = new ArrayList<>();
        for (SynchronizationAspect.Point p : a.points()) {
            made.add(engine.adopt(p.pair(), SyncMode.ASYNCHRONOUS));
        }
        store.removeAspect(id);
        aspects.remove(id);
        if (a.sourceGroup() == null || groups.get(a.sourceGroup()) == null) {
            return new AttachedAspect(made, null);
        }
        ReplicationGroup target = new ReplicationGroup("RG-" + UUID.randomUUID(), a.name() + "-targets",
                made.stream().map(SyncRelationship::target).toList(), false, false, true,
                ReplicationGroup.SOURCE_OR_TARGET, clock.instant());
        store.putGroup(target);
        groups.put(target.id(), target);
        String name = a.name();
        for (GroupRelationship r : relationships.values()) {
            if (r.name().equals(name)) {
                name = name + "-" + id.substring(3, 11);
            }
        }
        GroupRelationship r = new GroupRelationship("GS-" + UUID.randomUUID(), name, a.sourceGroup(), target.id(),
                SyncType.SNAPSHOT, SyncMode.ASYNCHRONOUS, made.stream().map(SyncRelationship::id).toList(),
                a.consistent(), clock.instant());
        store.putRelationship(r);
        relationships.put(r.id(), r);
        return new AttachedAspect(made, r);
    }

    /** What Attach To Target made: the member relationships, and the group relationship for a group aspect. */
    public record AttachedAspect(List<SyncRelationship> relationships, GroupRelationship group) {
    }
}
