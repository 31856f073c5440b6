package org.replicacim.security;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Our own mutation generator for CIM-XML requests: starting from golden request bodies it flips bits, plants
 * interesting bytes, deletes, duplicates and splices ranges, inserts XML- and CIM-specific tokens (entities, DTDs,
 * CDATA, huge numbers, bad UTF-8, deep nesting) and rewrites attribute values and numbers; a few cases also get
 * damaged CIM headers. Deterministic for a given seed, so a failing case can be replayed.
 */
public final class WireMutator {
    /** One seed: the body and the CIM headers that match it. */
    public record Seed(String name, byte[] body, String cimMethod, String cimObject) {
    }

    /** One generated request: head lines (without Content-Length) and body. */
    public record Case(String seed, List<String> headers, byte[] body, boolean chunked, String mutations) {
    }

    private static final String[] TOKENS = {
        "<!DOCTYPE CIM [<!ENTITY a \"bbbbbbbb\">]>", "&a;", "&amp;", "&#0;", "&#x1F600;", "&#xD800;", "&lt;",
        "<![CDATA[<VALUE>x</VALUE>]]>", "<?pi data?>", "<!-- c -->", "\u0000", "A".repeat(5000), "NAME=\"\"",
        "TYPE=\"uint64\"", "-1", "18446744073709551616", "99999999999999999999999999", "1e309", "NaN", "TRUE",
        "<VALUE>", "</VALUE>", "<VALUE.ARRAY>", "<VALUE.REFERENCE>", "<INSTANCENAME CLASSNAME=\"CIM_X\">",
        "<KEYBINDING NAME=\"K\">", "<IPARAMVALUE NAME=\"x\">", "root/interop", "MSISCSITARGET_StorageVolume",
        "\"", "'", "\u00c3(", "\ufeff", "20251301999999.999999+999", "<INSTANCE CLASSNAME=\"CIM_ReplicationSettingData\">",
        "EmbeddedObject=\"instance\"", "PARAMTYPE=\"reference\"", "xmlns:x=\"urn:x\"", "<x:CIM>", "]]>", "%00",
        "<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\">", "</SIMPLEREQ>", "<MULTIREQ>", "ó".repeat(100),
    };
    private static final String[] NUMBERS = {
        "0", "-1", "65535", "65536", "4294967296", "-9223372036854775809", "1.7976931348623157E309", "0x10", "07",
        " 1", "+1", "", "4096", "32768", "2147483648",
    };
    private static final byte[] BYTES = {0, (byte) 0xff, '<', '>', '&', '"', '\'', (byte) 0x80, (byte) 0xc0, '/', '=',
        ' ', '\n', ';'};

    private final List<Seed> seeds;
    private final Random random;

    /** A generator over the seeds with a fixed random seed. */
    public WireMutator(List<Seed> seeds, long randomSeed) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seeds");
        }
        this.seeds = List.copyOf(seeds);
        this.random = new Random(randomSeed);
    }

    /** The next case. */
    public Case next() {
        Seed seed = seeds.get(random.nextInt(seeds.size()));
        byte[] body = seed.body();
        StringBuilder applied = new StringBuilder();
        // half the cases get one mutation that keeps the XML well-formed more often than not (values, numbers, element
        // names), so that they reach the operation layer; the other half get up to four of any kind
        boolean gentle = random.nextBoolean();
        int rounds = gentle ? 1 : 1 + random.nextInt(4);
        int[] gentleOps = {6, 9, 10, 11};
        for (int i = 0; i < rounds; i++) {
            int op = gentle ? gentleOps[random.nextInt(gentleOps.length)] : random.nextInt(12);
            applied.append(op).append(' ');
            body = mutate(op, body);
        }
        // a mutation that found nothing to change (no digits, no such element) gets another go with any operation
        for (int tries = 0; tries < 3 && java.util.Arrays.equals(body, seed.body()); tries++) {
            int op = random.nextInt(12);
            applied.append(op).append(' ');
            body = mutate(op, body);
        }
        List<String> headers = new ArrayList<>(List.of("Content-Type: application/xml; charset=\"utf-8\"",
                "CIMProtocolVersion: 1.0", "CIMOperation: MethodCall", "CIMMethod: " + seed.cimMethod(),
                "CIMObject: " + seed.cimObject()));
        if (random.nextInt(10) == 0) {
            applied.append("h");
            mutateHeaders(headers);
        }
        if (random.nextInt(8) == 0) {
            headers.add("TE: trailers");
        }
        if (random.nextInt(8) == 0) {
            headers.add("Accept-Encoding: gzip");
        }
        return new Case(seed.name(), headers, body, random.nextInt(20) == 0, applied.toString().trim());
    }

    private byte[] mutate(int op, byte[] b) {
        if (b.length == 0) {
            return token().getBytes(StandardCharsets.UTF_8);
        }
        int at = random.nextInt(b.length);
        switch (op) {
            case 0: {
                byte[] c = b.clone();
                c[at] ^= (byte) (1 << random.nextInt(8));
                return c;
            }
            case 1: {
                byte[] c = b.clone();
                c[at] = BYTES[random.nextInt(BYTES.length)];
                return c;
            }
            case 2: {
                int len = Math.min(b.length - at, 1 + random.nextInt(32));
                return concat(slice(b, 0, at), slice(b, at + len, b.length));
            }
            case 3: {
                int len = Math.min(b.length - at, 1 + random.nextInt(256));
                int to = random.nextInt(b.length);
                return concat(slice(b, 0, to), slice(b, at, at + len), slice(b, to, b.length));
            }
            case 4:
                return concat(slice(b, 0, at), token().getBytes(StandardCharsets.UTF_8), slice(b, at, b.length));
            case 5:
                return slice(b, 0, at);
            case 6:
                return replaceQuoted(b);
            case 7: {
                byte[] other = seeds.get(random.nextInt(seeds.size())).body();
                int cut = other.length == 0 ? 0 : random.nextInt(other.length);
                return concat(slice(b, 0, at), slice(other, cut, other.length));
            }
            case 8:
                return nest(b);
            case 9:
                return replaceNumber(b);
            case 10:
                return swapTag(b);
            default:
                return replaceText(b);
        }
    }

    private String token() {
        return TOKENS[random.nextInt(TOKENS.length)];
    }

    /** Replaces one "…" attribute value with a token or nothing. */
    private byte[] replaceQuoted(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        List<int[]> spans = new ArrayList<>();
        for (int i = s.indexOf('"'); i >= 0 && spans.size() < 400; ) {
            int j = s.indexOf('"', i + 1);
            if (j < 0) {
                break;
            }
            spans.add(new int[] {i + 1, j});
            i = s.indexOf('"', j + 1);
        }
        if (spans.isEmpty()) {
            return b;
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        String value = random.nextBoolean() ? NUMBERS[random.nextInt(NUMBERS.length)]
                : new String(token().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        return (s.substring(0, span[0]) + value + s.substring(span[1])).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Replaces the text between two tags ({@code >…<}) with a token or an escaped token. */
    private byte[] replaceText(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        int gt = s.indexOf('>', random.nextInt(s.length()));
        if (gt < 0) {
            return b;
        }
        int lt = s.indexOf('<', gt);
        if (lt < 0) {
            return b;
        }
        String t = random.nextBoolean() ? NUMBERS[random.nextInt(NUMBERS.length)]
                : token().replace("&", "&amp;").replace("<", "&lt;");
        return (s.substring(0, gt + 1) + new String(t.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)
                + s.substring(lt)).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Wraps a random element's content in many copies of one tag (deep nesting). */
    private byte[] nest(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        int lt = s.indexOf('<', random.nextInt(s.length()));
        if (lt < 0) {
            return b;
        }
        String[] tags = {"VALUE.ARRAY", "INSTANCE", "VALUE", "IPARAMVALUE", "KEYVALUE", "x"};
        String tag = tags[random.nextInt(tags.length)];
        int depth = 1 + random.nextInt(random.nextBoolean() ? 10 : 200);
        return (s.substring(0, lt) + ("<" + tag + ">").repeat(depth) + ("</" + tag + ">").repeat(
                random.nextBoolean() ? depth : random.nextInt(depth + 1)) + s.substring(lt))
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Replaces one run of digits with an interesting number. */
    private byte[] replaceNumber(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        int start = -1;
        for (int tries = 0; tries < 20 && start < 0; tries++) {
            int i = random.nextInt(s.length());
            if (Character.isDigit(s.charAt(i))) {
                start = i;
            }
        }
        if (start < 0) {
            return b;
        }
        int end = start;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        while (start > 0 && Character.isDigit(s.charAt(start - 1))) {
            start--;
        }
        return (s.substring(0, start) + NUMBERS[random.nextInt(NUMBERS.length)] + s.substring(end))
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Renames one element name to another CIM-XML element name (structure kept, meaning broken). */
    private byte[] swapTag(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        String[] names = {"VALUE", "VALUE.ARRAY", "VALUE.REFERENCE", "INSTANCENAME", "INSTANCEPATH", "CLASSNAME",
            "KEYVALUE", "KEYBINDING", "PROPERTY", "PROPERTY.ARRAY", "IPARAMVALUE", "PARAMVALUE", "NAMESPACE",
            "LOCALNAMESPACEPATH", "INSTANCE", "CLASS", "QUALIFIER", "IMETHODCALL", "METHODCALL", "SIMPLEREQ"};
        String from = names[random.nextInt(names.length)];
        String to = names[random.nextInt(names.length)];
        int i = s.indexOf("<" + from, random.nextInt(s.length()));
        if (i < 0) {
            i = s.indexOf("<" + from);
        }
        if (i < 0) {
            return b;
        }
        return (s.substring(0, i + 1) + to + s.substring(i + 1 + from.length())).getBytes(StandardCharsets.ISO_8859_1);
    }

    private void mutateHeaders(List<String> headers) {
        int which = random.nextInt(headers.size());
        switch (random.nextInt(5)) {
            case 0 -> headers.remove(which);
            case 1 -> {
                String h = headers.get(which);
                int colon = h.indexOf(':');
                headers.set(which, h.substring(0, colon + 1) + " " + printable(random.nextInt(300)));
            }
            case 2 -> headers.add("CIMObject: " + printable(50));
            case 3 -> headers.add("CIMBatch: ");
            default -> headers.set(0, "Content-Type: application/xml; charset=\"" + printable(8) + "\"");
        }
    }

    private String printable(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) (0x21 + random.nextInt(0x7e - 0x21)));
        }
        return sb.toString();
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, Math.max(0, Math.min(from, b.length)), Math.max(0, Math.min(to, b.length)));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
