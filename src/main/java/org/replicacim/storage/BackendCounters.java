package org.replicacim.storage;

/**
 * Cumulative counters of a backend since it was opened.
 *
 * @param hostBytesWritten  bytes written by hosts through {@link BlockDevice}s
 * @param copyBytesRead     bytes read by copy tasks, copy-on-write and mirror application
 * @param copyBytesWritten  bytes written by copy tasks, copy-on-write and mirror application
 */
public record BackendCounters(long hostBytesWritten, long copyBytesRead, long copyBytesWritten) {
}
