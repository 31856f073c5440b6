package org.replicacim.provider.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;
import org.replicacim.job.Job;
import org.replicacim.job.JobService;
import org.replicacim.job.JobState;
import org.replicacim.job.MemoryJobStore;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.provider.OperationContext;
import org.replicacim.provider.block.ElementPaths;
import org.replicacim.replication.CopyState;
import org.replicacim.replication.MemoryRelationshipStore;
import org.replicacim.replication.ReplicationEngine;
import org.replicacim.replication.SyncRelationship;
import org.replicacim.storage.BlockBackend;
import org.replicacim.storage.BlockDevice;
import org.replicacim.storage.VolumeId;
import org.replicacim.storage.file.FileBackend;
import org.replicacim.storage.file.FileBackendConfig;

/**
 * The provider's use of jobs, on a copy throttled to last seconds: 4096 with a job that reports the copy's progress
 * and aborts it when terminated; WaitForCopyState completes the call when reached, and near the request's deadline
 * hands the rest to a job instead of holding on.
 */
class ReplicationServiceJobsTest {
    private static final Namespace NS = Namespace.of("root/cimv2/storage/iscsitarget");

    @TempDir
    Path dir;
    private BlockBackend backend;
    private JobService jobs;
    private ReplicationEngine engine;
    private ReplicationServiceProvider provider;
    private ElementPaths paths;
    private VolumeId source;
    private final MemoryJobStore jobStore = new MemoryJobStore();
    private final MemoryRelationshipStore relationships = new MemoryRelationshipStore();

    @BeforeEach
    void open() throws Exception {
        backend = FileBackend.open(FileBackendConfig.defaults(dir).withCopyBytesPerSecond(1L << 20));
        jobs = new JobService(jobStore, Clock.systemUTC(), "Test:", 2);
        engine = new ReplicationEngine(backend, relationships, Clock.systemUTC());
        paths = new ElementPaths(NS, "localhost");
        provider = new ReplicationServiceProvider(paths, engine, backend, new ReplicationJobs(jobs, paths, engine));
        source = backend.createVolume(backend.pools().get(0).id(), "src", 8L << 20).id();
        try (BlockDevice d = backend.openDevice(source)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 << 20);
            while (b.hasRemaining()) {
                b.put((byte) 0x3c);
            }
            d.write(0, b.flip());
        }
    }

    @AfterEach
    void close() throws Exception {
        jobs.close();
        backend.close();
    }

    private MethodResult call(String method, Duration deadline, ParamValue... params) throws Exception {
        return start(method, deadline, params).get(60, TimeUnit.SECONDS);
    }

    private CompletableFuture<MethodResult> start(String method, Duration deadline, ParamValue... params) {
        OperationContext ctx = new OperationContext(NS, "tester", "r1", Instant.now().plus(deadline));
        CompletableFuture<MethodResult> f = provider.invokeMethod(ctx, null, paths.replicationService(),
                new org.replicacim.cim.CimMethod(CimName.of(method), CimType.UINT32, List.of(), List.of(), null,
                        false), List.of(params)).toCompletableFuture();
        return f;
    }

    private ParamValue[] clone(Integer wait) {
        ParamValue sync = ParamValue.of("SyncType", CimValue.uint16(8));
        ParamValue src = ParamValue.of("SourceElement", CimValue.reference(paths.volume(source)));
        return wait == null ? new ParamValue[] {sync, src}
                : new ParamValue[] {sync, src, ParamValue.of("WaitForCopyState", CimValue.uint16(wait))};
    }

    private static String jobId(MethodResult r) {
        ObjectPath job = r.outParameter("Job").value().asReference();
        return job.key("InstanceID").asString();
    }

    @Test
    void aTerminatedCopyJobAbortsTheCopy() throws Exception {
        MethodResult r = call("CreateElementReplica", Duration.ofMinutes(5), clone(null));
        assertEquals(4096, r.returnValue().asInt());
        String id = jobId(r);
        Job job = jobs.get(id);
        assertEquals(List.of("[5]" + paths.volume(engine.list().get(0).target())), job.affectedElements(),
                "a create job affects exactly the new target");
        assertTrue(job.methodName().endsWith(":MSISCSITARGET_ReplicationService.CreateElementReplica"));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (jobs.get(id).percentComplete() == 0 && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertTrue(jobs.get(id).percentComplete() > 0, "the job reports the copy's progress");
        assertTrue(jobs.stop(id, false));
        Job ended = jobs.await(id, Duration.ofSeconds(10));
        assertEquals(JobState.TERMINATED, ended.state());
        SyncRelationship rel = engine.list().get(0);
        assertEquals(CopyState.ABORTED, rel.copyState(), "terminating the job aborted the copy");
    }

    @Test
    void aCopyJobRunningAtACrashIsResumedUnderTheSameId() throws Exception {
        MethodResult r = call("CreateElementReplica", Duration.ofMinutes(5), clone(null));
        String id = jobId(r);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (jobs.get(id).percentComplete() < 10 && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        // what a crash leaves behind: the saved jobs and relationships, and the backend's checkpointed copy
        MemoryJobStore savedJobs = new MemoryJobStore();
        jobStore.loadAll().forEach(savedJobs::save);
        MemoryRelationshipStore savedRelationships = new MemoryRelationshipStore();
        relationships.list().forEach(savedRelationships::put);
        int before = savedJobs.loadAll().get(0).percentComplete();
        assertTrue(before >= 10 && before < 100, "copying when the server stops: " + before);
        backend.close();
        jobs.close();

        backend = FileBackend.open(FileBackendConfig.defaults(dir).withCopyBytesPerSecond(4L << 20));
        engine = new ReplicationEngine(backend, savedRelationships, Clock.systemUTC());
        jobs = new JobService(savedJobs, Clock.systemUTC(), "Test:", 2);
        jobs.registerResumer(ReplicationJobs.KIND, new ReplicationJobs(jobs, paths, engine)::resume);
        assertEquals(1, jobs.recover());
        Job resumed = jobs.get(id);
        assertEquals(JobState.RUNNING, resumed.state());
        assertTrue(resumed.percentComplete() >= before, resumed.percentComplete() + " < " + before);
        Job done = jobs.await(id, Duration.ofSeconds(30));
        assertEquals(JobState.COMPLETED, done.state(), String.valueOf(done.errorDescription()));
        assertEquals(100, done.percentComplete());
        assertEquals(CopyState.SYNCHRONIZED, engine.list().get(0).copyState());
    }

    @Test
    void aJobWhoseRelationshipVanishedEndsInExceptionSayingWhy() throws Exception {
        MethodResult r = call("CreateElementReplica", Duration.ofMinutes(5), clone(null));
        String id = jobId(r);
        MemoryJobStore savedJobs = new MemoryJobStore();
        jobStore.loadAll().forEach(savedJobs::save);
        backend.close();
        jobs.close();
        backend = FileBackend.open(FileBackendConfig.defaults(dir));
        engine = new ReplicationEngine(backend, new MemoryRelationshipStore(), Clock.systemUTC());
        jobs = new JobService(savedJobs, Clock.systemUTC(), "Test:", 2);
        jobs.registerResumer(ReplicationJobs.KIND, new ReplicationJobs(jobs, paths, engine)::resume);
        assertEquals(0, jobs.recover());
        Job ended = jobs.get(id);
        assertEquals(JobState.EXCEPTION, ended.state());
        assertTrue(ended.errorDescription().contains("no longer exists"), ended.errorDescription());
    }

    @Test
    void waitingForACopyStateCompletesTheCallWhenReached() throws Exception {
        CompletableFuture<MethodResult> f = start("CreateElementReplica", Duration.ofMinutes(5), clone(4));
        assertTrue(!f.isDone(), "the call waits for the copy without holding the caller's thread");
        MethodResult r = f.get(60, TimeUnit.SECONDS);
        assertEquals(0, r.returnValue().asInt());
        assertEquals(CopyState.SYNCHRONIZED, engine.list().get(0).copyState());
        assertTrue(jobs.list().isEmpty(), "no job when the call itself waited");
    }

    @Test
    void nearTheDeadlineTheWaitBecomesAJob() throws Exception {
        MethodResult r = call("CreateElementReplica", Duration.ofSeconds(3), clone(4));
        assertEquals(4096, r.returnValue().asInt());
        Job done = jobs.await(jobId(r), Duration.ofSeconds(30));
        assertEquals(JobState.COMPLETED, done.state());
        assertEquals(CopyState.SYNCHRONIZED, engine.list().get(0).copyState());
        assertNotNull(r.outParameter("Synchronization"));
    }
}
