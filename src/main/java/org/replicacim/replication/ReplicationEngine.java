package org.replicacim.replication;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.replicacim.replication.ReplicationException.Code;
import org.replicacim.storage.BackendException;
import org.replicacim.storage.BlockBackend;
import org.replicacim.storage.CopyTask;
import org.replicacim.storage.CopyTaskId;
import org.replicacim.storage.CopyTaskState;
import org.replicacim.storage.PairState;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.ReplicaPair;
import org.replicacim.storage.ReplicaPairId;
import org.replicacim.storage.ReplicaTarget;
import org.replicacim.storage.Volume;
import org.replicacim.storage.VolumeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replication service as a domain: creates relationships and applies {@link SyncOperation}s to them by looking
 * up the row of {@link ReplicationCapabilities} (the transition table restricted to what the backend can do) and
 * performing its {@link BackendAction}.
 *
 * <p>Every state change follows "persist the intent, act on the backend, persist the result": the store always
 * holds either the state before the operation with the operation's target in RequestedCopyState, or the state after.
 * One operation at a time per relationship: while an accepted operation holds it, a second one is refused with
 * In Use — except Abort, the way to stop a running copy. Copies run in the backend; the relationship reaches its
 * final state when the copy task completes, whoever (if anyone) is waiting.
 */
public final class ReplicationEngine {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationEngine.class);

    private final BlockBackend backend;
    private final RelationshipStore store;
    private final Clock clock;
    private final ReplicationCapabilities capabilities;
    private final BackendActions actions;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<PairKey, String> byVolumes = new ConcurrentHashMap<>();

    private record PairKey(VolumeId source, VolumeId target) {
    }

    /** A relationship's live state; its monitor serialises changes to it. */
    private static final class Entry {
        final String id;
        SyncRelationship rel;
        Object holder;
        final List<Watcher> watchers = new ArrayList<>();

        Entry(String id) {
            this.id = id;
        }
    }

    private record Watcher(long generation, CopyState state, CompletableFuture<SyncRelationship> future) {
    }

    /** Marks a relationship held by a creation that has not returned yet. */
    private static final Object CREATING = new Object();

    /** An operation validated against the relationship's current state and holding it until applied. */
    public final class Reservation {
        private final Entry entry;
        private final SyncOperation operation;
        private final SyncRelationship before;
        private final Object previousHolder;

        private Reservation(Entry entry, SyncOperation operation, SyncRelationship before, Object previousHolder) {
            this.entry = entry;
            this.operation = operation;
            this.before = before;
            this.previousHolder = previousHolder;
        }

        public SyncRelationship relationship() {
            return before;
        }

        public SyncOperation operation() {
            return operation;
        }

        /** The row the operation will follow from the state it was validated in. */
        public Transition transition() {
            return capabilities.transition(before.replicationType(), before.copyState(), operation);
        }
    }

    /** An engine that leads at once: it recovers the stored relationships now (see {@link #lead()}). */
    public ReplicationEngine(BlockBackend backend, RelationshipStore store, Clock clock) {
        this(backend, store, clock, true);
    }

    /**
     * @param leading whether this server drives the relationships now (it recovers them at once); a follower of a
     *                shared store reads them from the store the leader writes until {@link #lead()} is called
     */
    public ReplicationEngine(BlockBackend backend, RelationshipStore store, Clock clock, boolean leading) {
        this.backend = backend;
        this.store = store;
        this.clock = clock;
        this.capabilities = ReplicationCapabilities.of(backend.capabilities());
        this.actions = new BackendActions(backend);
        if (leading) {
            lead();
        }
    }

    /** False on a follower: reads come from the store, which the leader writes; changes are refused by its fence. */
    private volatile boolean leading;

    /**
     * Takes the relationships over (at start-up, or when this server becomes the leader of a shared store): re-reads
     * them from the store, which a former leader changed, and recovers them (see {@link #recover()}).
     */
    public synchronized void lead() {
        entries.clear();
        byVolumes.clear();
        recover();
        leading = true;
    }

    /** Whether this server drives the relationships now (false on a follower of a shared store). */
    public boolean leading() {
        return leading;
    }

    /** Stops driving the relationships (this server became a follower): reads go to the store from now on. */
    public synchronized void follow() {
        leading = false;
    }

    /** The relationships as the leader last stored them (a follower's reads). */
    private List<SyncRelationship> stored() {
        List<SyncRelationship> out = new ArrayList<>();
        for (SyncRelationship r : store.list()) {
            if (r.target() != null) {
                out.add(r);
            }
        }
        return out;
    }

    public ReplicationCapabilities capabilities() {
        return capabilities;
    }

    /**
     * Takes the stored relationships over after a start, reconciling each with the backend's own view:
     * <ul>
     *   <li>a creation whose intent was stored but whose result was not: completed if the backend made the pair
     *       (the pair is adopted and its copy watched), else rolled back (the intent is removed);</li>
     *   <li>a copy still running in the backend (the file engine resumes interrupted copies on reopen) is watched
     *       again; one that finished while the server was down is recognised and the relationship arrives at its
     *       final state with the timestamps that go with it;</li>
     *   <li>a relationship whose target volume vanished goes to Broken, with the reason logged.</li>
     * </ul>
     */
    private void recover() {
        List<SyncRelationship> stored = store.list();
        Set<ReplicaPairId> claimed = new HashSet<>();
        for (SyncRelationship r : stored) {
            if (r.pairId() != null) {
                claimed.add(r.pairId());
            }
        }
        List<ReplicaPair> pairs;
        try {
            pairs = backend.pairs();
        } catch (BackendException ex) {
            LOG.warn("recovery: cannot list backend pairs ({}); relationships are taken as stored", ex.getMessage());
            pairs = List.of();
        }
        int watched = 0;
        int settled = 0;
        for (SyncRelationship r : stored) {
            if (isCreationIntent(r)) {
                Optional<ReplicaPair> made = pairs.stream().filter(p -> !claimed.contains(p.id())
                        && p.source().equals(r.source()) && (r.target() == null || p.target().equals(r.target()))
                        && kindMatches(p, r.syncType())).findFirst();
                if (made.isEmpty()) {
                    LOG.info("recovery: relationship {} of {} was being created when the server stopped and the"
                            + " backend made no pair for it; rolled back", r.id(), r.source());
                    store.remove(r.id());
                    continue;
                }
                ReplicaPair p = made.get();
                claimed.add(p.id());
                SyncRelationship adopted = r.toBuilder().pairId(p.id()).target(p.target())
                        .taskId(p.activeTask().orElse(null)).whenActivated(p.pointInTime())
                        .copyState(CopyState.UNSYNCHRONIZED).progressStatus(ProgressStatus.SYNCHRONIZING).build();
                if (r.syncType() == SyncType.SNAPSHOT || p.activeTask().isEmpty()) {
                    adopted = adopted.toBuilder().taskId(null).copyState(CopyState.INITIALIZED).build();
                }
                store.put(adopted);
                LOG.info("recovery: relationship {} of {} was being created when the server stopped; the backend"
                        + " made pair {} to {}: completing it", r.id(), r.source(), p.id(), p.target());
                resumeRecovered(adopted, true);
                continue;
            }
            if (r.target() == null) {
                store.remove(r.id());
                continue;
            }
            if (!targetExists(r)) {
                SyncRelationship broken = r.toBuilder().copyState(CopyState.BROKEN)
                        .progressStatus(ProgressStatus.COMPLETED).requestedCopyState(CopyState.NOT_APPLICABLE)
                        .pairId(null).taskId(null).generation(r.generation() + 1).build();
                store.put(broken);
                LOG.warn("recovery: relationship {} ({} -> {}) is Broken: its target volume {} no longer exists in"
                        + " the backend", r.id(), r.source(), r.target(), r.target());
                register(broken);
                continue;
            }
            if (resumeRecovered(r, false)) {
                watched++;
            } else if (r.inTransition()) {
                settled++;
            }
        }
        LOG.info("recovery: {} relationships re-read; {} copies re-attached, {} operations settled from the"
                + " backend's state", entries.size(), watched, settled);
    }

    /** Registers a recovered relationship; re-attaches its running copy or settles it from the backend's state.
     * True if a copy is being watched. */
    private boolean resumeRecovered(SyncRelationship r, boolean creation) {
        Entry e = register(r);
        if (r.inTransition() && r.taskId() != null) {
            try {
                CopyTask task = backend.task(r.taskId());
                watchCopy(e, r.generation(), task, r.requestedCopyState(), ProgressStatus.COMPLETED);
                return true;
            } catch (BackendException ex) {
                LOG.info("recovery: copy task {} of relationship {} is no longer running; taking the state from the"
                        + " backend pair", r.taskId(), r.id());
            }
        }
        if (r.inTransition() || creation) {
            synchronized (e) {
                SyncRelationship back = realign(r, r.generation() + 1);
                if (back.copyState() == r.requestedCopyState() || (creation && back.pairId() != null
                        && r.syncType() == SyncType.SNAPSHOT)) {
                    // finished while the server was down: arrive, with the timestamps that go with it
                    SyncRelationship.Builder b = back.toBuilder();
                    arrive(b, r.syncType(), r.requestedCopyState() == CopyState.NOT_APPLICABLE
                            ? CopyState.SYNCHRONIZED : r.requestedCopyState(), ProgressStatus.COMPLETED,
                            clock.instant());
                    back = b.build();
                }
                store.put(back);
                e.rel = back;
                settle(e, back);
            }
        }
        return false;
    }

    private Entry register(SyncRelationship r) {
        Entry e = new Entry(r.id());
        e.rel = r;
        entries.put(r.id(), e);
        byVolumes.put(new PairKey(r.source(), r.target()), r.id());
        return e;
    }

    /** A stored creation intent: the backend pair was never recorded (crash inside CreateElementReplica). */
    private static boolean isCreationIntent(SyncRelationship r) {
        return r.pairId() == null && r.copyState() == CopyState.INITIALIZED
                && r.progressStatus() == ProgressStatus.INITIALIZING && r.inTransition();
    }

    private static boolean kindMatches(ReplicaPair p, SyncType t) {
        return p.kind().name().equals(t.name());
    }

    private boolean targetExists(SyncRelationship r) {
        try {
            backend.volume(r.target());
            return true;
        } catch (BackendException ex) {
            return ex.reason() != BackendException.Reason.NOT_FOUND;
        }
    }

    // ---------------------------------------------------------------- reading

    /** The relationship with this id, current (PercentSynced read from the running copy), if it exists. */
    public Optional<SyncRelationship> get(String id) {
        if (!leading) {
            return store.get(id).filter(r -> r.target() != null);
        }
        Entry e = entries.get(id);
        if (e == null) {
            return Optional.empty();
        }
        SyncRelationship r;
        synchronized (e) {
            r = e.rel;
        }
        if (r == null) {
            return Optional.empty();
        }
        if (r.copyState() != CopyState.BROKEN && !exists(r)) {
            vanish(e);
            return Optional.empty();
        }
        return Optional.of(live(r));
    }

    /** The relationship between these volumes (source, target), if there is one. */
    public Optional<SyncRelationship> find(VolumeId source, VolumeId target) {
        if (!leading) {
            return stored().stream().filter(r -> r.source().equals(source) && r.target().equals(target)).findFirst();
        }
        String id = byVolumes.get(new PairKey(source, target));
        return id == null ? Optional.empty() : get(id);
    }

    /** Every established relationship (those still being created are left out), current. */
    public List<SyncRelationship> list() {
        if (!leading) {
            return stored();
        }
        Set<ReplicaPairId> pairs = null;
        List<SyncRelationship> out = new ArrayList<>(entries.size());
        List<Entry> suspects = new ArrayList<>();
        for (Entry e : entries.values()) {
            SyncRelationship r;
            synchronized (e) {
                r = e.rel;
            }
            if (r == null || r.target() == null) {
                continue;
            }
            if (r.pairId() != null && !r.inTransition()) {
                if (pairs == null) {
                    pairs = backendPairIds();
                }
                if (pairs != null && !pairs.contains(r.pairId())) {
                    suspects.add(e);
                    continue;
                }
            }
            out.add(live(r));
        }
        for (Entry e : suspects) {
            SyncRelationship r;
            synchronized (e) {
                r = e.rel;
            }
            if (r != null && exists(r)) {
                out.add(live(r));
            } else {
                vanish(e);
            }
        }
        return out;
    }

    /** The relationships in which the volume is source or target. */
    public List<SyncRelationship> involving(VolumeId volume) {
        List<SyncRelationship> out = new ArrayList<>();
        for (SyncRelationship r : list()) {
            if (volume.equals(r.source()) || volume.equals(r.target())) {
                out.add(r);
            }
        }
        return out;
    }

    private Set<ReplicaPairId> backendPairIds() {
        try {
            Set<ReplicaPairId> ids = new HashSet<>();
            for (ReplicaPair p : backend.pairs()) {
                ids.add(p.id());
            }
            return ids;
        } catch (BackendException ex) {
            LOG.warn("cannot list backend pairs: {}", ex.getMessage());
            return null;
        }
    }

    /** Whether the relationship's backend objects still exist (a pair or volumes deleted outside this service make
     * it vanish). */
    private boolean exists(SyncRelationship r) {
        try {
            if (r.pairId() != null) {
                backend.pair(r.pairId());
            } else if (r.target() != null) {
                backend.volume(r.target());
                backend.volume(r.source());
            }
            return true;
        } catch (BackendException ex) {
            return ex.reason() != BackendException.Reason.NOT_FOUND;
        }
    }

    private void vanish(Entry e) {
        List<Runnable> fire;
        synchronized (e) {
            SyncRelationship r = e.rel;
            if (r == null || r.inTransition() || r.copyState() == CopyState.BROKEN || exists(r)) {
                return;
            }
            LOG.info("relationship {} ({} -> {}) is gone: its backend {} was removed outside the replication service",
                    r.id(), r.source(), r.target(), r.pairId() != null ? "pair " + r.pairId() : "volumes");
            fire = remove(e);
        }
        fire.forEach(Runnable::run);
    }

    /** The relationship with PercentSynced taken from its running copy. */
    private SyncRelationship live(SyncRelationship r) {
        if (!r.inTransition() || r.taskId() == null) {
            return r;
        }
        try {
            int p = backend.task(r.taskId()).progress().percent();
            return r.toBuilder().percentSynced(p).build();
        } catch (BackendException ex) {
            return r;
        }
    }

    int percent(String id, long generation) {
        Optional<SyncRelationship> r = get(id);
        if (r.isEmpty()) {
            return 100;
        }
        if (r.get().generation() != generation || !r.get().inTransition()) {
            return 100;
        }
        Integer p = r.get().percentSynced();
        return p == null ? 0 : p;
    }

    // ---------------------------------------------------------------- creation

    /** Creates a relationship: allocates or checks the target, establishes the backend pair (or parks Inactive). */
    public AcceptedOperation create(ReplicaRequest q) throws ReplicationException {
        ReplicationType type = ReplicationType.local(q.syncType(), q.mode());
        if (!capabilities.supports(type)) {
            throw ReplicationException.notSupported("replication type " + type + " is not supported; supported: "
                    + capabilities.types().stream().map(ReplicationType::toString).toList());
        }
        if (q.waitFor() != null && !capabilities.creationWaitStates(type).contains(q.waitFor())) {
            throw ReplicationException.invalid("WaitForCopyState " + q.waitFor().value() + " (" + q.waitFor().label()
                    + ") is not supported when creating a " + q.syncType() + "; supported: "
                    + labels(capabilities.creationWaitStates(type)));
        }
        Volume source = volume(q.source(), "SourceElement");
        PoolId pool = null;
        if (q.target() != null) {
            Volume target = volume(q.target(), "TargetElement");
            if (target.id().equals(source.id())) {
                throw ReplicationException.invalid("TargetElement is the source itself");
            }
            if (target.sizeBytes() < source.sizeBytes()) {
                throw ReplicationException.invalid("TargetElement " + target.id() + " (" + target.sizeBytes()
                        + " bytes) is smaller than the source " + source.id() + " (" + source.sizeBytes() + " bytes)");
            }
            for (SyncRelationship r : list()) {
                if (target.id().equals(r.target()) || target.id().equals(r.source())) {
                    throw new ReplicationException(Code.IN_USE, "TargetElement " + target.id()
                            + " is already in relationship " + r.source() + " -> " + r.target());
                }
            }
        } else {
            pool = q.pool() != null ? q.pool() : source.poolId();
            try {
                backend.pool(pool);
            } catch (BackendException ex) {
                throw ReplicationException.invalid("TargetPool " + pool + " does not exist");
            }
        }
        boolean park = q.waitFor() == CopyState.INACTIVE;
        List<CopyState> path = park ? List.of(CopyState.INACTIVE) : capabilities.creationPath(q.syncType());
        String id = "rel-" + UUID.randomUUID();
        Instant now = clock.instant();
        SyncRelationship intent = SyncRelationship.builder(id).source(source.id()).target(q.target())
                .syncType(q.syncType()).mode(q.mode()).copyState(CopyState.INITIALIZED)
                .progressStatus(ProgressStatus.INITIALIZING).requestedCopyState(path.get(path.size() - 1))
                .percentSynced(0).whenEstablished(now).generation(1).copyPriority(q.copyPriority()).build();
        Entry e = new Entry(id);
        CopyTask task = null;
        AcceptedOperation accepted;
        synchronized (e) {
            e.rel = intent;
            e.holder = CREATING;
            store.put(intent);
            entries.put(id, e);
            SyncRelationship.Builder b = intent.toBuilder();
            try {
                if (park) {
                    VolumeId target = q.target() != null ? q.target()
                            : backend.createVolume(pool, nameFor(q, source), source.sizeBytes()).id();
                    b.target(target).copyState(CopyState.INACTIVE).progressStatus(ProgressStatus.DORMANT);
                } else {
                    ReplicaTarget spec = q.target() != null ? ReplicaTarget.existing(q.target())
                            : ReplicaTarget.allocate(pool, nameFor(q, source));
                    switch (q.syncType()) {
                        case SNAPSHOT -> {
                            ReplicaPair p = backend.createSnapshot(source.id(), spec);
                            b.pairId(p.id()).target(p.target()).whenActivated(p.pointInTime());
                            arrive(b, q.syncType(), CopyState.SYNCHRONIZED, ProgressStatus.COMPLETED, now);
                        }
                        case CLONE, MIRROR -> {
                            task = q.syncType() == SyncType.CLONE ? backend.createClone(source.id(), spec)
                                    : backend.createMirror(source.id(), spec, BackendActions.mirrorMode(q.mode()));
                            ReplicaPair p = backend.pair(task.pairId());
                            b.pairId(p.id()).target(p.target()).taskId(task.id()).whenActivated(p.pointInTime())
                                    .copyState(CopyState.UNSYNCHRONIZED)
                                    .progressStatus(ProgressStatus.SYNCHRONIZING)
                                    .percentSynced(task.progress().percent());
                        }
                        default -> throw ReplicationException.notSupported(q.syncType() + " is not supported");
                    }
                }
            } catch (BackendException ex) {
                entries.remove(id);
                store.remove(id);
                throw map(ex, "creating the " + q.syncType().name().toLowerCase() + " of " + source.id());
            } catch (ReplicationException ex) {
                entries.remove(id);
                store.remove(id);
                throw ex;
            }
            if (task == null) {
                b.requestedCopyState(CopyState.NOT_APPLICABLE);
            }
            SyncRelationship result = b.build();
            store.put(result);
            e.rel = result;
            byVolumes.put(new PairKey(result.source(), result.target()), id);
            accepted = new AcceptedOperation(this, id, 1, null, path, null, result);
            e.holder = result.inTransition() ? accepted : null;
            LOG.debug("created {} {} -> {} ({}) in {}", q.syncType(), result.source(), result.target(), id,
                    result.copyState());
        }
        if (task != null) {
            watchCopy(e, 1, task, CopyState.SYNCHRONIZED, ProgressStatus.COMPLETED);
        }
        return accepted;
    }

    /**
     * Takes an existing backend snapshot pair over as a Synchronized Snapshot relationship — a SynchronizationAspect
     * attached to the volume that holds its point in time (ModifySettingsDefineState Attach To Target). The pair must
     * not belong to a relationship already.
     */
    public SyncRelationship adopt(ReplicaPairId pairId, SyncMode mode) throws ReplicationException {
        ReplicaPair p;
        try {
            p = backend.pair(pairId);
        } catch (BackendException ex) {
            throw map(ex, "taking over pair " + pairId);
        }
        if (kindMatches(p, SyncType.SNAPSHOT) && p.state() == PairState.SYNCHRONIZED) {
            for (Entry e : entries.values()) {
                synchronized (e) {
                    if (e.rel != null && pairId.equals(e.rel.pairId())) {
                        throw new ReplicationException(Code.IN_USE, "pair " + pairId + " already belongs to "
                                + "relationship " + e.id);
                    }
                }
            }
            Instant now = clock.instant();
            SyncRelationship r = SyncRelationship.builder("rel-" + UUID.randomUUID()).source(p.source())
                    .target(p.target()).syncType(SyncType.SNAPSHOT).mode(mode).copyState(CopyState.SYNCHRONIZED)
                    .progressStatus(ProgressStatus.COMPLETED).percentSynced(100).whenEstablished(now)
                    .whenActivated(p.pointInTime()).whenSynced(p.pointInTime()).whenSynchronized(now)
                    .pairId(p.id()).generation(1).build();
            store.put(r);
            register(r);
            LOG.debug("adopted snapshot pair {} as relationship {} ({} -> {})", pairId, r.id(), r.source(), r.target());
            return r;
        }
        throw ReplicationException.invalid("pair " + pairId + " is a " + p.kind() + " in state " + p.state()
                + "; only a synchronized snapshot can be taken over");
    }

    private static String nameFor(ReplicaRequest q, Volume source) {
        if (q.name() != null && !q.name().isBlank()) {
            return q.name();
        }
        return q.syncType().name().toLowerCase() + "-of-" + source.name();
    }

    private Volume volume(VolumeId id, String what) throws ReplicationException {
        try {
            return backend.volume(id);
        } catch (BackendException ex) {
            throw ReplicationException.invalid(what + " " + id + " does not exist");
        }
    }

    // ---------------------------------------------------------------- operations

    /** Validates and applies an operation (the two steps of {@link #reserve} and {@link #apply}). */
    public AcceptedOperation modify(String id, SyncOperation operation, boolean force, CopyState waitFor)
            throws ReplicationException {
        return apply(reserve(id, operation, force, waitFor));
    }

    /**
     * Checks that the operation is offered for the relationship's type (else Not Supported), accepted in its current
     * state (else Invalid Parameter), has Force where the row needs it and a WaitForCopyState the row can reach; then
     * holds the relationship for it (In Use if another operation holds it, unless this is Abort).
     */
    public Reservation reserve(String id, SyncOperation operation, boolean force, CopyState waitFor)
            throws ReplicationException {
        Entry e = entries.get(id);
        if (e == null || get(id).isEmpty()) {
            throw ReplicationException.invalid("the relationship does not exist");
        }
        synchronized (e) {
            SyncRelationship r = e.rel;
            if (r == null || r.target() == null) {
                throw ReplicationException.invalid("the relationship does not exist");
            }
            ReplicationType type = r.replicationType();
            if (!capabilities.operations(type).contains(operation)) {
                throw ReplicationException.notSupported(operation.label() + " (" + operation.value()
                        + ") is not supported for replication type " + type);
            }
            Transition t = capabilities.transition(type, r.copyState(), operation);
            if (t == null) {
                throw ReplicationException.invalid(operation.label() + " is not valid in CopyState "
                        + r.copyState().label() + " for a " + r.syncType().name().toLowerCase() + "; it is accepted in "
                        + labels(capabilities.statesAccepting(type, operation)));
            }
            if (t.forceRequired() && !force) {
                throw ReplicationException.invalid(operation.label() + " in CopyState " + r.copyState().label()
                        + " leaves the target incomplete; repeat it with Force = true");
            }
            if (waitFor != null && !ReplicationCapabilities.waitStates(t).contains(waitFor)) {
                throw ReplicationException.invalid("WaitForCopyState " + waitFor.value() + " (" + waitFor.label()
                        + ") cannot be reached by " + operation.label() + " from " + r.copyState().label()
                        + "; use one of " + labels(ReplicationCapabilities.waitStates(t)));
            }
            if (e.holder != null && operation != SyncOperation.ABORT) {
                throw new ReplicationException(Code.IN_USE, "another operation is in progress on the relationship ("
                        + r.progressStatus() + ", heading for " + r.requestedCopyState().label()
                        + "); only Abort is accepted until it ends");
            }
            Reservation res = new Reservation(e, operation, r, e.holder);
            e.holder = res;
            return res;
        }
    }

    /** Gives a reservation up without applying it. */
    public void cancel(Reservation res) {
        synchronized (res.entry) {
            if (res.entry.holder == res) {
                res.entry.holder = restoredHolder(res.entry, res);
            }
        }
    }

    /**
     * The holder to put back when a reservation ends without effect: the operation it displaced (an Abort reserved
     * over a running copy), unless that copy ended meanwhile — its end could not release a holder it no longer was,
     * and restoring it would leave the relationship In Use for ever.
     */
    private static Object restoredHolder(Entry e, Reservation res) {
        if (res.previousHolder instanceof AcceptedOperation a
                && (e.rel == null || !e.rel.inTransition() || e.rel.generation() != a.generation())) {
            return null;
        }
        return res.previousHolder;
    }

    /** Applies a reserved operation: persists the intent, acts on the backend, persists the result. */
    public AcceptedOperation apply(Reservation res) throws ReplicationException {
        Entry e = res.entry;
        List<Runnable> fire = new ArrayList<>();
        AcceptedOperation accepted;
        CopyTask started = null;
        Transition t;
        synchronized (e) {
            SyncRelationship cur = e.rel;
            if (cur == null) {
                throw ReplicationException.invalid("the relationship no longer exists");
            }
            if (e.holder != res) {
                throw new ReplicationException(Code.IN_USE, "the relationship was taken over by another operation");
            }
            t = capabilities.transition(cur.replicationType(), cur.copyState(), res.operation);
            if (t == null) {
                e.holder = restoredHolder(e, res);
                throw ReplicationException.invalid(res.operation.label() + " is no longer valid: the relationship is "
                        + cur.copyState().label() + " now");
            }
            boolean dataFlow = t.action() != BackendAction.SET_MODE;
            long gen = dataFlow ? cur.generation() + 1 : cur.generation();
            Instant now = clock.instant();
            SyncRelationship intent = cur;
            if (dataFlow) {
                intent = cur.toBuilder().generation(gen)
                        .requestedCopyState(t.removesRelationship() ? CopyState.NOT_APPLICABLE : t.to())
                        .progressStatus(t.duringStatus() != null ? t.duringStatus() : cur.progressStatus()).build();
                store.put(intent);
                e.rel = intent;
            }
            BackendActions.Effect effect;
            try {
                effect = actions.perform(intent, t);
            } catch (BackendException ex) {
                SyncRelationship back = realign(cur, gen);
                store.put(back);
                e.rel = back;
                e.holder = restoredHolder(e, res);
                fire.addAll(settle(e, back));
                runAll(fire);
                throw map(ex, res.operation.label() + " of " + cur.source() + " -> " + cur.target());
            }
            if (t.removesRelationship()) {
                fire.addAll(remove(e));
                accepted = new AcceptedOperation(this, e.id, gen, res.operation, List.of(), cur, null);
                LOG.debug("{}: {} removed relationship {}", res.operation.label(), cur.copyState(), e.id);
            } else {
                SyncRelationship.Builder b = intent.toBuilder().pairId(effect.pairId()).source(effect.source())
                        .target(effect.target());
                switch (res.operation) {
                    case ACTIVATE, RESYNC, RESUME -> b.whenActivated(now);
                    case DEACTIVATE -> b.whenDeactivated(now);
                    case SUSPEND -> b.whenSuspended(now);
                    default -> { }
                }
                CopyTask task = effect.task();
                boolean running = task != null && task.progress().state() != CopyTaskState.COMPLETED;
                if (running) {
                    b.copyState(t.during()).taskId(task.id()).percentSynced(task.progress().percent());
                    started = task;
                } else {
                    if (dataFlow) {
                        b.requestedCopyState(CopyState.NOT_APPLICABLE).taskId(activeTask(effect.pairId()));
                        arrive(b, cur.syncType(), t.to(), t.toStatus() != null ? t.toStatus() : cur.progressStatus(),
                                now);
                    }
                }
                SyncRelationship result = b.build();
                if (dataFlow || !result.equals(cur)) {
                    store.put(result);
                }
                e.rel = result;
                if (t.swapsRoles()) {
                    byVolumes.remove(new PairKey(cur.source(), cur.target()));
                    byVolumes.put(new PairKey(result.source(), result.target()), e.id);
                }
                List<CopyState> path = t.during() != t.from() && t.during() != t.to()
                        ? List.of(t.during(), t.to()) : List.of(t.to());
                accepted = new AcceptedOperation(this, e.id, gen, res.operation, path, cur, result);
                e.holder = running ? accepted : null;
                fire.addAll(settle(e, result));
                LOG.debug("{}: relationship {} {} -> {}{}", res.operation.label(), e.id, cur.copyState(),
                        result.copyState(), running ? " (copying)" : "");
            }
        }
        runAll(fire);
        if (started != null) {
            watchCopy(e, accepted.generation(), started, t.to(), t.toStatus());
        }
        return accepted;
    }

    /**
     * Re-attaches, after a restart, to the operation a job was waiting for (relationship, the generation the
     * operation started, the CopyState awaited): while its copy still runs (recovery re-watched it) the returned
     * operation holds the relationship again and completes when the copy ends; if the state was reached while the
     * server was down it completes at once. Throws FAILED saying why the state can no longer be reached (the
     * relationship was removed or rolled back, or it rests in another state).
     */
    public AcceptedOperation reattach(String id, long generation, CopyState awaited) throws ReplicationException {
        Entry e = entries.get(id);
        if (e == null) {
            if (awaited == CopyState.NOT_APPLICABLE) {
                return new AcceptedOperation(this, id, generation, null, List.of(), null, null);
            }
            throw new ReplicationException(Code.FAILED, "relationship " + id + " no longer exists (removed, or its"
                    + " creation was rolled back at recovery), so it cannot reach " + awaited.label());
        }
        synchronized (e) {
            SyncRelationship r = e.rel;
            if (r == null) {
                throw new ReplicationException(Code.FAILED, "relationship " + id + " no longer exists");
            }
            if (r.generation() == generation && r.inTransition()) {
                AcceptedOperation op = new AcceptedOperation(this, id, generation, null, List.of(awaited), null, r);
                if (e.holder == null) {
                    e.holder = op;
                }
                return op;
            }
            if (!r.inTransition() && r.copyState() == awaited) {
                // reached while the server was down (recovery settled it from the backend's state)
                return new AcceptedOperation(this, id, r.generation(), null, List.of(awaited), null, r);
            }
            throw new ReplicationException(Code.FAILED, "relationship " + r.source() + " -> " + r.target() + " is "
                    + r.copyState().label() + (r.inTransition() ? " and heading for "
                    + r.requestedCopyState().label() + " by a later operation" : "") + "; it will not reach "
                    + awaited.label());
        }
    }

    private CopyTaskId activeTask(ReplicaPairId pairId) {
        if (pairId == null) {
            return null;
        }
        try {
            return backend.pair(pairId).activeTask().orElse(null);
        } catch (BackendException ex) {
            return null;
        }
    }

    /** Aborts the copy an accepted operation started (its job was terminated), if it still runs. */
    void abortFor(AcceptedOperation op) throws ReplicationException {
        Optional<SyncRelationship> r = get(op.relationshipId());
        if (r.isEmpty() || r.get().generation() != op.generation() || !r.get().inTransition()) {
            return;
        }
        modify(op.relationshipId(), SyncOperation.ABORT, true, null);
    }

    void release(String id, AcceptedOperation op) {
        Entry e = entries.get(id);
        if (e == null) {
            return;
        }
        synchronized (e) {
            if (e.holder == op) {
                e.holder = null;
            }
        }
    }

    // ---------------------------------------------------------------- copies and waiting

    private void watchCopy(Entry e, long generation, CopyTask task, CopyState to, ProgressStatus toStatus) {
        task.completion().whenComplete((progress, error) -> copyEnded(e, generation, to, toStatus, error));
    }

    private void copyEnded(Entry e, long generation, CopyState to, ProgressStatus toStatus, Throwable error) {
        List<Runnable> fire;
        synchronized (e) {
            SyncRelationship cur = e.rel;
            if (cur == null || cur.generation() != generation || !cur.inTransition()) {
                return;
            }
            Instant now = clock.instant();
            SyncRelationship result;
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error;
            if (cause == null) {
                SyncRelationship.Builder b = cur.toBuilder().requestedCopyState(CopyState.NOT_APPLICABLE).taskId(null);
                arrive(b, cur.syncType(), to, toStatus == null ? ProgressStatus.COMPLETED : toStatus, now);
                result = b.build();
            } else if (cause instanceof BackendException be && be.reason() == BackendException.Reason.CANCELLED) {
                // Cancelled behind our back (not by an operation of ours, which would have superseded it).
                result = realign(cur, generation);
            } else {
                LOG.warn("copy of relationship {} ({} -> {}) failed: {}; the relationship is Broken", e.id,
                        cur.source(), cur.target(), cause.getMessage());
                result = cur.toBuilder().copyState(CopyState.BROKEN).progressStatus(ProgressStatus.COMPLETED)
                        .requestedCopyState(CopyState.NOT_APPLICABLE).taskId(null).build();
            }
            store.put(result);
            e.rel = result;
            if (e.holder instanceof AcceptedOperation a && a.generation() == generation) {
                e.holder = null;
            }
            fire = settle(e, result);
        }
        runAll(fire);
    }

    /** Completes (outside the monitor) the watchers of the relationship that the new state decides. */
    CompletionStage<SyncRelationship> watch(String id, long generation, CopyState state) {
        Entry e = entries.get(id);
        CompletableFuture<SyncRelationship> f = new CompletableFuture<>();
        if (e == null) {
            f.completeExceptionally(new ReplicationException(Code.FAILED, "the relationship was removed"));
            return f;
        }
        List<Runnable> fire;
        synchronized (e) {
            e.watchers.add(new Watcher(generation, state, f));
            fire = settle(e, e.rel);
        }
        runAll(fire);
        return f;
    }

    private List<Runnable> settle(Entry e, SyncRelationship r) {
        List<Runnable> fire = new ArrayList<>();
        e.watchers.removeIf(w -> {
            if (w.future.isDone()) {
                return true;
            }
            if (r == null) {
                if (w.state == CopyState.NOT_APPLICABLE) {
                    fire.add(() -> w.future.complete(null));
                } else {
                    fire.add(() -> w.future.completeExceptionally(new ReplicationException(Code.FAILED,
                            "the relationship was removed before reaching " + w.state.label())));
                }
                return true;
            }
            if (r.generation() != w.generation) {
                fire.add(() -> w.future.completeExceptionally(new ReplicationException(Code.FAILED,
                        "stopped by a later operation before reaching " + w.state.label() + "; the relationship is "
                                + r.copyState().label())));
                return true;
            }
            if (r.inTransition()) {
                return false;
            }
            if (r.copyState() == w.state) {
                fire.add(() -> w.future.complete(r));
            } else {
                fire.add(() -> w.future.completeExceptionally(new ReplicationException(Code.FAILED,
                        "the relationship ended " + r.copyState().label() + " instead of " + w.state.label())));
            }
            return true;
        });
        return fire;
    }

    private List<Runnable> remove(Entry e) {
        SyncRelationship r = e.rel;
        store.remove(e.id);
        entries.remove(e.id);
        if (r != null && r.target() != null) {
            byVolumes.remove(new PairKey(r.source(), r.target()));
        }
        e.rel = null;
        e.holder = null;
        return settle(e, null);
    }

    private static void runAll(List<Runnable> fire) {
        for (Runnable r : fire) {
            r.run();
        }
    }

    // ---------------------------------------------------------------- state helpers

    /** Sets the final state and the §4.4 timestamps and PercentSynced that go with arriving there. */
    private static void arrive(SyncRelationship.Builder b, SyncType type, CopyState to, ProgressStatus status,
                               Instant now) {
        b.copyState(to).progressStatus(status);
        if (to == CopyState.SYNCHRONIZED) {
            SyncRelationship r = b.build();
            b.whenSynchronized(now).percentSynced(100)
                    .whenSynced(type == SyncType.MIRROR ? now : (r.whenActivated() != null ? r.whenActivated() : now));
        }
    }

    /** The relationship after an operation failed on the backend: unchanged, unless the backend shows that a first
     * step happened (a pair removed, a copy cancelled), in which case the CopyState follows the backend pair. */
    private SyncRelationship realign(SyncRelationship before, long generation) {
        SyncRelationship.Builder b = before.toBuilder().generation(generation)
                .requestedCopyState(CopyState.NOT_APPLICABLE);
        if (before.inTransition()) {
            b.progressStatus(ProgressStatus.COMPLETED);
        }
        if (before.pairId() == null) {
            return b.build();
        }
        try {
            ReplicaPair p = backend.pair(before.pairId());
            b.taskId(p.activeTask().orElse(null));
            CopyState now = BackendActions.copyStateOf(p.state()).orElse(before.copyState());
            boolean agrees = now == before.copyState()
                    || (before.copyState() == CopyState.INACTIVE && p.state() != PairState.COPYING)
                    || before.copyState() == CopyState.FAILEDOVER || before.copyState() == CopyState.PREPARED;
            if (!agrees) {
                b.copyState(now);
            }
        } catch (BackendException ex) {
            b.pairId(null).taskId(null);
        }
        return b.build();
    }

    static ReplicationException map(BackendException ex, String what) {
        Code code = switch (ex.reason()) {
            case NOT_FOUND, INVALID_ARGUMENT -> Code.INVALID_PARAMETER;
            case IN_USE -> Code.IN_USE;
            case UNSUPPORTED -> Code.NOT_SUPPORTED;
            case NO_SPACE, INVALID_STATE, IO_ERROR, CANCELLED -> Code.FAILED;
        };
        return new ReplicationException(code, what + ": " + ex.getMessage(), ex);
    }

    private static String labels(Set<CopyState> states) {
        return states.stream().map(s -> s.value() + " " + s.label()).toList().toString();
    }
}
