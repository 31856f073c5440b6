package org.replicacim.provider.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.ObjectPath;
import org.replicacim.job.Job;
import org.replicacim.job.JobState;
import org.replicacim.provider.block.AffectedElementRefs;
import org.replicacim.provider.block.ElementPaths;
import org.replicacim.provider.block.SchemaConformance;
import org.replicacim.repository.ClassRepository;
import org.replicacim.storage.VolumeId;

class JobInstancesTest {
    private final ElementPaths paths = new ElementPaths(ClassRepository.STORAGE, "array1");
    private final JobInstances instances = new JobInstances(paths);
    private final Instant t0 = Instant.parse("2026-01-01T10:00:00Z");

    private Job job(JobState state, int percent, int code, String why, List<String> affected) {
        return new Job("ReplicaCIM:JOB:1", "CreateElementReplica", "/root/cimv2/storage/iscsitarget:"
                + ElementPaths.REPLICATION_SERVICE_CLASS + ".CreateElementReplica", "alice", state, percent, code, why,
                t0, t0.plusSeconds(1), state.isFinished() ? t0.plusSeconds(61) : null, t0.plusSeconds(1),
                Duration.ofMinutes(5), true, affected);
    }

    @Test
    void instancesAndErrorsConformToTheSchema() throws Exception {
        ObjectPath vol = paths.volume(VolumeId.of("vol-1"));
        Job j = job(JobState.EXCEPTION, 40, 4, "the copy failed", List.of(AffectedElementRefs.encode(vol,
                AffectedElementRefs.CREATE), vol.toString()));
        SchemaConformance.check(instances.instance(j, t0.plusSeconds(100)));
        CimInstance error = instances.error(j);
        SchemaConformance.check(error);
        assertEquals("the copy failed", error.value("Message").asString());
        List<CimInstance> affected = instances.affected(j);
        assertEquals(2, affected.size());
        for (CimInstance a : affected) {
            SchemaConformance.check(a);
            assertEquals(vol, a.value("AffectedElement").asReference());
        }
        assertEquals(List.of(5), affected.get(0).value("ElementEffects").elements().stream()
                .map(o -> ((Number) o).intValue()).toList());
        assertEquals(List.of(0), affected.get(1).value("ElementEffects").elements().stream()
                .map(o -> ((Number) o).intValue()).toList());
        CimInstance owning = instances.owning(j);
        SchemaConformance.check(owning);
        assertEquals(paths.replicationService(), owning.value("OwningElement").asReference());
    }

    @Test
    void stateShowsInOperationalStatusAsClientsExpect() {
        assertEquals(List.of(2, 17), ints(instances.instance(job(JobState.COMPLETED, 100, 0, null, List.of()), t0)));
        assertEquals(List.of(6, 17), ints(instances.instance(job(JobState.EXCEPTION, 3, 4, "x", List.of()), t0)));
        assertEquals(List.of(10, 17), ints(instances.instance(job(JobState.TERMINATED, 3, 4, "x", List.of()), t0)));
        assertEquals(List.of(2), ints(instances.instance(job(JobState.RUNNING, 3, 0, null, List.of()), t0)));
        CimInstance done = instances.instance(job(JobState.COMPLETED, 100, 0, null, List.of()), t0);
        assertEquals(0, done.value("ErrorCode").asInt());
        assertNull(done.value("ErrorDescription"));
        assertEquals("00000000000100.000000:000", done.value("ElapsedTime").asDateTime().toString());
        assertEquals("00000000000500.000000:000", done.value("TimeBeforeRemoval").asDateTime().toString());
        assertTrue(JobInstances.failed(job(JobState.KILLED, 3, 4, "x", List.of())));
        assertFalse(JobInstances.failed(job(JobState.COMPLETED, 100, 0, null, List.of())));
    }

    @Test
    void owningServiceComesFromTheMethodName() {
        Job noMethod = new Job("J", "X", null, "", JobState.NEW, 0, 0, null, t0, null, null, t0, Duration.ZERO,
                true, List.of());
        assertNull(instances.owning(noMethod));
        Job notAService = new Job("J", "X", "/ns:MSISCSITARGET_StoragePool.GetSupportedSizes", "", JobState.NEW, 0, 0,
                null, t0, null, null, t0, Duration.ZERO, true, List.of());
        assertNull(instances.owning(notAService));
    }

    private static List<Integer> ints(CimInstance i) {
        return i.value("OperationalStatus").elements().stream().map(o -> ((Number) o).intValue()).toList();
    }
}
