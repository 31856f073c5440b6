package org.replicacim.cim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CimDateTimeTest {
    static Stream<String> valid() {
        return Stream.of("20251123141502.250000+060", "20251123141502.250000-300", "00000001020304.000000:000",
                "20251123******.******+000", "20251123141502.25****+000", "0000000002****.******:000",
                "99991231235959.999999+999");
    }

    static Stream<String> invalid() {
        return Stream.of("2025**23141502.000000+000", "20251123141502.000000+0600", "20251123141502,000000+000",
                "20251123141502.000000*000", "00000001020304.000000:060", "20251123246000.000000+000",
                "20251100000000.000000+000", "2025112314150X.000000+000", "");
    }

    @ParameterizedTest
    @MethodSource("valid")
    void roundTripsValidForms(String s) {
        assertEquals(s, CimDateTime.parse(s).toString());
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void rejectsInvalidForms(String s) {
        assertThrows(IllegalArgumentException.class, () -> CimDateTime.parse(s));
    }

    @Test
    void convertsTimestampsAndIntervals() {
        OffsetDateTime t = OffsetDateTime.of(2025, 11, 23, 14, 15, 2, 250_000_000, ZoneOffset.ofHours(1));
        CimDateTime d = CimDateTime.of(t);
        assertEquals("20251123141502.250000+060", d.toString());
        assertEquals(t.toInstant(), d.toInstant());
        assertEquals("20251123131502.250000+000", CimDateTime.of(t.toInstant()).toString());
        CimDateTime i = CimDateTime.interval(Duration.ofDays(1).plusHours(2).plusMinutes(3).plusSeconds(4));
        assertEquals("00000001020304.000000:000", i.toString());
        assertTrue(i.isInterval());
        assertEquals(Duration.ofSeconds(93784), i.toDuration());
        assertEquals(Instant.EPOCH, CimDateTime.parse("19700101000000.000000+000").toInstant());
    }
}
