package org.replicacim.client;

import java.nio.charset.StandardCharsets;

/** Encodes CIMMethod/CIMObject header values as DSP0200 asks: UTF-8 octets, then {@code %HH} for unsafe ones. */
final class HeaderEncoding {
    private HeaderEncoding() {
    }

    /** Keeps {@code A–Z a–z 0–9 - _ . / *} (what the SBLIM client keeps) and percent-encodes every other octet. */
    static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '/' || c == '*') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return sb.toString();
    }
}
