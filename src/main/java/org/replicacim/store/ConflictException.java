package org.replicacim.store;

/** A compare-and-set on a record failed: it was changed (or created, or removed) by someone else meanwhile. */
public final class ConflictException extends StoreException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }
}
