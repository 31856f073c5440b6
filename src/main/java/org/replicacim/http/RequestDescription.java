package org.replicacim.http;

import java.lang.reflect.RecordComponent;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimInstance;
import org.replicacim.codec.ParsedRequest;
import org.replicacim.message.OperationRequest;

/** The object a request addresses, in the words of the request log: {@code namespace:Class} or an instance path. */
final class RequestDescription {
    /** Intrinsic requests name their object in one of these parameters (the first present wins). */
    private static final String[] OBJECT_PARAMETERS = {"instanceName", "objectName", "className", "newInstance",
        "modifiedInstance", "newClass", "modifiedClass", "qualifierName"};

    private RequestDescription() {
    }

    static String object(ParsedRequest parsed, OperationRequest request) {
        if (!parsed.isIntrinsic()) {
            return parsed.cimObject();
        }
        String ns = parsed.namespace();
        Class<?> type = request.getClass();
        if (!type.isRecord()) {
            return ns;
        }
        for (String wanted : OBJECT_PARAMETERS) {
            for (RecordComponent c : type.getRecordComponents()) {
                if (!c.getName().equals(wanted)) {
                    continue;
                }
                try {
                    Object v = c.getAccessor().invoke(request);
                    if (v != null) {
                        String text = describe(v);
                        return text.startsWith(ns + ":") ? text : ns + ":" + text;
                    }
                } catch (ReflectiveOperationException e) {
                    return ns;
                }
            }
        }
        return ns;
    }

    /** Instances and classes by name (their whole text would swamp the log), everything else as its text. */
    private static String describe(Object v) {
        if (v instanceof CimInstance i) {
            return i.path() != null ? i.path().toString() : i.className().toString();
        }
        if (v instanceof CimClass c) {
            return c.name().toString();
        }
        return v.toString();
    }
}
