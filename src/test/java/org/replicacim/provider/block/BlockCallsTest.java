package org.replicacim.provider.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.replicacim.cim.ObjectPath;
import org.replicacim.job.Job;
import org.replicacim.job.JobService;
import org.replicacim.job.JobState;
import org.replicacim.job.MemoryJobStore;
import org.replicacim.message.MethodResult;
import org.replicacim.repository.ClassRepository;
import org.replicacim.storage.BackendException;
import org.replicacim.storage.VolumeId;

class BlockCallsTest {
    private final ElementPaths paths = new ElementPaths(ClassRepository.STORAGE, "array1");
    private final JobService jobs = new JobService(new MemoryJobStore(), Clock.systemUTC(), "T:", 2);
    private final BlockCalls calls = new BlockCalls(jobs, paths, Duration.ofMillis(200));

    @AfterEach
    void close() {
        jobs.close();
    }

    /** What the method answers: 0 with the created volume, or the backend's code. */
    private BlockCalls.Outcome<VolumeId> outcome() {
        return new BlockCalls.Outcome<>() {
            @Override
            public MethodResult succeeded(VolumeId v) {
                return MethodResults.result(0, MethodResults.ref("TheElement", paths.volume(v)));
            }

            @Override
            public MethodResult refused(BackendException e) {
                return MethodResults.result(BackendErrors.returnCode(e));
            }

            @Override
            public List<ObjectPath> created(VolumeId v) {
                return List.of(paths.volume(v));
            }
        };
    }

    @Test
    void quickCallsAnswerAtOnceWithoutAJob() throws Exception {
        MethodResult r = calls.run("M", "u", List.of(), () -> VolumeId.of("v1"), outcome()).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertEquals(0L, r.returnValue().asLong());
        assertEquals(paths.volume(VolumeId.of("v1")), r.outParameter("TheElement").value().asReference());
        MethodResult refused = calls.run("M", "u", List.of(), () -> {
            throw new BackendException(BackendException.Reason.NO_SPACE, "full");
        }, outcome()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(4097L, refused.returnValue().asLong());
        assertTrue(jobs.list().isEmpty());
    }

    @Test
    void slowCallsBecomeAJobThatNamesWhatTheyCreated() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        MethodResult r = calls.run("CreateOrModifyElementFromStoragePool", "alice",
                List.of(AffectedElementRefs.encode(paths.pool(org.replicacim.storage.PoolId.of("p")),
                        AffectedElementRefs.PERFORMANCE_IMPACT)), () -> {
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return VolumeId.of("v2");
                }, outcome()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(4096L, r.returnValue().asLong());
        String id = r.outParameter("Job").value().asReference().key("InstanceID").asString();
        assertFalse(jobs.canStop(id), "one backend call cannot be interrupted");
        release.countDown();
        Job done = jobs.await(id, Duration.ofSeconds(10));
        assertEquals(JobState.COMPLETED, done.state());
        assertEquals("/root/cimv2/storage/iscsitarget:MSISCSITARGET_StorageConfigurationService"
                + ".CreateOrModifyElementFromStoragePool", done.methodName());
        assertEquals(2, done.affectedElements().size());
        AffectedElementRefs.Ref created = AffectedElementRefs.parse(done.affectedElements().get(1));
        assertEquals(paths.volume(VolumeId.of("v2")), created.path());
        assertEquals(List.of(AffectedElementRefs.CREATE), created.effects());
    }

    @Test
    void slowRefusalsEndTheJobWithTheMethodsReturnCode() throws Exception {
        MethodResult r = calls.run("M", "u", List.of(), () -> {
            try {
                Thread.sleep(600);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new BackendException(BackendException.Reason.NO_SPACE, "pool full");
        }, outcome()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(4096L, r.returnValue().asLong());
        Job done = jobs.await(r.outParameter("Job").value().asReference().key("InstanceID").asString(),
                Duration.ofSeconds(10));
        assertEquals(JobState.EXCEPTION, done.state());
        assertEquals(4097, done.errorCode());
        assertTrue(done.errorDescription().contains("pool full"), done.errorDescription());
    }

    @Test
    void affectedElementRefsRoundTrip() {
        ObjectPath v = paths.volume(VolumeId.of("vol-9"));
        assertEquals(new AffectedElementRefs.Ref(v, List.of(5, 2)),
                AffectedElementRefs.parse(AffectedElementRefs.encode(v, 5, 2)));
        assertEquals(new AffectedElementRefs.Ref(v, List.of(0)), AffectedElementRefs.parse(v.toString()));
        assertEquals(null, AffectedElementRefs.parse("[5"));
        assertEquals(null, AffectedElementRefs.parse("[x]" + v));
        assertEquals(null, AffectedElementRefs.parse(""));
    }
}
