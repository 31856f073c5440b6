package org.replicacim.storage;

/** A storage pool as the backend sees it now: total capacity and what is left for new or larger volumes. */
public record StoragePool(PoolId id, String name, long capacityBytes, long freeBytes) {
    public StoragePool {
        if (capacityBytes < 0 || freeBytes < 0 || freeBytes > capacityBytes) {
            throw new IllegalArgumentException("bad pool figures: capacity " + capacityBytes + ", free " + freeBytes);
        }
    }
}
