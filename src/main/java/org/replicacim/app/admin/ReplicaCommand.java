package org.replicacim.app.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.replication.SyncOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code replicacim replica create|list|modify}: Replication Services' ReplicationService over CIM-XML. */
@Command(name = "replica", mixinStandardHelpOptions = true,
        description = "Create snapshots, clones and mirrors of volumes, list them, and steer them.",
        subcommands = {ReplicaCommand.Create.class, ReplicaCommand.ListReplicas.class, ReplicaCommand.Modify.class})
public final class ReplicaCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a verb: create, list or modify");
    }

    /** The kinds of replica, by CIM SyncType. */
    enum Type {
        mirror(6), snapshot(7), clone(8);

        final int syncType;

        Type(int syncType) {
            this.syncType = syncType;
        }
    }

    /** Options of the verbs that may start a job. */
    static final class Waiting {
        @Option(names = "--async", description = "return as soon as the server has accepted (print the job, if any)")
        boolean async;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3600",
                description = "longest wait for a job (default ${DEFAULT-VALUE}; exit code 5 after it)")
        long timeoutSeconds;
    }

    /** Waits for the job a method returned, drawing its progress on stderr; the job's JSON object, or null. */
    static Map<String, Object> follow(AdminCommand cmd, AdminSession s, MethodResult r, Waiting w)
            throws Exception {
        ObjectPath job = AdminSession.outRef(r, "Job");
        if (job == null) {
            return null;
        }
        if (w.async) {
            CimInstance j = s.client.getInstance(job);
            cmd.say("job " + AdminSession.text(j, "InstanceID") + " started; follow it with: replicacim job watch "
                    + AdminSession.text(j, "InstanceID"));
            return AdminSession.jobObject(j);
        }
        ProgressBar bar = new ProgressBar(cmd.options.err, System.console() != null);
        try {
            CimInstance done = s.awaitJob(job, Duration.ofMillis(250), Duration.ofSeconds(Math.max(1,
                    w.timeoutSeconds)), cmd.options.json ? j -> { } : bar::show);
            return AdminSession.jobObject(done);
        } finally {
            bar.finish();
        }
    }

    /** {@code replica create SOURCE --type snapshot|clone|mirror}: CreateElementReplica. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a replica of a volume (CreateElementReplica); the replica volume is allocated in the"
                    + " source's pool. Waits for a copy job unless --async.")
    static final class Create extends AdminCommand {
        @Parameters(index = "0", paramLabel = "SOURCE", description = "DeviceID or name of the source volume")
        String source;

        @Option(names = {"-t", "--type"}, required = true, paramLabel = "TYPE",
                description = "snapshot (point in time, copy-on-write), clone (full copy) or mirror (kept in sync)")
        Type type;

        @Option(names = "--name", paramLabel = "NAME", description = "ElementName of the replica volume")
        String name;

        @Option(names = "--mode", paramLabel = "MODE",
                description = "sync or async (default: sync for mirrors, async for snapshots and clones)")
        String mode;

        @picocli.CommandLine.Mixin
        Waiting waiting;

        @Override
        Object run(AdminSession s) throws Exception {
            List<ParamValue> p = new ArrayList<>();
            p.add(ParamValue.of("SyncType", CimValue.uint16(type.syncType)));
            if (mode != null) {
                p.add(ParamValue.of("Mode", CimValue.uint16(switch (mode.toLowerCase(Locale.ROOT)) {
                    case "sync", "synchronous" -> 2;
                    case "async", "asynchronous" -> 3;
                    case "adaptive" -> 4;
                    default -> throw new AdminFailure(ExitCode.USAGE, "--mode must be sync or async, not '" + mode + "'");
                })));
            }
            CimInstance src = s.volume(source);
            p.add(ParamValue.of("SourceElement", CimValue.reference(src.path())));
            if (name != null) {
                p.add(ParamValue.of("ElementName", CimValue.string(name)));
            }
            MethodResult r = s.invoke(s.replicationService(), "CreateElementReplica", p);
            Map<String, Object> job = follow(this, s, r, waiting);
            ObjectPath sync = AdminSession.outRef(r, "Synchronization");
            CimInstance rel = sync == null ? null : s.relationshipAt(withNamespace(sync));
            Map<String, Object> doc = new LinkedHashMap<>();
            Map<String, Object> replica = rel == null ? null : AdminSession.relationshipObject(rel, s.volumeNames());
            doc.put("replica", replica);
            doc.put("job", job);
            if (replica != null) {
                say("created " + type + " " + name(replica.get("replica")) + " of " + name(replica.get("source"))
                        + ": " + replica.get("copyState"));
            }
            return doc;
        }
    }

    /** {@code replica list}: every StorageSynchronized. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the replication relationships.")
    static final class ListReplicas extends AdminCommand {
        @Option(names = "--source", paramLabel = "VOLUME", description = "only the replicas of this volume")
        String source;

        @Override
        Object run(AdminSession s) throws Exception {
            Map<String, String> names = s.volumeNames();
            String only = source == null ? null : AdminSession.text(s.volume(source), "DeviceID");
            List<Map<String, Object>> out = new ArrayList<>();
            for (CimInstance r : s.relationships()) {
                if (only == null || only.equals(AdminSession.deviceId(r, "SystemElement"))) {
                    out.add(AdminSession.relationshipObject(r, names));
                }
            }
            out.sort(java.util.Comparator.comparing(m -> name(m.get("source")) + "\u0000" + name(m.get("replica"))));
            List<List<String>> rows = new ArrayList<>();
            for (Map<String, Object> m : out) {
                rows.add(List.of(name(m.get("source")), name(m.get("replica")), String.valueOf(m.get("syncType")),
                        String.valueOf(m.get("mode")), String.valueOf(m.get("copyState")),
                        String.valueOf(m.get("progressStatus")),
                        m.get("percentSynced") == null ? "-" : m.get("percentSynced") + "%"));
            }
            table(List.of("SOURCE", "REPLICA", "TYPE", "MODE", "COPYSTATE", "PROGRESS", "SYNCED"), rows);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("replicas", out);
            return doc;
        }
    }

    /** {@code replica modify OPERATION REPLICA}: ModifyReplicaSynchronization. */
    @Command(name = "modify", mixinStandardHelpOptions = true,
            description = "Apply an operation to the relationship of a replica (ModifyReplicaSynchronization): "
                    + "fracture, resync, restore, split, detach, suspend, resume, abort, reverse-roles, "
                    + "return-to-resource-pool (deletes the replica), …; waits for a copy job unless --async.")
    static final class Modify extends AdminCommand {
        @Parameters(index = "0", paramLabel = "OPERATION",
                description = "operation name (value map of ModifyReplicaSynchronization.Operation) or number")
        String operation;

        @Parameters(index = "1", paramLabel = "REPLICA",
                description = "DeviceID or name of the replica (target) volume of the relationship")
        String replica;

        @Option(names = "--force", description = "Force: proceed where the server would otherwise refuse")
        boolean force;

        @picocli.CommandLine.Mixin
        Waiting waiting;

        @Override
        Object run(AdminSession s) throws Exception {
            SyncOperation op;
            try {
                op = OperationNames.parse(operation);
            } catch (IllegalArgumentException e) {
                throw new AdminFailure(ExitCode.USAGE, e.getMessage());
            }
            CimInstance rel = s.relationshipOfReplica(replica);
            Map<String, String> names = s.volumeNames();
            Map<String, Object> before = AdminSession.relationshipObject(rel, names);
            List<ParamValue> p = new ArrayList<>();
            p.add(ParamValue.of("Operation", CimValue.uint16(op.value())));
            p.add(ParamValue.of("Synchronization", CimValue.reference(rel.path())));
            if (force) {
                p.add(ParamValue.of("Force", CimValue.bool(true)));
            }
            MethodResult r = s.invoke(s.replicationService(), "ModifyReplicaSynchronization", p);
            Map<String, Object> job = follow(this, s, r, waiting);
            ObjectPath updated = AdminSession.outRef(r, "UpdatedSynchronization");
            CimInstance after = s.relationshipAt(updated != null ? withNamespace(updated) : rel.path());
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("operation", OperationNames.name(op));
            doc.put("before", before);
            doc.put("replica", after == null ? null : AdminSession.relationshipObject(after, s.volumeNames()));
            doc.put("removed", after == null);
            doc.put("job", job);
            say(op.label() + ": " + name(before.get("source")) + " -> " + name(before.get("replica")) + " "
                    + before.get("copyState") + " -> " + (after == null ? "removed"
                    : AdminSession.label(after, "CopyState")));
            return doc;
        }
    }

    private static String name(Object end) {
        return end instanceof Map<?, ?> m ? String.valueOf(m.get("name")) : String.valueOf(end);
    }

    private static ObjectPath withNamespace(ObjectPath p) {
        return p.namespace() == null ? p.withNamespace(org.replicacim.repository.ClassRepository.STORAGE) : p;
    }
}
