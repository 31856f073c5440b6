package org.replicacim.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decoding of the CIMMethod and CIMObject header values and their comparison with the body (protocol reference §1.4):
 * lenient percent-decoding, strict UTF-8, namespaces and class names compared without case, key names as an unordered
 * set. Key values are not compared, because the clients format them inconsistently.
 */
final class CimObjectHeader {
    private CimObjectHeader() {
    }

    /**
     * Percent-decodes a header value to octets and decodes them as UTF-8. A {@code %} not followed by two hex digits
     * stays literal, {@code +} stays {@code +}. Returns null when the octets are not valid UTF-8.
     */
    static String decode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        byte[] octets = new byte[value.length() * 3];
        int n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            int hi;
            int lo;
            if (c == '%' && i + 2 < value.length() && (hi = hex(value.charAt(i + 1))) >= 0
                    && (lo = hex(value.charAt(i + 2))) >= 0) {
                octets[n++] = (byte) (hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                octets[n++] = (byte) c;
            } else {
                // a raw non-ASCII character (lenient): its UTF-8 octets
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(b, 0, octets, n, b.length);
                n += b.length;
            }
        }
        if (ascii(octets, n)) {
            return new String(octets, 0, n, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(octets, 0, n)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean ascii(byte[] octets, int n) {
        for (int i = 0; i < n; i++) {
            if (octets[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /** Strips leading and trailing slashes from a namespace. */
    static String trimSlashes(String ns) {
        int start = 0;
        int end = ns.length();
        while (start < end && ns.charAt(start) == '/') {
            start++;
        }
        while (end > start && ns.charAt(end - 1) == '/') {
            end--;
        }
        return ns.substring(start, end);
    }

    /**
     * Compares a decoded CIMObject value of an intrinsic call with the body's namespace; returns null when they agree,
     * else the reason they do not.
     */
    static String mismatchIntrinsic(String header, String bodyNamespace) {
        String ns = trimSlashes(header.trim());
        if (!ns.equalsIgnoreCase(trimSlashes(bodyNamespace))) {
            return "CIMObject names namespace '" + ns + "' but the body targets '" + bodyNamespace + "'";
        }
        return null;
    }

    /**
     * Compares a decoded CIMObject value of a method call ({@code ns:Class} or {@code ns:Class.k1=v1,…}) with the
     * body's target: namespace and class without case, key names as a set without case. Returns null when they agree.
     */
    static String mismatchExtrinsic(String header, String bodyNamespace, String bodyClass, Map<String, String> bodyKeys) {
        String h = header.trim();
        int colon = h.indexOf(':');
        if (colon < 0) {
            return "CIMObject '" + h + "' names no class for the method call";
        }
        String ns = trimSlashes(h.substring(0, colon).trim());
        String rest = h.substring(colon + 1);
        int dot = rest.indexOf('.');
        String cls = (dot < 0 ? rest : rest.substring(0, dot)).trim();
        if (!ns.equalsIgnoreCase(trimSlashes(bodyNamespace))) {
            return "CIMObject names namespace '" + ns + "' but the body targets '" + bodyNamespace + "'";
        }
        if (!cls.equalsIgnoreCase(bodyClass)) {
            return "CIMObject names class '" + cls + "' but the body targets '" + bodyClass + "'";
        }
        Set<String> headerKeys = dot < 0 ? Set.of() : keyNames(rest.substring(dot + 1));
        if (headerKeys == null) {
            return "CIMObject key list cannot be parsed: '" + rest.substring(dot + 1) + "'";
        }
        Set<String> expected = new HashSet<>();
        for (String k : bodyKeys.keySet()) {
            expected.add(k.toLowerCase(Locale.ROOT));
        }
        if (!headerKeys.equals(expected)) {
            return "CIMObject key names " + headerKeys + " differ from the body's " + expected;
        }
        return null;
    }

    /** The key names (lower case) of a {@code k1="v",k2=5} list, quoted values with backslash escapes; null if broken. */
    static Set<String> keyNames(String keys) {
        Set<String> names = new HashSet<>();
        int i = 0;
        int n = keys.length();
        while (i < n) {
            int eq = keys.indexOf('=', i);
            if (eq < 0) {
                return null;
            }
            String name = keys.substring(i, eq).trim();
            if (name.isEmpty()) {
                return null;
            }
            names.add(name.toLowerCase(Locale.ROOT));
            int j = eq + 1;
            if (j < n && keys.charAt(j) == '"') {
                j++;
                while (j < n && keys.charAt(j) != '"') {
                    j += keys.charAt(j) == '\\' ? 2 : 1;
                }
                if (j >= n) {
                    return null;
                }
                j++;
                while (j < n && keys.charAt(j) == ' ') {
                    j++;
                }
                if (j < n && keys.charAt(j) != ',') {
                    return null;
                }
            } else {
                while (j < n && keys.charAt(j) != ',') {
                    j++;
                }
            }
            i = j + 1;
        }
        return names;
    }
}
