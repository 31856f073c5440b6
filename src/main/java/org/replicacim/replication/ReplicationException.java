package org.replicacim.replication;

/**
 * A replication request refused or failed; {@link #code()} is the method return code it stands for
 * (replication-services.md §4.9), so the provider can answer without knowing why.
 */
public final class ReplicationException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The §4.9 outcomes a refused or failed request can have. */
    public enum Code {
        NOT_SUPPORTED(1), UNSPECIFIED(2), TIMEOUT(3), FAILED(4), INVALID_PARAMETER(5), IN_USE(6),
        /** Group methods' code 7 (DeleteGroup: an element is in a replication relationship; AddMembers and
         * RemoveMembers: the group does not exist). */
        GROUP_CONDITION(7),
        /** RemoveMembers' code 8: a member is not in the group. */
        NOT_A_MEMBER(8);

        private final int returnValue;

        Code(int returnValue) {
            this.returnValue = returnValue;
        }

        /** The method return value (ReplicationService family J). */
        public int returnValue() {
            return returnValue;
        }
    }

    private final Code code;

    public ReplicationException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public ReplicationException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }

    static ReplicationException invalid(String message) {
        return new ReplicationException(Code.INVALID_PARAMETER, message);
    }

    static ReplicationException notSupported(String message) {
        return new ReplicationException(Code.NOT_SUPPORTED, message);
    }
}
