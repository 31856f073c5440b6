package org.replicacim.storage;

/**
 * A volume as the backend sees it now.
 *
 * @param sizeBytes      logical size, a multiple of {@code blockSize}
 * @param blockSize      logical block size in bytes (the unit hosts address)
 * @param allocatedBytes bytes actually allocated on the backing store (thin provisioning), best effort
 */
public record Volume(VolumeId id, PoolId poolId, String name, long sizeBytes, int blockSize, long allocatedBytes) {
    public long blockCount() {
        return sizeBytes / blockSize;
    }
}
