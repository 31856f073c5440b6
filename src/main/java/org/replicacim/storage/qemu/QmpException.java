package org.replicacim.storage.qemu;

import java.io.IOException;

/** QEMU answered a QMP command with an error; {@link #errorClass()} is QEMU's class (GenericError, …). */
final class QmpException extends IOException {
    private final String errorClass;

    QmpException(String command, String errorClass, String description) {
        super(command + ": " + description);
        this.errorClass = errorClass;
    }

    String errorClass() {
        return errorClass;
    }
}
