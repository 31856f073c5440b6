package org.replicacim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.replicacim.it.ReplicationFixture.outInts;
import static org.replicacim.it.ReplicationFixture.prop;
import static org.replicacim.it.ReplicationFixture.rc;
import static org.replicacim.it.ReplicationFixture.u16;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.provider.Arguments;
import org.replicacim.cim.CimInstance;
import org.replicacim.message.MethodResult;
import org.replicacim.replication.CopyState;
import org.replicacim.replication.SyncOperation;
import org.replicacim.replication.SyncType;

/**
 * {@link GroupCellWalk} over the group states a group rests in (no copy running), plus a Mixed group: an operation
 * valid for every member applies to all, one valid for some members only is refused as a whole with nothing changed.
 */
class GroupCellsIT extends GroupCellWalk {
    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();

    @Override
    RunningServer server() {
        return SERVER;
    }

    @Override
    long size() {
        return 1L << 20;
    }

    @Override
    Stream<Arguments> cells() {
        List<Arguments> out = new ArrayList<>();
        for (CopyState s : List.of(CopyState.SYNCHRONIZED, CopyState.FRACTURED, CopyState.SPLIT, CopyState.INACTIVE,
                CopyState.SUSPENDED, CopyState.FAILEDOVER, CopyState.PREPARED, CopyState.ABORTED)) {
            out.add(Arguments.of(SyncType.MIRROR, s));
        }
        out.add(Arguments.of(SyncType.SNAPSHOT, CopyState.SYNCHRONIZED));
        out.add(Arguments.of(SyncType.SNAPSHOT, CopyState.INACTIVE));
        out.add(Arguments.of(SyncType.CLONE, CopyState.SYNCHRONIZED));
        out.add(Arguments.of(SyncType.CLONE, CopyState.INACTIVE));
        return out.stream();
    }

    @Override
    Recipe recipe(SyncType type, CopyState s) {
        int fracture = SyncOperation.FRACTURE.value();
        if (type != SyncType.MIRROR) {
            if (type == SyncType.CLONE && s == CopyState.INACTIVE) {
                return new Recipe(8, List.of(), false);
            }
            return new Recipe(4, type == SyncType.SNAPSHOT && s == CopyState.INACTIVE
                    ? List.of(SyncOperation.DEACTIVATE.value()) : List.of(), false);
        }
        return new Recipe(4, switch (s) {
            case FRACTURED -> List.of(fracture);
            case SPLIT -> List.of(SyncOperation.SPLIT.value());
            case INACTIVE -> List.of(SyncOperation.DEACTIVATE.value());
            case SUSPENDED -> List.of(SyncOperation.SUSPEND.value());
            case FAILEDOVER -> List.of(SyncOperation.FAILOVER.value());
            case PREPARED -> List.of(fracture, SyncOperation.PREPARE.value());
            case ABORTED -> List.of(SyncOperation.SUSPEND.value(), SyncOperation.ABORT.value());
            default -> List.of();
        }, false);
    }

    // ---------------------------------------------------------------- Mixed

    /** A group whose members are in different states: an operation valid for every member applies to all; one
     * valid for some only is refused as a whole (5) with nothing changed. */
    @Test
    void mixedGroupAcceptsOnlyWhatEveryMemberAccepts() throws Exception {
        Made g = make(SyncType.MIRROR, CopyState.SYNCHRONIZED);
        List<CimInstance> members = memberStates(g.sync());
        // One member fractured on its own (the group is not consistent, so no Force is needed).
        assertEquals(0, rc(fx.modify(members.get(0).path(), SyncOperation.FRACTURE.value(), null, null)));
        CimInstance mixed = gx.get(g.sync());
        assertEquals(14, prop(mixed, "CopyState"), "members Fractured and Synchronized: the group is Mixed");
        assertEquals(14, prop(mixed, "ProgressStatus"), "ProgressStatus Mixed too");
        List<Integer> fromMixed = outInts(fx.capabilities("GetSupportedGroupOperations", u16("ReplicationType", 2),
                u16("CopyState", 14)), "SupportedGroupOperations");
        assertEquals(new TreeSet<>(List.of(3, 5, 6, 13)), new TreeSet<>(fromMixed), "from Mixed, the group-only ones");
        // Resync is valid from Fractured but not from Synchronized: refused, naming nothing changed.
        assertEquals(5, rc(gx.modify(g.sync(), SyncOperation.RESYNC.value(), null, null)));
        assertEquals(6, prop(fx.sync(members.get(0).path()), "CopyState"));
        assertEquals(4, prop(fx.sync(members.get(1).path()), "CopyState"));
        // Fracture is valid from Synchronized only: refused as well.
        assertEquals(5, rc(gx.modify(g.sync(), SyncOperation.FRACTURE.value(), null, null)));
        // Split likewise; Detach is valid from both: the whole group goes.
        MethodResult r = gx.modify(g.sync(), SyncOperation.DETACH.value(), null, 15);
        assertEquals(0, rc(r));
        assertNull(gx.get(g.sync()));
        discard(g);
    }

}
