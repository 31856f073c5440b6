package org.replicacim.app.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.client.WbemClient;
import org.replicacim.client.WbemTransportException;
import org.replicacim.job.JobState;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.replication.CopyState;
import org.replicacim.replication.ProgressStatus;
import org.replicacim.replication.SyncMode;
import org.replicacim.replication.SyncType;
import org.replicacim.repository.ClassRepository;

/**
 * One admin verb's conversation with the server: finds the services, volumes, relationships and jobs by the names an
 * administrator types, invokes the SMI-S methods, and turns instances into the rows and JSON objects printed.
 */
final class AdminSession implements AutoCloseable {
    static final String VOLUME = "CIM_StorageVolume";
    static final String SYNCHRONIZED = "CIM_StorageSynchronized";
    static final String JOB = "CIM_ConcreteJob";
    /** ReturnValue of a method that continues as a job (Method Parameters Checked - Job Started). */
    static final int JOB_STARTED = 4096;

    final WbemClient client;
    final AdminOptions options;

    AdminSession(WbemClient client, AdminOptions options) {
        this.client = client;
        this.options = options;
    }

    // ---- services

    ObjectPath service(String className) throws CimException, WbemTransportException {
        List<ObjectPath> found = client.enumerateInstanceNames(ClassRepository.STORAGE, className);
        if (found.isEmpty()) {
            throw new CimException(CimStatus.NOT_FOUND, "the server has no " + className);
        }
        return found.get(0);
    }

    ObjectPath configurationService() throws CimException, WbemTransportException {
        return service("CIM_StorageConfigurationService");
    }

    ObjectPath replicationService() throws CimException, WbemTransportException {
        return service("CIM_ReplicationService");
    }

    // ---- volumes

    List<CimInstance> volumes() throws CimException, WbemTransportException {
        List<CimInstance> all = new ArrayList<>(client.enumerateInstances(ClassRepository.STORAGE, VOLUME));
        all.sort(java.util.Comparator.comparing(v -> text(v, "DeviceID")));
        return all;
    }

    /** A volume by DeviceID or, failing that, by its ElementName (which must then be unique). */
    CimInstance volume(String nameOrId) throws CimException, WbemTransportException {
        List<CimInstance> byName = new ArrayList<>();
        for (CimInstance v : volumes()) {
            if (nameOrId.equals(text(v, "DeviceID"))) {
                return v;
            }
            if (nameOrId.equals(text(v, "ElementName"))) {
                byName.add(v);
            }
        }
        if (byName.size() == 1) {
            return byName.get(0);
        }
        if (byName.isEmpty()) {
            throw new CimException(CimStatus.NOT_FOUND, "no volume with DeviceID or name '" + nameOrId + "'");
        }
        throw new CimException(CimStatus.INVALID_PARAMETER, byName.size() + " volumes are named '" + nameOrId
                + "'; give the DeviceID instead");
    }

    static Map<String, Object> volumeObject(CimInstance v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deviceId", text(v, "DeviceID"));
        m.put("name", text(v, "ElementName"));
        long blockSize = number(v, "BlockSize");
        long blocks = number(v, "NumberOfBlocks");
        m.put("sizeBytes", blockSize * blocks);
        m.put("blockSize", blockSize);
        m.put("canDelete", bool(v, "CanDelete"));
        return m;
    }

    // ---- relationships

    List<CimInstance> relationships() throws CimException, WbemTransportException {
        return client.enumerateInstances(ClassRepository.STORAGE, SYNCHRONIZED);
    }

    /** The relationship whose replica (SyncedElement) is the named volume. */
    CimInstance relationshipOfReplica(String nameOrId) throws CimException, WbemTransportException {
        String deviceId = text(volume(nameOrId), "DeviceID");
        for (CimInstance r : relationships()) {
            if (deviceId.equals(deviceId(r, "SyncedElement"))) {
                return r;
            }
        }
        throw new CimException(CimStatus.NOT_FOUND, "volume " + deviceId + " is not the replica of a relationship"
                + " (name the replica, not the source)");
    }

    /** The relationship at this path, or null when it no longer exists. */
    CimInstance relationshipAt(ObjectPath path) throws CimException, WbemTransportException {
        try {
            return client.getInstance(path);
        } catch (CimException e) {
            if (e.status() == CimStatus.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    static String deviceId(CimInstance relationship, String end) {
        CimValue v = relationship.path() != null && relationship.path().key(end) != null
                ? relationship.path().key(end) : relationship.value(end);
        if (v == null || v.isNull()) {
            return null;
        }
        CimValue id = v.asReference().key("DeviceID");
        return id == null ? null : id.asString();
    }

    /** The relationship as printed, with the volume names looked up in {@code names} (DeviceID → name). */
    static Map<String, Object> relationshipObject(CimInstance r, Map<String, String> names) {
        Map<String, Object> m = new LinkedHashMap<>();
        String source = deviceId(r, "SystemElement");
        String target = deviceId(r, "SyncedElement");
        m.put("source", endObject(source, names));
        m.put("replica", endObject(target, names));
        m.put("syncType", label(r, "SyncType"));
        m.put("mode", label(r, "Mode"));
        m.put("copyState", label(r, "CopyState"));
        m.put("progressStatus", label(r, "ProgressStatus"));
        CimValue pct = r.value("PercentSynced");
        m.put("percentSynced", pct == null || pct.isNull() ? null : pct.asInt());
        return m;
    }

    private static Map<String, Object> endObject(String deviceId, Map<String, String> names) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deviceId", deviceId);
        m.put("name", names.getOrDefault(deviceId, deviceId));
        return m;
    }

    /** DeviceID → ElementName of every volume. */
    Map<String, String> volumeNames() throws CimException, WbemTransportException {
        Map<String, String> names = new LinkedHashMap<>();
        for (CimInstance v : volumes()) {
            names.put(text(v, "DeviceID"), text(v, "ElementName"));
        }
        return names;
    }

    /** The value-map label of a relationship property, e.g. CopyState 4 → Synchronized. */
    static String label(CimInstance r, String property) {
        CimValue v = r.value(property);
        if (v == null || v.isNull()) {
            return null;
        }
        int n = v.asInt();
        Object known = switch (property) {
            case "SyncType" -> SyncType.of(n) == null ? null : words(SyncType.of(n).name());
            case "Mode" -> SyncMode.of(n) == null ? null : words(SyncMode.of(n).name());
            case "CopyState" -> CopyState.of(n) == null ? null : CopyState.of(n).label();
            case "ProgressStatus" -> ProgressStatus.of(n) == null ? null : words(ProgressStatus.of(n).name());
            default -> null;
        };
        return known == null ? Integer.toString(n) : known.toString();
    }

    /** {@code SHUTTING_DOWN} → {@code Shutting Down}. */
    static String words(String enumName) {
        StringBuilder sb = new StringBuilder();
        for (String w : enumName.split("_")) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(w.charAt(0)).append(w.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return sb.toString();
    }

    // ---- jobs

    List<CimInstance> jobs() throws CimException, WbemTransportException {
        return client.enumerateInstances(ClassRepository.STORAGE, JOB);
    }

    /** A job by its InstanceID or any unique part of it (e.g. the UUID, or its first characters). */
    CimInstance job(String id) throws CimException, WbemTransportException {
        List<CimInstance> matches = new ArrayList<>();
        for (CimInstance j : jobs()) {
            String instanceId = text(j, "InstanceID");
            if (id.equals(instanceId)) {
                return j;
            }
            if (instanceId != null && instanceId.contains(id)) {
                matches.add(j);
            }
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        throw new CimException(matches.isEmpty() ? CimStatus.NOT_FOUND : CimStatus.INVALID_PARAMETER,
                matches.isEmpty() ? "no job '" + id + "'" : matches.size() + " jobs match '" + id + "'");
    }

    /** The most recently submitted job that is still running, else the most recently submitted one. */
    CimInstance newestJob() throws CimException, WbemTransportException {
        CimInstance newest = null;
        CimInstance newestRunning = null;
        for (CimInstance j : jobs()) {
            if (newer(j, newest)) {
                newest = j;
            }
            if (!jobState(j).map(JobState::isFinished).orElse(false) && newer(j, newestRunning)) {
                newestRunning = j;
            }
        }
        if (newest == null) {
            throw new CimException(CimStatus.NOT_FOUND, "the server has no jobs");
        }
        return newestRunning != null ? newestRunning : newest;
    }

    private static boolean newer(CimInstance j, CimInstance than) {
        if (than == null) {
            return true;
        }
        CimValue a = j.value("TimeSubmitted");
        CimValue b = than.value("TimeSubmitted");
        if (a == null || a.isNull() || b == null || b.isNull()) {
            return false;
        }
        return a.asDateTime().toInstant().isAfter(b.asDateTime().toInstant());
    }

    static Map<String, Object> jobObject(CimInstance j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", text(j, "InstanceID"));
        m.put("name", text(j, "ElementName"));
        m.put("method", text(j, "MethodName"));
        m.put("state", jobState(j).map(s -> words(s.name())).orElse(null));
        m.put("percentComplete", (int) number(j, "PercentComplete"));
        m.put("error", text(j, "ErrorDescription"));
        return m;
    }

    static java.util.Optional<JobState> jobState(CimInstance j) {
        CimValue v = j.value("JobState");
        if (v == null || v.isNull()) {
            return java.util.Optional.empty();
        }
        for (JobState s : JobState.values()) {
            if (s.value() == v.asInt()) {
                return java.util.Optional.of(s);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Polls the job every {@code interval} until it has finished, reporting each reading to {@code progress};
     * exit code 4 when it failed, 5 when it is still running after {@code timeout}.
     */
    CimInstance awaitJob(ObjectPath job, Duration interval, Duration timeout,
                         java.util.function.Consumer<CimInstance> progress)
            throws CimException, WbemTransportException, AdminFailure, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            CimInstance j = client.getInstance(job);
            progress.accept(j);
            JobState s = jobState(j).orElse(JobState.RUNNING);
            if (s == JobState.COMPLETED) {
                return j;
            }
            if (s.isFinished()) {
                String error = text(j, "ErrorDescription");
                throw new AdminFailure(ExitCode.JOB_FAILED, "job " + text(j, "InstanceID") + " ended "
                        + words(s.name()) + (error == null ? "" : ": " + error), Map.of("job", jobObject(j)));
            }
            if (System.nanoTime() >= deadline) {
                throw new AdminFailure(ExitCode.TIMED_OUT, "job " + text(j, "InstanceID") + " is still "
                        + words(s.name()) + " at " + number(j, "PercentComplete") + "% after " + timeout.toSeconds()
                        + " s; it goes on running (replicacim job watch " + text(j, "InstanceID") + ")",
                        Map.of("job", jobObject(j)));
            }
            Thread.sleep(interval.toMillis());
        }
    }

    // ---- methods

    /** Invokes a method; a ReturnValue other than 0 and 4096 (job started) ends the verb with exit code 1. */
    MethodResult invoke(ObjectPath target, String method, List<ParamValue> params)
            throws CimException, WbemTransportException, AdminFailure {
        MethodResult r = client.invokeMethod(target, method, params.toArray(new ParamValue[0]));
        long rc = r.returnValue().asLong();
        if (rc != 0 && rc != JOB_STARTED) {
            throw new AdminFailure(ExitCode.CIM_ERROR, method + " returned " + rc + " (" + returnLabel(rc) + ")",
                    Map.of("method", method, "returnValue", rc));
        }
        return r;
    }

    /** The standard ReturnValue map shared by the SMI-S service methods. */
    static String returnLabel(long rc) {
        return switch ((int) rc) {
            case 0 -> "Completed with No Error";
            case 1 -> "Not Supported";
            case 2 -> "Unknown";
            case 3 -> "Timeout";
            case 4 -> "Failed";
            case 5 -> "Invalid Parameter";
            case 6 -> "In Use";
            case 4096 -> "Job Started";
            default -> rc >= 0x8000 ? "Vendor Specific" : "Method Reserved";
        };
    }

    static ObjectPath outRef(MethodResult r, String name) {
        ParamValue p = r.outParameter(name);
        return p == null || p.value() == null || p.value().isNull() ? null : p.value().asReference();
    }

    // ---- values

    static String text(CimInstance i, String property) {
        CimValue v = i.value(property);
        return v == null || v.isNull() ? null : v.asString();
    }

    static long number(CimInstance i, String property) {
        CimValue v = i.value(property);
        return v == null || v.isNull() ? 0 : v.asLong();
    }

    static Boolean bool(CimInstance i, String property) {
        CimValue v = i.value(property);
        return v == null || v.isNull() ? null : v.asBoolean();
    }

    @Override
    public void close() {
        client.close();
    }
}
