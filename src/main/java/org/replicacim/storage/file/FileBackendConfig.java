package org.replicacim.storage.file;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

import org.replicacim.storage.PoolId;

/**
 * Settings of the file engine.
 *
 * @param dataDirectory       where images and metadata live
 * @param poolId              id of the single pool the engine offers
 * @param poolCapacityBytes   logical capacity of the pool; volume sizes are accounted in full against it
 * @param chunkSize           copy-on-write, dirty-map and copy granularity (power of two, at least 4096)
 * @param copyBytesPerSecond  throttle for copy tasks, 0 for unlimited
 * @param asyncQueueBytes     bound of each asynchronous mirror's queue of unapplied writes
 * @param copyThreads         size of the copy task executor
 * @param clock               time source for points in time and checkpoints
 */
public record FileBackendConfig(Path dataDirectory, PoolId poolId, long poolCapacityBytes, int chunkSize,
                                long copyBytesPerSecond, long asyncQueueBytes, int copyThreads, Clock clock) {
    public static final int DEFAULT_CHUNK_SIZE = 64 * 1024;

    public FileBackendConfig {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(clock, "clock");
        if (chunkSize < 4096 || Integer.bitCount(chunkSize) != 1) {
            throw new IllegalArgumentException("chunkSize must be a power of two >= 4096: " + chunkSize);
        }
        if (poolCapacityBytes <= 0 || copyBytesPerSecond < 0 || asyncQueueBytes < chunkSize || copyThreads < 1) {
            throw new IllegalArgumentException("bad file backend settings");
        }
    }

    /** Defaults: pool "default" of 1 TiB, 64 KiB chunks, unthrottled copies, 64 MiB async queues, 2 copy threads. */
    public static FileBackendConfig defaults(Path dataDirectory) {
        return new FileBackendConfig(dataDirectory, PoolId.of("default"), 1L << 40, DEFAULT_CHUNK_SIZE, 0,
                64L << 20, 2, Clock.systemUTC());
    }

    public FileBackendConfig withPoolCapacity(long bytes) {
        return new FileBackendConfig(dataDirectory, poolId, bytes, chunkSize, copyBytesPerSecond, asyncQueueBytes,
                copyThreads, clock);
    }

    public FileBackendConfig withCopyBytesPerSecond(long bytesPerSecond) {
        return new FileBackendConfig(dataDirectory, poolId, poolCapacityBytes, chunkSize, bytesPerSecond,
                asyncQueueBytes, copyThreads, clock);
    }

    public FileBackendConfig withAsyncQueueBytes(long bytes) {
        return new FileBackendConfig(dataDirectory, poolId, poolCapacityBytes, chunkSize, copyBytesPerSecond, bytes,
                copyThreads, clock);
    }
}
