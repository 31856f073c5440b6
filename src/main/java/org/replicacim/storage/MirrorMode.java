package org.replicacim.storage;

/** How a mirror applies writes to its target. */
public enum MirrorMode {
    /** The target has the write before the host gets the acknowledgement. */
    SYNCHRONOUS,
    /** The write is acknowledged first and applied from a bounded queue. */
    ASYNCHRONOUS
}
