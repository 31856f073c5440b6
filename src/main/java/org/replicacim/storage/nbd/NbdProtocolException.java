package org.replicacim.storage.nbd;

import java.io.IOException;

/** The client broke the protocol; the server logs the reason and disconnects. */
final class NbdProtocolException extends IOException {
    NbdProtocolException(String message) {
        super(message);
    }
}
