package org.replicacim.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkBitmapTest {
    @TempDir
    Path dir;

    @Test
    void durableChangesAreOnDiskWithoutACheckpoint() throws Exception {
        Path file = dir.resolve("map");
        try (ChunkBitmap map = ChunkBitmap.create(file, 1000, false)) {
            map.setDurably(3);
            map.setAllDurably(new int[] {64, 65, 999}, 3);
            map.set(500); // memory only
        }
        try (ChunkBitmap reopened = ChunkBitmap.open(file, 1000)) {
            assertTrue(reopened.get(3));
            assertTrue(reopened.get(64) && reopened.get(65) && reopened.get(999));
            assertFalse(reopened.get(500), "in-memory change is not durable before a checkpoint");
            assertEquals(4, reopened.cardinality());
        }
    }

    @Test
    void clearDurablyAndCheckpointPersist() throws Exception {
        Path file = dir.resolve("map");
        try (ChunkBitmap map = ChunkBitmap.create(file, 130, true)) {
            assertEquals(130, map.cardinality());
            map.clearDurably(0);
            map.clearAllDurably(new int[] {129}, 1);
            map.clear(5);
            map.checkpoint();
        }
        try (ChunkBitmap reopened = ChunkBitmap.open(file, 130)) {
            assertEquals(127, reopened.cardinality());
            assertEquals(1, reopened.nextSet(0));
            assertEquals(6, reopened.nextSet(5));
            assertEquals(128, reopened.nextSet(128));
            assertEquals(-1, reopened.nextSet(129));
        }
    }

    @Test
    void aClearNotYetWrittenIsToldApartFromOneOnDisk() throws Exception {
        try (ChunkBitmap map = ChunkBitmap.create(dir.resolve("map"), 130, true)) {
            map.clear(70); // memory only, as a copy run leaves it until the checkpoint
            map.clearDurably(71);
            assertTrue(map.clearedOnlyInMemory(new int[] {69, 70}, 2));
            assertFalse(map.clearedOnlyInMemory(new int[] {69, 71}, 2), "71 is clear on disk, 69 is still set");
            map.clearAllDurably(new int[] {70}, 1);
            assertFalse(map.clearedOnlyInMemory(new int[] {70}, 1));
        }
        try (ChunkBitmap reopened = ChunkBitmap.open(dir.resolve("map"), 130)) {
            assertFalse(reopened.get(70) || reopened.get(71));
            assertEquals(128, reopened.cardinality());
        }
    }
}
