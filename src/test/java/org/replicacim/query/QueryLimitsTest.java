package org.replicacim.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimStatus;

/** Hostile or oversized input is refused with INVALID_QUERY, never with a stack overflow. */
class QueryLimitsTest {

    /** An oversized input, for SELECT (WQL) or FQL, and part of the expected message. */
    record Hostile(String description, boolean select, String text, String message) {
        @Override
        public String toString() {
            return description;
        }
    }

    private static final String SELECT = "SELECT * FROM X WHERE ";

    static Stream<Hostile> hostileInputs() {
        return Stream.of(
                new Hostile("10,000 nested parentheses (FQL)", false,
                        "(".repeat(10_000) + "a = 1" + ")".repeat(10_000), "nested deeper than 100 levels at position 101"),
                new Hostile("10,000 nested parentheses (WQL)", true,
                        SELECT + "(".repeat(10_000) + "a = 1" + ")".repeat(10_000), "nested deeper than 100 levels"),
                new Hostile("10,000 unclosed parentheses", false, "(".repeat(10_000), "nested deeper than 100"),
                new Hostile("10,000 NOTs", false, "NOT ".repeat(10_000) + "a = 1", "nested deeper than 100"),
                new Hostile("NOT and parentheses mixed", true, SELECT + "NOT (".repeat(60) + "a = 1"
                        + ")".repeat(60), "nested deeper than 100"),
                new Hostile("just over 64 KiB", false, "a = '" + "x".repeat(64 * 1024) + "'", "longer than 65536"),
                new Hostile("over 64 KiB of SELECT", true, SELECT + "a = 1 AND ".repeat(7_000) + "b = 2",
                        "longer than 65536"),
                new Hostile("huge number", false, "a = " + "9".repeat(200), "number too long"),
                new Hostile("deep LIKE groups", false, "a LIKE '" + "(".repeat(500) + "'", "groups nested deeper"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileInputs")
    void refusesHostileInput(Hostile h) {
        CimException e = assertThrows(CimException.class, () -> {
            if (h.select()) {
                SelectQuery.parse("WQL", h.text());
            } else {
                FqlQuery.parse("DMTF:FQL", h.text());
            }
        });
        assertEquals(CimStatus.INVALID_QUERY, e.status());
        assertTrue(e.getMessage().contains(h.message()), e.getMessage());
    }

    @Test
    void acceptsNestingUpToTheLimit() throws CimException {
        String ok = "(".repeat(100) + "BlockSize = 512" + ")".repeat(100);
        assertTrue(FqlQuery.parse("DMTF:FQL", ok).matches(SampleInstances.VOLUME));
        String notOk = "(".repeat(101) + "BlockSize = 512" + ")".repeat(101);
        assertThrows(CimException.class, () -> FqlQuery.parse("DMTF:FQL", notOk));
    }

    @Test
    void acceptsLongFlatConditions() throws CimException {
        // 3,000 ORed comparisons stay flat: no depth limit, no deep recursion when evaluated.
        String text = "BlockSize = 1 OR ".repeat(3_000) + "BlockSize = 512";
        assertTrue(text.length() < QueryParser.MAX_LENGTH);
        assertTrue(FqlQuery.parse("DMTF:FQL", text).matches(SampleInstances.VOLUME));
        String select = "SELECT * FROM CIM_StorageVolume WHERE " + "DeviceID <> 'x' AND ".repeat(2_000) + "IsThin = TRUE";
        assertTrue(SelectQuery.parse("WQL", select).matches(SampleInstances.VOLUME, SampleInstances.HIERARCHY));
    }

    @Test
    void acceptsTextOfExactlyTheLimit() throws CimException {
        String prefix = "a = '";
        String text = prefix + "x".repeat(QueryParser.MAX_LENGTH - prefix.length() - 1) + "'";
        assertEquals(QueryParser.MAX_LENGTH, text.length());
        FqlQuery.parse("DMTF:FQL", text);
    }
}
