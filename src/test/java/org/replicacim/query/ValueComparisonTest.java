package org.replicacim.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.replicacim.cim.CimDateTime;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimValue;

class ValueComparisonTest {

    /** A property value, an operator, a literal and the expected truth. */
    record Case(String description, CimValue property, ComparisonOperator op, QueryValue literal, Truth expected) {
        @Override
        public String toString() {
            return description;
        }
    }

    private static QueryValue integer(long v) {
        return QueryValue.literalInteger(BigInteger.valueOf(v));
    }

    private static QueryValue real(String v) {
        return QueryValue.literalReal(new BigDecimal(v));
    }

    private static QueryValue string(String v) {
        return QueryValue.literalString(v);
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("sint8 = integer", CimValue.sint8(-128), ComparisonOperator.EQ, integer(-128), Truth.TRUE),
                new Case("uint16 < integer", CimValue.uint16(65535), ComparisonOperator.LT, integer(65536), Truth.TRUE),
                new Case("uint32 > integer", CimValue.uint32(4294967295L), ComparisonOperator.GT, integer(0), Truth.TRUE),
                new Case("sint64 min", CimValue.sint64(Long.MIN_VALUE), ComparisonOperator.LE, integer(Long.MIN_VALUE),
                        Truth.TRUE),
                new Case("uint64 beyond long", CimValue.uint64(new BigInteger("18446744073709551615")),
                        ComparisonOperator.GT, integer(Long.MAX_VALUE), Truth.TRUE),
                new Case("real32 exact decimal", CimValue.real32(2.5f), ComparisonOperator.EQ, real("2.5"), Truth.TRUE),
                new Case("real64 vs integer", CimValue.real64(3.0), ComparisonOperator.EQ, integer(3), Truth.TRUE),
                new Case("real64 NaN = is unknown", CimValue.real64(Double.NaN), ComparisonOperator.EQ, real("1"),
                        Truth.UNKNOWN),
                new Case("real64 NaN <> is unknown", CimValue.real64(Double.NaN), ComparisonOperator.NE, real("1"),
                        Truth.UNKNOWN),
                new Case("real64 +INF > any", CimValue.real64(Double.POSITIVE_INFINITY), ComparisonOperator.GT,
                        real("1e300"), Truth.TRUE),
                new Case("real64 -INF < any", CimValue.real64(Double.NEGATIVE_INFINITY), ComparisonOperator.LT,
                        integer(Long.MIN_VALUE), Truth.TRUE),
                new Case("string vs integer is unknown", CimValue.string("5"), ComparisonOperator.EQ, integer(5),
                        Truth.UNKNOWN),
                new Case("string order is by code point", CimValue.string("B"), ComparisonOperator.LT, string("a"),
                        Truth.TRUE),
                new Case("empty string", CimValue.string(""), ComparisonOperator.EQ, string(""), Truth.TRUE),
                new Case("char16 vs string", CimValue.char16('x'), ComparisonOperator.EQ, string("x"), Truth.TRUE),
                new Case("boolean vs boolean", CimValue.bool(false), ComparisonOperator.NE, QueryValue.literalBoolean(true),
                        Truth.TRUE),
                new Case("boolean vs 'false'", CimValue.bool(false), ComparisonOperator.EQ, string(" False "),
                        Truth.TRUE),
                new Case("boolean vs 'yes'", CimValue.bool(true), ComparisonOperator.EQ, string("yes"), Truth.UNKNOWN),
                new Case("integer vs ' 42 '", CimValue.uint8(42), ComparisonOperator.EQ, string(" 42 "), Truth.TRUE),
                new Case("datetime wildcard", CimValue.datetime(CimDateTime.parse("20240101120000.******+000")),
                        ComparisonOperator.EQ, string("20240101120000.000000+000"), Truth.TRUE),
                new Case("datetime other offset", CimValue.datetime(CimDateTime.parse("20240101120000.000000-060")),
                        ComparisonOperator.GT, string("20240101120000.000000+000"), Truth.TRUE),
                new Case("interval order", CimValue.datetime(CimDateTime.parse("00000002000000.000000:000")),
                        ComparisonOperator.GE, string("00000001235959.999999:000"), Truth.TRUE),
                new Case("NULL value", CimValue.nullValue(org.replicacim.cim.CimType.UINT8, false),
                        ComparisonOperator.NE, integer(1), Truth.UNKNOWN),
                new Case("NULL literal", CimValue.uint8(1), ComparisonOperator.EQ, QueryValue.NULL, Truth.UNKNOWN),
                new Case("array = array literal", CimValue.uint16Array(1, 2), ComparisonOperator.EQ,
                        QueryValue.literalArray(java.util.List.of(integer(1), integer(2))), Truth.TRUE),
                new Case("array <> array literal", CimValue.uint16Array(1, 2), ComparisonOperator.NE,
                        QueryValue.literalArray(java.util.List.of(integer(1), integer(3))), Truth.TRUE),
                new Case("array vs scalar", CimValue.uint16Array(1), ComparisonOperator.EQ, integer(1), Truth.UNKNOWN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void compares(Case c) {
        assertEquals(c.expected(), ValueComparison.compare(QueryValue.ofCim(c.property()), c.op(), c.literal()));
    }

    @Test
    void missingPropertyIsNull() {
        assertTrue(QueryValue.ofCim(null).isNull());
    }

    @Test
    void threeValuedLogicTables() {
        assertEquals(Truth.UNKNOWN, Truth.UNKNOWN.not());
        assertEquals(Truth.FALSE, Truth.UNKNOWN.and(Truth.FALSE));
        assertEquals(Truth.UNKNOWN, Truth.UNKNOWN.and(Truth.TRUE));
        assertEquals(Truth.TRUE, Truth.UNKNOWN.or(Truth.TRUE));
        assertEquals(Truth.UNKNOWN, Truth.UNKNOWN.or(Truth.FALSE));
        assertEquals(Truth.TRUE, Truth.TRUE.and(Truth.TRUE));
        assertEquals(Truth.FALSE, Truth.FALSE.or(Truth.FALSE));
    }

    @Test
    void hierarchyIsAIncludesTheClassItself() {
        CimName volume = CimName.of("CIM_StorageVolume");
        assertTrue(ClassHierarchy.EXACT_ONLY.isA(volume, CimName.of("cim_storagevolume")));
        assertFalse(ClassHierarchy.EXACT_ONLY.isA(volume, CimName.of("CIM_ManagedElement")));
        assertTrue(SampleInstances.HIERARCHY.isA(CimName.of("RCIM_StorageVolume"), CimName.of("CIM_ManagedElement")));
        assertFalse(SampleInstances.HIERARCHY.isA(CimName.of("CIM_ManagedElement"), CimName.of("RCIM_StorageVolume")));
    }
}
