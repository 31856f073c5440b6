package org.replicacim.security;

import org.replicacim.message.IntrinsicRequest;
import org.replicacim.message.InvokeMethodRequest;
import org.replicacim.message.OperationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail: one line per denied request and per change, on the SLF4J logger {@code audit} (logback.xml sends it
 * to its own file). A line names who, which operation, which object and the outcome; the time is the log event's.
 * Values are quoted with control characters escaped, so a crafted name cannot forge a line.
 */
public class AuditLog {
    /** The logger name the audit appender is bound to. */
    public static final String LOGGER = "audit";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    /** How a request ended. */
    public enum Outcome { DENIED, DONE, FAILED }

    /** Records one request's outcome; {@code detail} may be null. */
    public void record(String user, OperationRequest request, Outcome outcome, String detail) {
        write("user=" + quote(user.isEmpty() ? "(anonymous)" : user) + " op=" + quote(request.operationName())
                + " object=" + quote(object(request)) + " outcome=" + outcome
                + (detail == null ? "" : " detail=" + quote(detail)));
    }

    /** Records an authentication event that has no operation yet (failed login, throttled address). */
    public void login(String user, String address, String outcome) {
        write("user=" + quote(user == null ? "" : user) + " op=\"login\" address=" + quote(address)
                + " outcome=" + outcome);
    }

    /** Emits one line; tests override this to capture lines. */
    protected void write(String line) {
        LOG.info(line);
    }

    /** The object a request acts on: an instance or class path, a class or qualifier name, else its namespace. */
    static String object(OperationRequest r) {
        return objectIn(r).replaceFirst("^/", "");
    }

    /** A path as text, in the request's namespace when it names none. */
    private static String path(OperationRequest r, org.replicacim.cim.ObjectPath p) {
        return (p.namespace() == null ? p.withNamespace(r.namespace()) : p).toString();
    }

    private static String objectIn(OperationRequest r) {
        String ns = r.namespace().toString();
        if (r instanceof InvokeMethodRequest m) {
            return path(r, m.target());
        }
        if (r instanceof IntrinsicRequest.CreateInstance c) {
            return ns + ":" + c.newInstance().className();
        }
        if (r instanceof IntrinsicRequest.ModifyInstance c) {
            return c.modifiedInstance().path() == null ? ns + ":" + c.modifiedInstance().className()
                    : path(r, c.modifiedInstance().path());
        }
        if (r instanceof IntrinsicRequest.DeleteInstance c) {
            return path(r, c.instanceName());
        }
        if (r instanceof IntrinsicRequest.SetProperty c) {
            return path(r, c.instanceName()) + "." + c.propertyName();
        }
        if (r instanceof IntrinsicRequest.GetInstance c) {
            return path(r, c.instanceName());
        }
        if (r instanceof IntrinsicRequest.CreateClass c) {
            return ns + ":" + c.newClass().name();
        }
        if (r instanceof IntrinsicRequest.ModifyClass c) {
            return ns + ":" + c.modifiedClass().name();
        }
        if (r instanceof IntrinsicRequest.DeleteClass c) {
            return ns + ":" + c.className();
        }
        if (r instanceof IntrinsicRequest.SetQualifier c) {
            return ns + ":qualifier " + c.qualifierDeclaration().name();
        }
        if (r instanceof IntrinsicRequest.DeleteQualifier c) {
            return ns + ":qualifier " + c.qualifierName();
        }
        if (r instanceof IntrinsicRequest.EnumerateInstances c) {
            return ns + ":" + c.className();
        }
        if (r instanceof IntrinsicRequest.EnumerateInstanceNames c) {
            return ns + ":" + c.className();
        }
        return ns;
    }

    /** A double-quoted value with quotes, backslashes and control characters escaped, at most 500 characters. */
    static String quote(String s) {
        String v = s == null ? "" : s;
        if (v.length() > 500) {
            v = v.substring(0, 500) + "...";
        }
        StringBuilder sb = new StringBuilder(v.length() + 2).append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
