package org.replicacim.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WireMutatorTest {
    private static final List<WireMutator.Seed> SEEDS = List.of(new WireMutator.Seed("s",
            ("<?xml version=\"1.0\"?><CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"1\" PROTOCOLVERSION=\"1.0\">"
                    + "<SIMPLEREQ><IMETHODCALL NAME=\"GetClass\"><LOCALNAMESPACEPATH><NAMESPACE NAME=\"root\"/>"
                    + "</LOCALNAMESPACEPATH><IPARAMVALUE NAME=\"ClassName\"><CLASSNAME NAME=\"CIM_X\"/>"
                    + "</IPARAMVALUE></IMETHODCALL></SIMPLEREQ></MESSAGE></CIM>").getBytes(StandardCharsets.UTF_8),
            "GetClass", "root"));

    @Test
    void theSameSeedGivesTheSameCasesSoFailuresReplay() {
        WireMutator a = new WireMutator(SEEDS, 42);
        WireMutator b = new WireMutator(SEEDS, 42);
        for (int i = 0; i < 500; i++) {
            WireMutator.Case x = a.next();
            WireMutator.Case y = b.next();
            assertArrayEquals(x.body(), y.body());
            assertEquals(x.headers(), y.headers());
        }
    }

    @Test
    void casesDifferFromTheSeedAndFromEachOther() {
        WireMutator m = new WireMutator(SEEDS, 7);
        Set<String> bodies = new HashSet<>();
        int changed = 0;
        for (int i = 0; i < 1000; i++) {
            WireMutator.Case c = m.next();
            String body = new String(c.body(), StandardCharsets.ISO_8859_1);
            bodies.add(body);
            if (!java.util.Arrays.equals(c.body(), SEEDS.get(0).body())) {
                changed++;
            }
            c.headers().forEach(h -> assertTrue(h.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f), h));
        }
        assertTrue(changed > 950, changed + " of 1000 changed");
        assertTrue(bodies.size() > 900, bodies.size() + " distinct bodies");
    }
}
