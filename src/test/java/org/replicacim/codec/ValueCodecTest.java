package org.replicacim.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.replicacim.cim.CimDateTime;
import org.replicacim.cim.CimStatus;
import org.replicacim.cim.CimType;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.IntrinsicRequest;

/** Every CIM type on the wire, valid and invalid text, as PROPERTY values, array elements and KEYVALUEs. */
class ValueCodecTest {

    /** A value case: CIM type, wire text, and either the expected value or the expected status. */
    record ValueCase(String description, CimType type, String text, CimValue expected, CimStatus status) {
        @Override
        public String toString() {
            return description;
        }
    }

    static ValueCase ok(String d, CimType t, String text, Object v) {
        return new ValueCase(d, t, text, v == null ? CimValue.nullValue(t, false) : CimValue.of(t, v), null);
    }

    static ValueCase bad(String d, CimType t, String text) {
        return new ValueCase(d, t, text, null, CimStatus.INVALID_PARAMETER);
    }

    static Stream<ValueCase> scalars() {
        return Stream.of(
            ok("boolean TRUE", CimType.BOOLEAN, "TRUE", true),
            ok("boolean lower case", CimType.BOOLEAN, "true", true),
            ok("boolean mixed case with blanks", CimType.BOOLEAN, " False ", false),
            ok("boolean empty is NULL", CimType.BOOLEAN, "", null),
            bad("boolean yes", CimType.BOOLEAN, "yes"),
            ok("string keeps blanks", CimType.STRING, "  a  b  ", "  a  b  "),
            ok("string empty", CimType.STRING, "", ""),
            ok("string with entities", CimType.STRING, "a &amp; b &lt;c&gt; &quot;q&quot;", "a & b <c> \"q\""),
            ok("string CR as reference", CimType.STRING, "a&#13;b", "a\rb"),
            ok("string non-ASCII", CimType.STRING, "Größe ✓ 𝄞", "Größe ✓ 𝄞"),
            ok("char16", CimType.CHAR16, "x", 'x'),
            bad("char16 empty", CimType.CHAR16, ""),
            bad("char16 two characters", CimType.CHAR16, "xy"),
            ok("uint8 zero", CimType.UINT8, "0", 0),
            ok("uint8 max", CimType.UINT8, "255", 255),
            ok("uint8 plus sign", CimType.UINT8, "+7", 7),
            ok("uint8 hex", CimType.UINT8, "0x1F", 31),
            ok("uint8 leading zeros", CimType.UINT8, "007", 7),
            ok("uint8 blanks", CimType.UINT8, " 12 ", 12),
            bad("uint8 256", CimType.UINT8, "256"),
            bad("uint8 negative", CimType.UINT8, "-1"),
            bad("uint8 letters", CimType.UINT8, "abc"),
            bad("uint8 empty", CimType.UINT8, ""),
            ok("sint8 min", CimType.SINT8, "-128", -128),
            ok("sint8 max", CimType.SINT8, "127", 127),
            bad("sint8 128", CimType.SINT8, "128"),
            ok("uint16 max", CimType.UINT16, "65535", 65535),
            bad("uint16 65536", CimType.UINT16, "65536"),
            ok("sint16 min", CimType.SINT16, "-32768", -32768),
            bad("sint16 32768", CimType.SINT16, "32768"),
            ok("uint32 max", CimType.UINT32, "4294967295", 4294967295L),
            bad("uint32 2^32", CimType.UINT32, "4294967296"),
            ok("sint32 min", CimType.SINT32, "-2147483648", Integer.MIN_VALUE),
            bad("sint32 2^31", CimType.SINT32, "2147483648"),
            ok("uint64 max", CimType.UINT64, "18446744073709551615", new BigInteger("18446744073709551615")),
            bad("uint64 2^64", CimType.UINT64, "18446744073709551616"),
            ok("sint64 min", CimType.SINT64, "-9223372036854775808", Long.MIN_VALUE),
            bad("sint64 2^63", CimType.SINT64, "9223372036854775808"),
            ok("real32", CimType.REAL32, "1.5", 1.5f),
            ok("real32 exponent without fraction", CimType.REAL32, "1e3", 1000f),
            ok("real32 INF", CimType.REAL32, "INF", Float.POSITIVE_INFINITY),
            ok("real32 -inf any case", CimType.REAL32, "-inf", Float.NEGATIVE_INFINITY),
            ok("real32 NaN", CimType.REAL32, "NaN", Float.NaN),
            bad("real32 out of range", CimType.REAL32, "1e39"),
            bad("real32 hex float", CimType.REAL32, "0x1p3"),
            bad("real32 Java suffix", CimType.REAL32, "1.0f"),
            ok("real64 max", CimType.REAL64, "1.7976931348623157E308", Double.MAX_VALUE),
            ok("real64 integer form", CimType.REAL64, "5", 5.0),
            bad("real64 overflow", CimType.REAL64, "1e400"),
            bad("real64 letters", CimType.REAL64, "abc"),
            ok("datetime timestamp", CimType.DATETIME, "20251123141502.250000+060",
                CimDateTime.parse("20251123141502.250000+060")),
            ok("datetime interval", CimType.DATETIME, "00000001020304.000000:000",
                CimDateTime.parse("00000001020304.000000:000")),
            ok("datetime wildcards", CimType.DATETIME, "20251123******.******+000",
                CimDateTime.parse("20251123******.******+000")),
            bad("datetime wildcard in the middle", CimType.DATETIME, "2025**23141502.000000+000"),
            bad("datetime month 13", CimType.DATETIME, "20251323141502.000000+000"),
            bad("datetime too short", CimType.DATETIME, "2025"),
            bad("datetime bad sign", CimType.DATETIME, "20251123141502.000000*000"));
    }

    static String newInstance(String property) {
        return Wire.imethod("CreateInstance", "<IPARAMVALUE NAME=\"NewInstance\"><INSTANCE CLASSNAME=\"T_V\">"
                + property + "</INSTANCE></IPARAMVALUE>");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scalars")
    void propertyValue(ValueCase c) {
        Wire.Outcome o = Wire.readRequest(newInstance("<PROPERTY NAME=\"P\" TYPE=\"" + c.type().wireName() + "\"><VALUE>"
                + c.text() + "</VALUE></PROPERTY>"));
        check(c, o, o.ok() ? ((IntrinsicRequest.CreateInstance) o.value()).newInstance().value("P") : null);
        if (!o.ok()) {
            assertTrue(o.message().contains("PROPERTY 'P'"), "message names the element: " + o.message());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scalars")
    void arrayElement(ValueCase c) {
        Wire.Outcome o = Wire.readRequest(newInstance("<PROPERTY.ARRAY NAME=\"A\" TYPE=\"" + c.type().wireName()
                + "\"><VALUE.ARRAY><VALUE>" + c.text() + "</VALUE><VALUE.NULL/></VALUE.ARRAY></PROPERTY.ARRAY>"));
        CimValue expected = c.expected() == null ? null
                : CimValue.array(c.type(), Arrays.asList(c.expected().value(), null));
        check(new ValueCase(c.description(), c.type(), c.text(), expected, c.status()), o,
                o.ok() ? ((IntrinsicRequest.CreateInstance) o.value()).newInstance().value("A") : null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scalars")
    void typedKeyValue(ValueCase c) {
        if (c.type() == CimType.BOOLEAN && c.text().isEmpty()) {
            return; // an empty boolean key is not a NULL: keys cannot be NULL (covered by keyValues)
        }
        Wire.Outcome o = Wire.readRequest(Wire.imethod("GetInstance", "<IPARAMVALUE NAME=\"InstanceName\">"
                + "<INSTANCENAME CLASSNAME=\"T_V\"><KEYBINDING NAME=\"K\"><KEYVALUE TYPE=\"" + c.type().wireName() + "\">"
                + c.text() + "</KEYVALUE></KEYBINDING></INSTANCENAME></IPARAMVALUE>"));
        check(c, o, o.ok() ? ((IntrinsicRequest.GetInstance) o.value()).instanceName().key("K") : null);
    }

    /** KEYVALUE as wbemcli and old clients send it: VALUETYPE only, or nothing. */
    record KeyCase(String description, String attributes, String text, CimValue expected, CimStatus status) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<KeyCase> keyValues() {
        return Stream.of(
            new KeyCase("no attributes: string", "", "vol-7", CimValue.string("vol-7"), null),
            new KeyCase("VALUETYPE string", " VALUETYPE=\"string\"", "123", CimValue.string("123"), null),
            new KeyCase("VALUETYPE boolean lower case", " VALUETYPE=\"boolean\"", "true", CimValue.bool(true), null),
            new KeyCase("VALUETYPE numeric positive → uint64", " VALUETYPE=\"numeric\"", "5", CimValue.uint64(5), null),
            new KeyCase("VALUETYPE numeric negative → sint64", " VALUETYPE=\"numeric\"", "-5", CimValue.sint64(-5), null),
            new KeyCase("VALUETYPE numeric with '.' → real64", " VALUETYPE=\"numeric\"", "1.5", CimValue.real64(1.5), null),
            new KeyCase("VALUETYPE numeric with 'e' → real64", " VALUETYPE=\"numeric\"", "1e3", CimValue.real64(1000), null),
            new KeyCase("VALUETYPE numeric hex → uint64", " VALUETYPE=\"numeric\"", "0x1e", CimValue.uint64(30), null),
            new KeyCase("VALUETYPE numeric not a number", " VALUETYPE=\"numeric\"", "abc", null, CimStatus.INVALID_PARAMETER),
            new KeyCase("VALUETYPE boolean not a boolean", " VALUETYPE=\"boolean\"", "maybe", null, CimStatus.INVALID_PARAMETER),
            new KeyCase("TYPE wins over VALUETYPE", " VALUETYPE=\"string\" TYPE=\"uint16\"", "7", CimValue.uint16(7), null),
            new KeyCase("TYPE empty → VALUETYPE", " VALUETYPE=\"numeric\" TYPE=\"\"", "7", CimValue.uint64(7), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyValues")
    void untypedKeyValue(KeyCase c) {
        Wire.Outcome o = Wire.readRequest(Wire.imethod("GetInstance", "<IPARAMVALUE NAME=\"InstanceName\">"
                + "<INSTANCENAME CLASSNAME=\"T_V\"><KEYBINDING NAME=\"K\"><KEYVALUE" + c.attributes() + ">"
                + c.text() + "</KEYVALUE></KEYBINDING></INSTANCENAME></IPARAMVALUE>"));
        check(new ValueCase(c.description(), null, c.text(), c.expected(), c.status()), o,
                o.ok() ? ((IntrinsicRequest.GetInstance) o.value()).instanceName().key("K") : null);
    }

    @org.junit.jupiter.api.Test
    void referenceKeyValue() {
        Wire.Outcome o = Wire.readRequest(Wire.imethod("GetInstance", "<IPARAMVALUE NAME=\"InstanceName\">"
                + "<INSTANCENAME CLASSNAME=\"T_A\"><KEYBINDING NAME=\"Ref\"><VALUE.REFERENCE><INSTANCEPATH><NAMESPACEPATH>"
                + "<HOST>h</HOST>" + Wire.NS + "</NAMESPACEPATH><INSTANCENAME CLASSNAME=\"T_V\"><KEYBINDING NAME=\"K\">"
                + "<KEYVALUE>v</KEYVALUE></KEYBINDING></INSTANCENAME></INSTANCEPATH></VALUE.REFERENCE></KEYBINDING>"
                + "</INSTANCENAME></IPARAMVALUE>"));
        assertTrue(o.ok(), o.toString());
        ObjectPath ref = ((IntrinsicRequest.GetInstance) o.value()).instanceName().key("Ref").asReference();
        assertEquals(ObjectPath.parse("/root/cimv2:T_V.K=\"v\""), ref);
        assertEquals("h", ref.host());
    }

    private static void check(ValueCase c, Wire.Outcome o, CimValue actual) {
        if (c.status() != null) {
            assertEquals(c.status(), o.status(), c + " → " + o);
            return;
        }
        assertTrue(o.ok(), c + " → " + o);
        assertEquals(c.expected(), actual, c.toString());
    }
}
