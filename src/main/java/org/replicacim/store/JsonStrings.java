package org.replicacim.store;

import java.util.ArrayList;
import java.util.List;

/** A list of strings as a JSON array of strings, the one JSON shape the job table needs. */
final class JsonStrings {
    private JsonStrings() {
    }

    static String encode(List<String> values) {
        StringBuilder sb = new StringBuilder().append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            quote(values.get(i), sb);
        }
        return sb.append(']').toString();
    }

    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    static List<String> decode(String json) {
        List<String> out = new ArrayList<>();
        int i = skip(json, 0);
        expect(json, i, '[');
        i = skip(json, i + 1);
        if (i < json.length() && json.charAt(i) == ']') {
            return out;
        }
        while (true) {
            expect(json, i, '"');
            StringBuilder sb = new StringBuilder();
            i++;
            while (true) {
                if (i >= json.length()) {
                    throw bad(json, "unterminated string");
                }
                char c = json.charAt(i++);
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    if (i >= json.length()) {
                        throw bad(json, "unterminated escape");
                    }
                    char e = json.charAt(i++);
                    switch (e) {
                        case '"', '\\', '/' -> sb.append(e);
                        case 'n' -> sb.append('\n');
                        case 'r' -> sb.append('\r');
                        case 't' -> sb.append('\t');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'u' -> {
                            if (i + 4 > json.length()) {
                                throw bad(json, "short \\u escape");
                            }
                            sb.append((char) Integer.parseInt(json.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> throw bad(json, "unknown escape \\" + e);
                    }
                } else {
                    sb.append(c);
                }
            }
            out.add(sb.toString());
            i = skip(json, i);
            if (i < json.length() && json.charAt(i) == ',') {
                i = skip(json, i + 1);
                continue;
            }
            expect(json, i, ']');
            if (skip(json, i + 1) != json.length()) {
                throw bad(json, "text after the array");
            }
            return out;
        }
    }

    private static int skip(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static void expect(String s, int i, char c) {
        if (i >= s.length() || s.charAt(i) != c) {
            throw bad(s, "expected '" + c + "' at " + i);
        }
    }

    private static StoreException bad(String json, String why) {
        return new StoreException("stored string list is not a JSON array of strings (" + why + "): "
                + (json.length() > 80 ? json.substring(0, 80) + "…" : json));
    }
}
