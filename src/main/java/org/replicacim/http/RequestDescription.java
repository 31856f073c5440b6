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
        for (java.lang.reflect.Method accessor : OBJECT_ACCESSORS.get(request.getClass())) {
            try {
                Object v = accessor.invoke(request);
                if (v != null) {
                    String text = describe(v);
                    return text.startsWith(ns) && text.startsWith(":", ns.length()) ? text : ns + ":" + text;
                }
            } catch (ReflectiveOperationException e) {
                return ns;
            }
        }
        return ns;
    }

    /** Per request type, the accessors of the {@link #OBJECT_PARAMETERS} it has, in that order (found once per type). */
    private static final ClassValue<java.lang.reflect.Method[]> OBJECT_ACCESSORS = new ClassValue<>() {
        @Override
        protected java.lang.reflect.Method[] computeValue(Class<?> type) {
            java.util.List<java.lang.reflect.Method> found = new java.util.ArrayList<>();
            if (type.isRecord()) {
                for (String wanted : OBJECT_PARAMETERS) {
                    for (RecordComponent c : type.getRecordComponents()) {
                        if (c.getName().equals(wanted)) {
                            java.lang.reflect.Method m = c.getAccessor();
                            m.setAccessible(true);
                            found.add(m);
                        }
                    }
                }
            }
            return found.toArray(new java.lang.reflect.Method[0]);
        }
    };

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
