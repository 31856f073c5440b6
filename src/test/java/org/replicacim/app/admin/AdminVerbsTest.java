package org.replicacim.app.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.replicacim.cim.CimParameter;
import org.replicacim.cim.CimQualifier;
import org.replicacim.repository.ClassRepository;
import org.replicacim.replication.SyncOperation;

/** What the admin verbs parse and print: operation names, sizes, JSON text and progress bars. */
class AdminVerbsTest {

    /** The names the CLI takes come from the same value map the server compiles from mof/. */
    @Test
    void operationNamesFollowTheModifyReplicaSynchronizationValueMap() throws Exception {
        ClassRepository repo = ClassRepository.loadStandard(null);
        // the Microsoft override (2..23) and the CIM class it overrides (2..25)
        for (String cls : List.of("MSISCSITARGET_ReplicationService", "CIM_ReplicationService")) {
            CimParameter operation = repo.getClass(ClassRepository.STORAGE, cls)
                    .method("ModifyReplicaSynchronization").parameter("Operation");
            int checked = checkValueMap(operation);
            assertTrue(checked >= 22, cls + ": " + checked);
            if (cls.startsWith("CIM_")) {
                assertEquals(SyncOperation.values().length, checked);
            }
        }
        assertEquals(SyncOperation.FRACTURE, OperationNames.parse("fracture"));
    }

    /** Every numeric entry of the parameter's value map parses to the operation with that value and label. */
    private static int checkValueMap(CimParameter operation) {
        List<Object> map = qualifier(operation, "ValueMap");
        List<Object> values = qualifier(operation, "Values");
        int checked = 0;
        for (int i = 0; i < map.size(); i++) {
            String v = map.get(i).toString();
            if (!v.matches("\\d+")) {
                continue; // "..", vendor ranges
            }
            SyncOperation op = OperationNames.parse(v);
            assertEquals(Integer.parseInt(v), op.value());
            assertEquals(values.get(i), op.label(), "label of " + v);
            // the label typed as words works too: "Restore from Replica" → restore-from-replica
            assertEquals(op, OperationNames.parse(values.get(i).toString()));
            checked++;
        }
        return checked;
    }

    @Test
    void shortOperationNames() {
        assertEquals(SyncOperation.RESYNC, OperationNames.parse("resync"));
        assertEquals(SyncOperation.RESTORE, OperationNames.parse("restore"));
        assertEquals(SyncOperation.SPLIT, OperationNames.parse("split"));
        assertEquals(SyncOperation.DETACH, OperationNames.parse("Detach"));
        assertEquals(SyncOperation.RETURN_TO_RESOURCE_POOL, OperationNames.parse("return-to-pool"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OperationNames.parse("zap"));
        assertTrue(e.getMessage().contains("fracture") && !e.getMessage().contains("add-sync-pair"), e.getMessage());
    }

    private static List<Object> qualifier(CimParameter p, String name) {
        for (CimQualifier q : p.qualifiers()) {
            if (q.name().toString().equalsIgnoreCase(name)) {
                return new ArrayList<>(q.value().elements());
            }
        }
        throw new AssertionError("no " + name + " on " + p.name());
    }

    @Test
    void sizesInBinaryUnits() {
        assertEquals(256L << 20, AdminCommand.parseSize("256M"));
        assertEquals(256L << 20, AdminCommand.parseSize("256MiB"));
        assertEquals(10L << 30, AdminCommand.parseSize("10g"));
        assertEquals(1L << 40, AdminCommand.parseSize("1T"));
        assertEquals(4096, AdminCommand.parseSize("4096"));
        assertEquals(4096, AdminCommand.parseSize("4096B"));
        for (String bad : List.of("", "M", "-1G", "0", "12Q", "1.5G", "99999999999T")) {
            assertThrows(IllegalArgumentException.class, () -> AdminCommand.parseSize(bad), bad);
        }
        assertEquals("256 MiB", AdminCommand.bytes(256L << 20));
        assertEquals("1 TiB", AdminCommand.bytes(1L << 40));
        assertEquals("1000 B", AdminCommand.bytes(1000));
        assertEquals("1536 KiB", AdminCommand.bytes(1536L << 10));
    }

    @Test
    void jsonTextEscapesAndNests() {
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("s", "a\"b\\c\n\u0001");
        doc.put("n", 5L);
        doc.put("l", List.of(true, Map.of()));
        doc.put("z", null);
        assertEquals("{\n  \"s\": \"a\\\"b\\\\c\\n\\u0001\",\n  \"n\": 5,\n  \"l\": [\n    true,\n    {}\n  ],\n"
                + "  \"z\": null\n}", Json.write(doc));
    }

    @Test
    void progressBars() {
        assertEquals("[...............................]   0%  New  x".replaceFirst("\\.", ""),
                ProgressBar.render(0, "New", "x"));
        assertEquals("[###############...............]  50%  Running  CreateElementReplica",
                ProgressBar.render(50, "Running", "CreateElementReplica"));
        assertEquals("[##############################] 100%  Completed  x", ProgressBar.render(140, "Completed", "x"));
    }
}
