/**
 * Block-storage backend SPI: pools, volumes, block devices and replication primitives.
 *
 * <p>Knows nothing of CIM and depends on the JDK only. Implementations live in sub-packages, one per
 * engine ({@code storage.file}, later {@code storage.qemu}). The replication layer talks to
 * {@link org.replicacim.storage.BlockBackend} and advertises only what
 * {@link org.replicacim.storage.BackendCapabilities} declares.
 *
 * <p>Crash contract shared by every method: a backend keeps enough metadata durable that, after a kill at any
 * moment, it reopens from its data directory with every volume readable, every acknowledged write present on the
 * volume it was written to, and every pair in a state it can report. Individual methods state what a crash in
 * the middle of them leaves behind.
 */
package org.replicacim.storage;
