package org.replicacim.message;

import java.util.List;
import java.util.Objects;
import org.replicacim.cim.CimValue;

/** The outcome of an extrinsic method: its return value and output parameters (NULL ones are omitted on the wire). */
public record MethodResult(CimValue returnValue, List<ParamValue> outParameters) {
    public MethodResult {
        Objects.requireNonNull(returnValue, "returnValue");
        outParameters = List.copyOf(outParameters);
    }

    public ParamValue outParameter(String name) {
        for (ParamValue p : outParameters) {
            if (p.name().is(name)) {
                return p;
            }
        }
        return null;
    }
}
