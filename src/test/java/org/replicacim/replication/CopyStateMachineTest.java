package org.replicacim.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class CopyStateMachineTest {
    private static final CopyStateMachine MACHINE = CopyStateMachine.standard();
    private static final Pattern NUMBER = Pattern.compile("^(\\d+)");

    /** The spec's §12.2 rows, as the shared reference writes them. */
    private static List<String[]> specRows() throws IOException {
        Path spec = Path.of(System.getProperty("user.dir")).resolve("../shared/spec/replication-services.md")
                .normalize();
        Assumptions.assumeTrue(Files.exists(spec), "shared spec not beside the checkout: " + spec);
        List<String[]> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(spec)) {
            if (line.startsWith("### 12.2")) {
                inTable = true;
            } else if (inTable && (line.startsWith("## ") || line.startsWith("---"))) {
                break;
            } else if (inTable && line.startsWith("| ") && line.matches("^\\| \\d .*")) {
                String[] c = line.substring(1).split("\\|", -1);
                for (int i = 0; i < c.length; i++) {
                    c[i] = c[i].strip();
                }
                rows.add(c);
            }
        }
        return rows;
    }

    private static int num(String cell) {
        Matcher m = NUMBER.matcher(cell);
        if (!m.find()) {
            throw new IllegalArgumentException("no number in '" + cell + "'");
        }
        return Integer.parseInt(m.group(1));
    }

    @Test
    void everyRowOfTheSpecTableIsInTheMachineExactly() throws IOException {
        List<String[]> spec = specRows();
        assertEquals(spec.size(), MACHINE.rows().size(), "row count of §12.2 versus CopyStateMachine");
        for (String[] c : spec) {
            SyncType type = SyncType.of(num(c[0]));
            CopyState from = CopyState.of(num(c[1]));
            SyncOperation op = SyncOperation.of(num(c[2]));
            Transition t = MACHINE.transition(type, from, op);
            String where = String.join(" | ", c);
            assertNotNull(t, "missing cell: " + where);
            assertEquals(c[3].equals("required"), t.forceRequired(), "force: " + where);
            assertEquals(c[4].startsWith("=") ? from : CopyState.of(num(c[4])), t.during(), "during: " + where);
            assertEquals(c[5].equals("—") ? null : ProgressStatus.of(num(c[5])), t.duringStatus(),
                    "during status: " + where);
            if (c[6].startsWith("∅")) {
                assertTrue(t.removesRelationship(), "removal: " + where);
            } else {
                assertEquals(c[6].startsWith("=") ? from : CopyState.of(num(c[6])), t.to(), "final: " + where);
                assertEquals(c[6].contains("swapped"), t.swapsRoles(), "swap: " + where);
            }
            assertEquals(c[7].equals("—") ? null : ProgressStatus.of(num(c[7])), t.toStatus(),
                    "final status: " + where);
        }
    }

    @Test
    void cellsNotInTheTableAreInvalid() {
        assertNull(MACHINE.transition(SyncType.SNAPSHOT, CopyState.SYNCHRONIZED, SyncOperation.FRACTURE));
        assertNull(MACHINE.transition(SyncType.MIRROR, CopyState.SYNCHRONIZED, SyncOperation.RETURN_TO_RESOURCE_POOL));
        assertNull(MACHINE.transition(SyncType.MIRROR, CopyState.FAILEDOVER, SyncOperation.REVERSE_ROLES));
        for (Transition t : MACHINE.rows()) {
            assertFalse(t.operation().groupOnly(), "group-only operation on a pair: " + t);
        }
    }

    @Test
    void capabilityAnswersComeFromTheRows() {
        Set<SyncOperation> snapshotOps = MACHINE.operations(SyncType.SNAPSHOT);
        assertEquals(EnumSet.of(SyncOperation.ACTIVATE, SyncOperation.DEACTIVATE, SyncOperation.DETACH,
                SyncOperation.DISSOLVE, SyncOperation.RESYNC, SyncOperation.RESTORE,
                SyncOperation.RETURN_TO_RESOURCE_POOL), snapshotOps);
        assertEquals(EnumSet.of(CopyState.FRACTURED, CopyState.SPLIT, CopyState.ABORTED, CopyState.BROKEN,
                CopyState.SKEWED), MACHINE.statesAccepting(SyncType.MIRROR, SyncOperation.RESYNC));
        assertFalse(MACHINE.requiresForce(SyncType.CLONE, SyncOperation.DETACH));
        assertEquals(Set.of(SyncOperation.REVERSE_ROLES), MACHINE.rolesSwapping().get(SyncType.MIRROR));
        CopyStateMachine noMirror = MACHINE.restrictedTo(EnumSet.of(SyncType.SNAPSHOT, SyncType.CLONE),
                EnumSet.allOf(BackendAction.class));
        assertTrue(noMirror.operations(SyncType.MIRROR).isEmpty());
    }
}
