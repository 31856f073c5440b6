package org.replicacim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.replicacim.cim.CimDateTime;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.job.Job;
import org.replicacim.job.JobFailure;
import org.replicacim.job.JobProgress;
import org.replicacim.job.JobService;
import org.replicacim.job.JobWork;
import org.replicacim.job.SuspendableWork;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.provider.block.AffectedElementRefs;
import org.replicacim.provider.block.ElementPaths;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.Volume;

/**
 * Job Control over HTTP. The server's own Block Services calls finish at once, so each test starts a slow job on the
 * running server's job service directly and then watches and steers it as a client would: PercentComplete moving,
 * completion, RequestStateChange, GetError(s) with CIM_Error, KillJob, the job associations and TimeBeforeRemoval.
 */
class JobControlIT {
    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    private static final String SERVICE_METHOD = "/root/cimv2/storage/iscsitarget:"
            + ElementPaths.CONFIGURATION_SERVICE_CLASS + ".CreateOrModifyElementFromStoragePool";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static RawCimClient cim;
    private static ElementPaths paths;
    private static JobService jobs;

    @BeforeAll
    static void setUp() {
        cim = new RawCimClient(SERVER.port());
        paths = new ElementPaths(RawCimClient.STORAGE, "localhost");
        jobs = SERVER.server().jobs();
    }

    private static ObjectPath submit(String name, List<String> affected, JobWork work) {
        Job j = jobs.submit(name, SERVICE_METHOD, "it-user", affected, work);
        return paths.job(j.id());
    }

    /** Polls the job over HTTP until the condition holds; returns that snapshot. */
    private static CimInstance await(ObjectPath job, Predicate<CimInstance> condition, String what) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        CimInstance i = null;
        while (System.nanoTime() < end) {
            i = cim.getInstance(job);
            if (condition.test(i)) {
                return i;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job never " + what + ": " + i);
    }

    /** Whether a returned path names the job (EnumerateInstanceNames answers without namespace). */
    private static boolean same(ObjectPath returned, ObjectPath job) {
        ObjectPath p = returned.withHost(null);
        return (p.namespace() == null ? p.withNamespace(RawCimClient.STORAGE) : p).equals(job);
    }

    private static int state(CimInstance i) {
        return i.value("JobState").asInt();
    }

    private static List<Integer> ints(CimInstance i, String property) {
        return i.value(property).elements().stream().map(o -> ((Number) o).intValue()).toList();
    }

    private static long rsc(ObjectPath job, int requested) throws Exception {
        return cim.invoke(job, "RequestStateChange", List.of(ParamValue.of("RequestedState",
                CimValue.uint16(requested)))).returnValue().asLong();
    }

    /** Work that reports what the test tells it to and ends when told, or when asked to stop. */
    private static final class SteppedWork implements JobWork {
        final CountDownLatch half = new CountDownLatch(1);
        final CountDownLatch finish = new CountDownLatch(1);

        @Override
        public void run(JobProgress progress) throws Exception {
            progress.report(10);
            while (!half.await(20, TimeUnit.MILLISECONDS)) {
                if (progress.stopRequested()) {
                    return;
                }
            }
            progress.report(50);
            for (int i = 0; i < 3000 && !finish.await(20, TimeUnit.MILLISECONDS); i++) {
                if (progress.stopRequested()) {
                    return;
                }
            }
        }
    }

    @Test
    void progressAndCompletionAreVisibleOverHttp() throws Exception {
        Volume created = SERVER.server().backend().createVolume(PoolId.of("default"), "job-made", 1 << 20);
        ObjectPath volume = paths.volume(created.id());
        SteppedWork work = new SteppedWork();
        ObjectPath job = submit("CreateOrModifyElementFromStoragePool", List.of(AffectedElementRefs.encode(volume,
                AffectedElementRefs.CREATE)), work);

        CimInstance running = await(job, i -> i.value("PercentComplete").asInt() == 10, "reported 10%");
        assertEquals(4, state(running), "Running");
        assertEquals(List.of(2), ints(running, "OperationalStatus"));
        assertEquals("it-user", running.value("Owner").asString());
        assertEquals(SERVICE_METHOD, running.value("MethodName").asString());
        assertNotNull(running.value("StartTime"));
        assertTrue(cim.enumerateInstanceNames(RawCimClient.STORAGE, "CIM_ConcreteJob").stream()
                .anyMatch(p -> same(p, job)), "clients enumerating CIM_ConcreteJob find it");
        String gi = Wbemcli.run("gi", SERVER.url() + "/root/cimv2/storage/iscsitarget:"
                + ElementPaths.JOB_CLASS + ".InstanceID=\"" + job.key("InstanceID").asString() + "\"").assertOk().out();
        assertTrue(gi.contains("PercentComplete=10") && gi.contains("JobState=4"), gi);

        work.half.countDown();
        await(job, i -> i.value("PercentComplete").asInt() == 50, "reported 50%");
        work.finish.countDown();
        CimInstance done = await(job, i -> state(i) == 7, "completed");
        assertEquals(List.of(2, 17), ints(done, "OperationalStatus"), "OK and Completed, as libstoragemgmt checks");
        assertEquals(100, done.value("PercentComplete").asInt());
        assertEquals(0, done.value("ErrorCode").asInt());
        assertTrue(done.value("ElapsedTime").asDateTime().isInterval());

        MethodResult error = cim.invoke(job, "GetError", List.of());
        assertEquals(0, error.returnValue().asLong());
        assertNull(error.outParameter("Error"), "no error after success");
        MethodResult errors = cim.invoke(job, "GetErrors", List.of());
        assertEquals(0, errors.returnValue().asLong());
        assertTrue(errors.outParameter("Errors") == null || errors.outParameter("Errors").value().elements().isEmpty());

        // What libstoragemgmt does after a create job: the created volume through AffectedJobElement.
        List<ObjectPath> volumes = cim.associatorNames(job, "CIM_AffectedJobElement", "CIM_StorageVolume");
        assertEquals(List.of(volume), volumes.stream().map(p -> p.withHost(null)).toList());
        List<CimInstance> effects = cim.references(job, "CIM_AffectedJobElement");
        assertEquals(List.of(5), ints(effects.get(0), "ElementEffects"), "Create");
        assertEquals(1, cim.references(volume, "CIM_AffectedJobElement").size(), "and back from the volume");
        List<ObjectPath> owner = cim.associatorNames(job, "CIM_OwningJobElement", null);
        assertEquals(List.of(paths.configurationService()), owner.stream().map(p -> p.withHost(null)).toList());
        assertTrue(cim.associatorNames(paths.configurationService(), "CIM_OwningJobElement", "CIM_ConcreteJob")
                .stream().anyMatch(p -> same(p, job)), "the service lists the jobs it owns");
        cim.deleteInstance(job);
        SERVER.server().backend().deleteVolume(created.id());
    }

    @Test
    void terminateStopsTheJobAndGetErrorSaysWhy() throws Exception {
        ObjectPath job = submit("Copy", List.of(), new SteppedWork());
        await(job, i -> i.value("PercentComplete").asInt() == 10, "started");
        String out = Wbemcli.run("cm", SERVER.url() + "/root/cimv2/storage/iscsitarget:" + ElementPaths.JOB_CLASS
                + ".InstanceID=\"" + job.key("InstanceID").asString() + "\"", "RequestStateChange.RequestedState=4")
                .assertOk().out();
        assertTrue(out.contains("RequestStateChange: 0"), out);
        CimInstance stopped = cim.getInstance(job);
        assertEquals(8, state(stopped), "Terminated");
        assertEquals(List.of(10, 17), ints(stopped, "OperationalStatus"));
        assertTrue(stopped.value("ErrorCode").asInt() != 0);

        MethodResult r = cim.invoke(job, "GetError", List.of());
        assertEquals(0, r.returnValue().asLong());
        CimInstance error = r.outParameter("Error").value().asInstance();
        assertEquals("CIM_Error", error.className().value());
        assertEquals("ReplicaCIM", error.value("OwningEntity").asString());
        assertTrue(error.value("Message").asString().contains("client"), error.toString());
        assertEquals(2, error.value("ErrorSourceFormat").asInt());

        assertEquals(4097, rsc(job, 4), "a finished job cannot be terminated again");
        assertEquals(4097, rsc(job, 5));
        cim.deleteInstance(job);
        assertNull(cim.getInstanceOrNull(job));
    }

    @Test
    void aFailedJobCarriesTheMethodsCodeAndACimError() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ObjectPath job = submit("CreateOrModifyElementFromStoragePool", List.of(), p -> {
            p.report(30);
            go.await(10, TimeUnit.SECONDS);
            throw new JobFailure(4097, "the pool filled up while the volume was being created");
        });
        await(job, i -> i.value("PercentComplete").asInt() == 30, "started");
        go.countDown();
        CimInstance failed = await(job, i -> state(i) == 10, "ended in Exception");
        assertEquals(List.of(6, 17), ints(failed, "OperationalStatus"), "Error and Completed");
        assertEquals(4097, failed.value("ErrorCode").asInt(), "the code the call would have returned");
        assertEquals("the pool filled up while the volume was being created",
                failed.value("ErrorDescription").asString());
        assertEquals(30, failed.value("PercentComplete").asInt(), "progress stays where it stopped");

        MethodResult r = cim.invoke(job, "GetErrors", List.of());
        assertEquals(0, r.returnValue().asLong());
        List<Object> errors = r.outParameter("Errors").value().elements();
        assertEquals(1, errors.size());
        CimInstance e = (CimInstance) errors.get(0);
        assertEquals(1, e.value("CIMStatusCode").asLong());
        assertEquals(5, e.value("PerceivedSeverity").asInt());
        assertTrue(e.value("ProbableCauseDescription").asString().contains("4097"), e.toString());
        cim.deleteInstance(job);
    }

    /** Work that pauses while suspended, until it is told to end. */
    private static final class PausableWork implements SuspendableWork {
        final CountDownLatch finish = new CountDownLatch(1);
        volatile boolean paused;
        volatile int steps;

        @Override
        public void run(JobProgress progress) throws Exception {
            while (!finish.await(10, TimeUnit.MILLISECONDS) && !progress.stopRequested() && steps < 10_000) {
                if (!paused) {
                    steps++;
                    progress.report(Math.min(99, steps / 10));
                }
            }
        }

        @Override
        public void suspend() {
            paused = true;
        }

        @Override
        public void resume() {
            paused = false;
        }
    }

    @Test
    void suspendResumeAndTheCodesOfRefusedRequests() throws Exception {
        PausableWork work = new PausableWork();
        ObjectPath job = submit("Copy", List.of(), work);
        await(job, i -> state(i) == 4, "ran");
        assertEquals(0, rsc(job, 3), "Suspend");
        CimInstance suspended = cim.getInstance(job);
        assertEquals(5, state(suspended));
        assertEquals(List.of(2, 15), ints(suspended, "OperationalStatus"));
        int steps = work.steps;
        Thread.sleep(200);
        assertEquals(steps, work.steps, "suspended work does not advance");
        assertEquals(0, rsc(job, 3), "suspending a suspended job changes nothing");
        assertEquals(0, rsc(job, 2), "Start resumes it");
        assertEquals(4, state(cim.getInstance(job)));
        assertEquals(4097, rsc(job, 2), "a running job is already started");
        assertEquals(1, rsc(job, 6), "Service is not offered");
        assertEquals(5, rsc(job, 9), "outside the value map");
        MethodResult timed = cim.invoke(job, "RequestStateChange", List.of(
                ParamValue.of("RequestedState", CimValue.uint16(4)),
                ParamValue.of("TimeoutPeriod", CimValue.datetime(CimDateTime.interval(Duration.ofSeconds(5))))));
        assertEquals(4098, timed.returnValue().asLong(), "TimeoutPeriod is not supported");
        work.finish.countDown();
        await(job, i -> state(i) == 7, "completed");

        CountDownLatch release = new CountDownLatch(1);
        ObjectPath plain = submit("Copy", List.of(), p -> release.await(10, TimeUnit.SECONDS));
        await(plain, i -> state(i) == 4, "ran");
        assertEquals(1, rsc(plain, 3), "work that cannot pause is not suspended");
        assertEquals(4, state(cim.getInstance(plain)));
        CimException running = org.junit.jupiter.api.Assertions.assertThrows(CimException.class,
                () -> cim.deleteInstance(plain));
        assertEquals(CimStatus.FAILED, running.status(), "a running job cannot be deleted");
        release.countDown();
        await(plain, i -> state(i) == 7, "completed");
        cim.deleteInstance(plain);
        cim.deleteInstance(job);
    }

    @Test
    void killJobKillsAndKeepsTheJobWhenAsked() throws Exception {
        ObjectPath job = submit("Copy", List.of(), new SteppedWork());
        await(job, i -> state(i) == 4, "ran");
        MethodResult r = cim.invoke(job, "KillJob", List.of(ParamValue.of("DeleteOnKill", CimValue.bool(false))));
        assertEquals(0, r.returnValue().asLong());
        CimInstance killed = cim.getInstance(job);
        assertEquals(9, state(killed), "Killed");
        assertEquals(List.of(10, 17), ints(killed, "OperationalStatus"));
        assertEquals(false, killed.value("DeleteOnCompletion").asBoolean(), "DeleteOnKill false keeps it");
        assertEquals(4, cim.invoke(job, "KillJob", List.of()).returnValue().asLong(), "nothing left to kill");
        cim.deleteInstance(job);
    }

    @Test
    void finishedJobsGoAfterTheirTimeBeforeRemovalUnlessKept() throws Exception {
        ObjectPath expiring = submit("Quick", List.of(), p -> { });
        ObjectPath kept = submit("Quick", List.of(), p -> { });
        await(expiring, i -> state(i) == 7, "completed");
        await(kept, i -> state(i) == 7, "completed");

        CimException badType = org.junit.jupiter.api.Assertions.assertThrows(CimException.class,
                () -> cim.modifyInstance(CimInstance.builder(ElementPaths.JOB_CLASS).path(expiring)
                        .property("TimeBeforeRemoval", CimValue.datetime(CimDateTime.of(java.time.Instant.now())))
                        .build(), List.of("TimeBeforeRemoval")));
        assertEquals(CimStatus.INVALID_PARAMETER, badType.status(), "TimeBeforeRemoval is an interval");
        CimException other = org.junit.jupiter.api.Assertions.assertThrows(CimException.class,
                () -> cim.modifyInstance(CimInstance.builder(ElementPaths.JOB_CLASS).path(expiring)
                        .property("Priority", CimValue.uint32(1)).build(), List.of("Priority")));
        assertEquals(CimStatus.NOT_SUPPORTED, other.status());

        // wbemcli mi, as an administrator would shorten it.
        Wbemcli.run("mi", SERVER.url() + "/root/cimv2/storage/iscsitarget:" + ElementPaths.JOB_CLASS
                + ".InstanceID=\"" + expiring.key("InstanceID").asString() + "\"",
                "TimeBeforeRemoval=\"00000000000001.000000:000\"").assertOk();
        assertEquals("00000000000001.000000:000",
                cim.getInstance(expiring).value("TimeBeforeRemoval").asDateTime().toString());
        cim.modifyInstance(CimInstance.builder(ElementPaths.JOB_CLASS).path(kept)
                .property("TimeBeforeRemoval", CimValue.datetime(CimDateTime.interval(Duration.ofSeconds(1))))
                .property("DeleteOnCompletion", CimValue.bool(false)).build(),
                List.of("TimeBeforeRemoval", "DeleteOnCompletion"));

        long end = System.nanoTime() + WAIT.toNanos();
        while (cim.getInstanceOrNull(expiring) != null && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertNull(cim.getInstanceOrNull(expiring), "removed once its TimeBeforeRemoval passed");
        assertTrue(cim.enumerateInstanceNames(RawCimClient.STORAGE, "CIM_ConcreteJob").stream()
                .noneMatch(p -> same(p, expiring)));
        assertNotNull(cim.getInstanceOrNull(kept), "DeleteOnCompletion false keeps it until DeleteInstance");
        cim.deleteInstance(kept);
        assertNull(cim.getInstanceOrNull(kept));
        CimException gone = org.junit.jupiter.api.Assertions.assertThrows(CimException.class,
                () -> cim.invoke(expiring, "GetError", List.of()));
        assertEquals(CimStatus.NOT_FOUND, gone.status());
    }
}
