package org.replicacim.storage;

import java.util.Random;

/** Deterministic test data. */
public final class Patterns {
    private Patterns() {
    }

    public static byte[] random(long seed, int length) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    public static byte[] filled(int value, int length) {
        byte[] data = new byte[length];
        java.util.Arrays.fill(data, (byte) value);
        return data;
    }
}
