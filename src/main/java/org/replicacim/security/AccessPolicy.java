package org.replicacim.security;

import java.util.Locale;
import org.replicacim.message.IntrinsicRequest;
import org.replicacim.message.InvokeMethodRequest;
import org.replicacim.message.OperationRequest;

/**
 * Which role an operation needs. Intrinsic reads, enumeration contexts and read-only methods ({@code Get…}, such as
 * GetSupportedFeatures or GetReplicationRelationships, and every method of a {@code …Capabilities} class, which only
 * describe what the server can do, such as ConvertSyncTypeToReplicationType) need {@link Role#READER}; methods of
 * replication services and
 * jobs need {@link Role#OPERATOR}; every other method (storage configuration) and every intrinsic change (instances,
 * properties, classes, qualifiers) needs {@link Role#ADMIN}.
 */
public final class AccessPolicy {
    private AccessPolicy() {
    }

    /** The least role that may run the request. */
    public static Role required(OperationRequest request) {
        if (request instanceof InvokeMethodRequest m) {
            return requiredForMethod(m.target().className().value(), m.methodName().value());
        }
        return isChange(request) ? Role.ADMIN : Role.READER;
    }

    /** The least role for an extrinsic method on a class. */
    static Role requiredForMethod(String className, String method) {
        String c = className.toLowerCase(Locale.ROOT);
        if (method.regionMatches(true, 0, "Get", 0, 3) || c.endsWith("capabilities")) {
            return Role.READER;
        }
        if (c.endsWith("replicationservice") || c.endsWith("job")) {
            return Role.OPERATOR;
        }
        return Role.ADMIN;
    }

    /** Whether the request changes state (audited): intrinsic writes and the methods that are not read-only. */
    public static boolean isChange(OperationRequest request) {
        if (request instanceof InvokeMethodRequest m) {
            return requiredForMethod(m.target().className().value(), m.methodName().value()) != Role.READER;
        }
        return request instanceof IntrinsicRequest.CreateInstance || request instanceof IntrinsicRequest.ModifyInstance
                || request instanceof IntrinsicRequest.DeleteInstance || request instanceof IntrinsicRequest.SetProperty
                || request instanceof IntrinsicRequest.CreateClass || request instanceof IntrinsicRequest.ModifyClass
                || request instanceof IntrinsicRequest.DeleteClass || request instanceof IntrinsicRequest.SetQualifier
                || request instanceof IntrinsicRequest.DeleteQualifier;
    }
}
