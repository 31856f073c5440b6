package org.replicacim.cim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CimValueTest {
    record Parse(String description, CimType type, String text, Object expected) {
        @Override
        public String toString() {
            return description;
        }
    }

    record Invalid(String description, CimType type, String text) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<Parse> validTexts() {
        return Stream.of(
                new Parse("boolean upper", CimType.BOOLEAN, "TRUE", true),
                new Parse("boolean mixed case with blanks", CimType.BOOLEAN, " False ", false),
                new Parse("uint8 max", CimType.UINT8, "255", (short) 255),
                new Parse("uint8 hex", CimType.UINT8, "0xff", (short) 255),
                new Parse("uint8 plus sign and zeros", CimType.UINT8, "+007", (short) 7),
                new Parse("sint8 min", CimType.SINT8, "-128", (byte) -128),
                new Parse("sint8 negative hex", CimType.SINT8, "-0x80", (byte) -128),
                new Parse("uint16 max", CimType.UINT16, "65535", 65535),
                new Parse("sint16 min", CimType.SINT16, "-32768", (short) -32768),
                new Parse("uint32 max", CimType.UINT32, "4294967295", 4294967295L),
                new Parse("sint32 min", CimType.SINT32, "-2147483648", Integer.MIN_VALUE),
                new Parse("uint64 max", CimType.UINT64, "18446744073709551615",
                        new BigInteger("18446744073709551615")),
                new Parse("sint64 min", CimType.SINT64, "-9223372036854775808", Long.MIN_VALUE),
                new Parse("real32", CimType.REAL32, "1.5", 1.5f),
                new Parse("real32 exponent without fraction", CimType.REAL32, "1e3", 1000f),
                new Parse("real64 INF", CimType.REAL64, "inf", Double.POSITIVE_INFINITY),
                new Parse("real64 -INF", CimType.REAL64, "-INF", Double.NEGATIVE_INFINITY),
                new Parse("real64 NaN", CimType.REAL64, "NaN", Double.NaN),
                new Parse("char16", CimType.CHAR16, "x", 'x'),
                new Parse("string keeps blanks", CimType.STRING, "  a b ", "  a b "),
                new Parse("datetime", CimType.DATETIME, "20251123141502.250000+060",
                        CimDateTime.parse("20251123141502.250000+060")));
    }

    static Stream<Invalid> invalidTexts() {
        return Stream.of(
                new Invalid("uint8 overflow", CimType.UINT8, "256"),
                new Invalid("uint8 negative", CimType.UINT8, "-1"),
                new Invalid("sint8 overflow", CimType.SINT8, "128"),
                new Invalid("uint16 overflow", CimType.UINT16, "65536"),
                new Invalid("uint32 overflow", CimType.UINT32, "4294967296"),
                new Invalid("uint64 overflow", CimType.UINT64, "18446744073709551616"),
                new Invalid("sint64 overflow", CimType.SINT64, "9223372036854775808"),
                new Invalid("integer with letters", CimType.UINT32, "12a"),
                new Invalid("integer empty", CimType.UINT32, ""),
                new Invalid("boolean yes", CimType.BOOLEAN, "yes"),
                new Invalid("real hex", CimType.REAL64, "0x1p3"),
                new Invalid("real with suffix", CimType.REAL64, "1.0f"),
                new Invalid("real32 overflow", CimType.REAL32, "1e39"),
                new Invalid("char16 two chars", CimType.CHAR16, "ab"),
                new Invalid("char16 empty", CimType.CHAR16, ""),
                new Invalid("datetime short", CimType.DATETIME, "2025112314"),
                new Invalid("datetime bad month", CimType.DATETIME, "20251323141502.000000+000"),
                new Invalid("datetime inner asterisk", CimType.DATETIME, "2025**23141502.000000+000"));
    }

    @ParameterizedTest
    @MethodSource("validTexts")
    void parsesValidText(Parse c) {
        assertEquals(c.expected(), CimValue.parseScalar(c.type(), c.text()));
    }

    @ParameterizedTest
    @MethodSource("invalidTexts")
    void rejectsInvalidText(Invalid c) {
        assertThrows(IllegalArgumentException.class, () -> CimValue.parseScalar(c.type(), c.text()));
    }

    @Test
    void formatsCanonically() {
        assertEquals("TRUE", CimValue.formatScalar(CimType.BOOLEAN, true));
        assertEquals("INF", CimValue.formatScalar(CimType.REAL64, Double.POSITIVE_INFINITY));
        assertEquals("-INF", CimValue.formatScalar(CimType.REAL32, Float.NEGATIVE_INFINITY));
        assertEquals("NaN", CimValue.formatScalar(CimType.REAL64, Double.NaN));
        assertEquals("1.0E-5", CimValue.formatScalar(CimType.REAL64, 1.0E-5));
        assertEquals("255", CimValue.formatScalar(CimType.UINT8, (short) 255));
    }

    @Test
    void rangeChecksOnConstruction() {
        assertThrows(IllegalArgumentException.class, () -> CimValue.uint8(256));
        assertThrows(IllegalArgumentException.class, () -> CimValue.uint16(-1));
        assertThrows(IllegalArgumentException.class, () -> CimValue.of(CimType.STRING, 5));
        assertEquals(CimValue.uint16(7), CimValue.of(CimType.UINT16, 7L));
    }

    @Test
    void embeddedValuesHoldInstances() {
        CimInstance i = CimInstance.builder("CIM_ReplicationSettingData")
                .property("ElementName", CimValue.string("x")).build();
        CimValue v = CimValue.embedded(CimValue.Embedded.INSTANCE, i);
        assertEquals(i, v.asInstance());
        assertEquals(CimType.STRING, v.type());
        assertThrows(IllegalArgumentException.class, () -> CimValue.embedded(CimValue.Embedded.INSTANCE, "text"));
    }
}
