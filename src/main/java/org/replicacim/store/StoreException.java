package org.replicacim.store;

/** A failure of the durable store: the database cannot be reached, refused a change, or holds unexpected data. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
