package org.replicacim.storage;

import java.util.BitSet;

/**
 * Dirty map of a pair: which chunks changed (on either side) since the last synchronisation.
 *
 * @param chunkSize  bytes per bit
 * @param chunkCount bits in the map (the last chunk may be short)
 * @param dirty      set bits are chunks a resync or restore would copy; a copy the caller may keep
 */
public record ChangeMap(int chunkSize, int chunkCount, BitSet dirty) {
    public ChangeMap {
        dirty = (BitSet) dirty.clone();
    }

    public long dirtyChunks() {
        return dirty.cardinality();
    }

    public long dirtyBytes() {
        return dirtyChunks() * chunkSize;
    }

    @Override
    public BitSet dirty() {
        return (BitSet) dirty.clone();
    }
}
