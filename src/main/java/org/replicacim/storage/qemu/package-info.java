/**
 * The qemu-storage-daemon engine: volumes as raw or qcow2 images served by QEMU's block layer, replication
 * through QMP block jobs (backup, mirror, dirty bitmaps), host I/O over the daemon's own NBD export.
 *
 * <p>Depends on the storage SPI and the JDK only; the daemon is an external process found at run time.
 */
package org.replicacim.storage.qemu;
