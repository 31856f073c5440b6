package org.replicacim.app.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.replicacim.replication.SyncOperation;

/**
 * The ModifyReplicaSynchronization operations by the names administrators type: the value map's words in lower case
 * joined by dashes ({@code resync-replica}, {@code return-to-resourcepool}), short forms ({@code resync},
 * {@code restore}, {@code return-to-pool}), or the number.
 */
final class OperationNames {
    private OperationNames() {
    }

    /** The short name of an operation: its enum constant in lower case with dashes (fracture, resync, restore…). */
    static String name(SyncOperation op) {
        return op.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The value-map label as a name: "Restore from Replica" → restore-from-replica. */
    static String labelName(SyncOperation op) {
        return op.label().toLowerCase(Locale.ROOT).replace(' ', '-');
    }

    /** The operation for a typed name; IllegalArgumentException naming the valid ones otherwise. */
    static SyncOperation parse(String typed) {
        String t = typed.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        if (t.equals("return-to-pool") || t.equals("delete")) {
            return SyncOperation.RETURN_TO_RESOURCE_POOL;
        }
        for (SyncOperation op : SyncOperation.values()) {
            if (t.equals(name(op)) || t.equals(labelName(op)) || t.equals(Integer.toString(op.value()))) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown operation '" + typed + "'; one of " + String.join(", ", names()));
    }

    /** Every operation that applies to a single relationship, by short name. */
    static List<String> names() {
        List<String> out = new ArrayList<>();
        for (SyncOperation op : SyncOperation.values()) {
            if (!op.groupOnly()) {
                out.add(name(op));
            }
        }
        return out;
    }
}
