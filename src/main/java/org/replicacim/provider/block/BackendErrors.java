package org.replicacim.provider.block;

import org.replicacim.cim.CimException;
import org.replicacim.cim.CimStatus;
import org.replicacim.storage.BackendException;

/** Maps a backend's refusal to the SMI-S method return codes and to CIM status codes. */
final class BackendErrors {
    static final int NOT_SUPPORTED = 1;
    static final int UNKNOWN = 2;
    static final int FAILED = 4;
    static final int INVALID_PARAMETER = 5;
    static final int IN_USE = 6;
    static final int JOB_STARTED = 4096;
    static final int SIZE_NOT_SUPPORTED = 4097;

    private BackendErrors() {
    }

    /** The return code of a Block Services method whose backend call was refused. */
    static int returnCode(BackendException e) {
        return switch (e.reason()) {
            case NOT_FOUND, INVALID_ARGUMENT -> INVALID_PARAMETER;
            case NO_SPACE -> SIZE_NOT_SUPPORTED;
            case IN_USE, INVALID_STATE -> IN_USE;
            case UNSUPPORTED -> NOT_SUPPORTED;
            case IO_ERROR, CANCELLED -> FAILED;
        };
    }

    /** The CIM error of an intrinsic read the backend could not answer. */
    static CimException cimException(BackendException e) {
        return new CimException(e.reason() == BackendException.Reason.NOT_FOUND ? CimStatus.NOT_FOUND
                : CimStatus.FAILED, "storage backend: " + e.getMessage(), e);
    }
}
