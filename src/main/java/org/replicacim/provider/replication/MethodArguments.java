package org.replicacim.provider.replication;

import java.util.ArrayList;
import java.util.List;
import org.replicacim.cim.CimInstance;
import org.replicacim.cim.CimValue;
import org.replicacim.cim.ObjectPath;
import org.replicacim.message.ParamValue;

/** The input parameters of one call, by name (case-insensitive), already converted to their declared types. */
final class MethodArguments {
    private final List<ParamValue> params;

    MethodArguments(List<ParamValue> params) {
        this.params = params;
    }

    private CimValue value(String name) {
        for (ParamValue p : params) {
            if (p.name().is(name)) {
                return p.value().isNull() ? null : p.value();
            }
        }
        return null;
    }

    /** Whether the parameter was given with a non-NULL value. */
    boolean has(String name) {
        return value(name) != null;
    }

    /** An integer parameter, or null when absent or NULL. */
    Integer integer(String name) {
        CimValue v = value(name);
        return v == null ? null : v.asInt();
    }

    boolean flag(String name) {
        CimValue v = value(name);
        return v != null && v.asBoolean();
    }

    String string(String name) {
        CimValue v = value(name);
        return v == null ? null : v.asString();
    }

    ObjectPath reference(String name) {
        CimValue v = value(name);
        return v == null ? null : v.asReference();
    }

    /** A reference array; empty when absent. */
    List<ObjectPath> references(String name) {
        CimValue v = value(name);
        List<ObjectPath> out = new ArrayList<>();
        if (v != null) {
            for (Object o : v.elements()) {
                out.add((ObjectPath) o);
            }
        }
        return out;
    }

    /** A string array (NULL entries kept as null); empty when absent. */
    List<String> strings(String name) {
        CimValue v = value(name);
        List<String> out = new ArrayList<>();
        if (v != null) {
            for (Object o : v.elements()) {
                out.add(o == null ? null : o.toString());
            }
        }
        return out;
    }

    /** An embedded-instance parameter, or null. */
    CimInstance instance(String name) {
        CimValue v = value(name);
        return v == null || !(v.value() instanceof CimInstance) ? null : v.asInstance();
    }
}
