package org.replicacim.message;

import java.util.Objects;
import org.replicacim.cim.CimName;
import org.replicacim.cim.CimValue;

/**
 * A named method parameter value. {@code typeKnown} is false when the client sent no PARAMTYPE (wbemcli): the value
 * is then the raw text as a string (or string array) and the dispatcher converts it to the declared type.
 */
public record ParamValue(CimName name, CimValue value, boolean typeKnown) {
    public ParamValue {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    public static ParamValue of(String name, CimValue value) {
        return new ParamValue(CimName.of(name), value, true);
    }
}
