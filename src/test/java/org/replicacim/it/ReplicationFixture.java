package org.replicacim.it;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.MethodResult;
import org.replicacim.message.ParamValue;
import org.replicacim.provider.block.ElementPaths;
import org.replicacim.repository.ClassRepository;
import org.replicacim.storage.BackendException;
import org.replicacim.storage.BlockBackend;
import org.replicacim.storage.BlockDevice;
import org.replicacim.storage.PoolId;
import org.replicacim.storage.ReplicaPair;
import org.replicacim.storage.VolumeId;

/**
 * What the replication ITs share: volumes made and read on the server's engine (Block Services' own provider is on
 * another branch), checksums, and CIM-XML calls of the replication service over HTTP.
 */
final class ReplicationFixture {
    static final ObjectPath CAPABILITIES = ObjectPath.builder("MSISCSITARGET_ReplicationServiceCapabilities")
            .key("InstanceID", "ReplicaCIM:ReplicationServiceCapabilities").build();

    final RunningServer server;
    final CimHttp cim;
    final ElementPaths paths;
    final BlockBackend backend;
    final PoolId pool;

    ReplicationFixture(RunningServer server) throws BackendException {
        this.server = server;
        this.cim = new CimHttp(server.port(), ClassRepository.STORAGE, Duration.ofMinutes(2));
        this.paths = new ElementPaths(ClassRepository.STORAGE, "localhost");
        this.backend = server.server().backend();
        this.pool = backend.pools().get(0).id();
    }

    ObjectPath service() {
        return paths.replicationService();
    }

    /** A new volume filled with a byte pattern (0 leaves it sparse). */
    VolumeId volume(String name, long size, int pattern) throws Exception {
        VolumeId v = backend.createVolume(pool, name, size).id();
        if (pattern != 0) {
            fill(v, 0, size, pattern);
        }
        return v;
    }

    void fill(VolumeId v, long offset, long length, int pattern) throws Exception {
        try (BlockDevice d = backend.openDevice(v)) {
            ByteBuffer b = ByteBuffer.allocate(1 << 20);
            for (long done = 0; done < length; ) {
                int n = (int) Math.min(b.capacity(), length - done);
                b.clear().limit(n);
                for (int i = 0; i < n; i++) {
                    b.put(i, (byte) (pattern + ((offset + done + i) >>> 12)));
                }
                d.write(offset + done, b);
                done += n;
            }
            d.flush();
        }
    }

    /** SHA-256 of the whole volume as hosts read it. */
    String sha(VolumeId v) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (BlockDevice d = backend.openDevice(v)) {
            ByteBuffer b = ByteBuffer.allocate(1 << 20);
            for (long off = 0; off < d.size(); off += b.capacity()) {
                b.clear().limit((int) Math.min(b.capacity(), d.size() - off));
                d.read(off, b);
                b.flip();
                md.update(b);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    boolean exists(VolumeId v) {
        try {
            backend.volume(v);
            return true;
        } catch (BackendException e) {
            return false;
        }
    }

    /** Removes a source and everything replicated from it, directly on the engine (the service notices). */
    void discard(VolumeId... volumes) throws Exception {
        for (VolumeId v : volumes) {
            if (v == null || !exists(v)) {
                continue;
            }
            for (ReplicaPair p : backend.pairs()) {
                if (p.source().equals(v) || p.target().equals(v)) {
                    if (p.activeTask().isPresent()) {
                        backend.abort(p.id());
                    }
                    backend.removePair(p.id(), p.source().equals(v));
                }
            }
            if (exists(v)) {
                backend.deleteVolume(v);
            }
        }
    }

    // ---- calls

    static ParamValue u16(String name, int v) {
        return ParamValue.of(name, CimValue.uint16(v));
    }

    static ParamValue ref(String name, ObjectPath p) {
        return ParamValue.of(name, CimValue.reference(p));
    }

    static ParamValue flag(String name, boolean v) {
        return ParamValue.of(name, CimValue.bool(v));
    }

    /** CreateElementReplica with the given SyncType, optional Mode and WaitForCopyState, allocating the target. */
    MethodResult create(int syncType, Integer mode, VolumeId source, Integer wait, ParamValue... more)
            throws Exception {
        List<ParamValue> p = new ArrayList<>();
        p.add(u16("SyncType", syncType));
        if (mode != null) {
            p.add(u16("Mode", mode));
        }
        p.add(ref("SourceElement", paths.volume(source)));
        if (wait != null) {
            p.add(u16("WaitForCopyState", wait));
        }
        p.addAll(List.of(more));
        return cim.invoke(service(), "CreateElementReplica", p);
    }

    MethodResult modify(ObjectPath sync, int operation, Boolean force, Integer wait) throws Exception {
        List<ParamValue> p = new ArrayList<>();
        p.add(u16("Operation", operation));
        p.add(ref("Synchronization", sync));
        if (force != null) {
            p.add(flag("Force", force));
        }
        if (wait != null) {
            p.add(u16("WaitForCopyState", wait));
        }
        return cim.invoke(service(), "ModifyReplicaSynchronization", p);
    }

    MethodResult capabilities(String method, ParamValue... params) throws Exception {
        return cim.invoke(CAPABILITIES, method, List.of(params));
    }

    static int rc(MethodResult r) {
        return r.returnValue().asInt();
    }

    static ObjectPath outRef(MethodResult r, String name) {
        ParamValue p = r.outParameter(name);
        return p == null || p.value().isNull() ? null : p.value().asReference();
    }

    static List<Integer> outInts(MethodResult r, String name) {
        List<Integer> out = new ArrayList<>();
        ParamValue p = r.outParameter(name);
        if (p != null) {
            for (Object o : p.value().elements()) {
                out.add(((Number) o).intValue());
            }
        }
        return out;
    }

    /** The StorageSynchronized instance, or null when it does not exist (CIM_ERR_NOT_FOUND). */
    CimInstance sync(ObjectPath path) throws Exception {
        try {
            return cim.getInstance(path);
        } catch (CimException e) {
            if (e.status() == CimStatus.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    static int prop(CimInstance i, String name) {
        CimValue v = i.value(name);
        return v == null || v.isNull() ? -1 : v.asInt();
    }

    /** Polls the relationship until no operation is in progress (RequestedCopyState 15) or it is gone. */
    CimInstance settle(ObjectPath path, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            CimInstance i = sync(path);
            if (i == null || prop(i, "RequestedCopyState") == 15) {
                return i;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("relationship " + path + " still in transition: " + i);
            }
            Thread.sleep(20);
        }
    }

    int jobCount() throws Exception {
        return cim.enumerateInstanceNames("CIM_ConcreteJob").size();
    }

    /** The target volume a StorageSynchronized path names. */
    static VolumeId target(ObjectPath sync) {
        return VolumeId.of(sync.key("SyncedElement").asReference().key("DeviceID").asString());
    }

    static VolumeId source(ObjectPath sync) {
        return VolumeId.of(sync.key("SystemElement").asReference().key("DeviceID").asString());
    }
}
