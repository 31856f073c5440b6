package org.replicacim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CimObjectHeaderTest {

    @Test
    void percentDecodingIsLenientAndUtf8IsStrict() {
        assertEquals("root/cimv2", CimObjectHeader.decode("root%2Fcimv2"));
        assertEquals("root/cimv2", CimObjectHeader.decode("root%2fcimv2"));
        assertEquals("plain", CimObjectHeader.decode("plain"));
        assertEquals("a+b", CimObjectHeader.decode("a+b"), "+ is not a space in CIM headers");
        assertEquals("100%", CimObjectHeader.decode("100%"), "a lone % stays literal");
        assertEquals("%zz/", CimObjectHeader.decode("%zz%2F"), "% without two hex digits stays literal");
        assertEquals("Ké:x", CimObjectHeader.decode("K%C3%A9%3Ax"), "octets are UTF-8");
        assertEquals("é/", CimObjectHeader.decode("é%2F"), "raw non-ASCII characters are taken as they are");
        assertNull(CimObjectHeader.decode("%FF%2F"), "octets that are not UTF-8");
        assertNull(CimObjectHeader.decode("%C3"), "a truncated UTF-8 sequence");
    }

    @Test
    void extrinsicTargetsCompareWithoutCaseAndKeysAsASet() {
        assertNull(CimObjectHeader.mismatchExtrinsic("/root/CIMV2:cim_x.B=\"1\",a=2", "root/cimv2", "CIM_X",
                Map.of("A", "2", "b", "1")));
        assertEquals(Set.of("a", "b"), CimObjectHeader.keyNames("A=\"x,\\\"y\",b=5"));
        assertNull(CimObjectHeader.keyNames("a=\"unterminated"));
    }
}
