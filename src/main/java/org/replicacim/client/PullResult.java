package org.replicacim.client;

import java.util.List;

/**
 * One batch of an Open or Pull operation: the objects, whether the enumeration is exhausted, and the context to pass
 * to the next Pull or to CloseEnumeration (empty once the sequence ended).
 */
public record PullResult<T>(List<T> objects, boolean endOfSequence, String enumerationContext) {
    /** Copies the object list. */
    public PullResult {
        objects = List.copyOf(objects);
    }
}
