package org.replicacim.message;

import java.util.List;
import java.util.Objects;
import org.replicacim.cim.CimName;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.ObjectPath;

/** An extrinsic method call (METHODCALL) on an instance path or a class path, with its input parameters in order. */
public record InvokeMethodRequest(Namespace namespace, ObjectPath target, CimName methodName,
                                  List<ParamValue> parameters) implements OperationRequest {
    public InvokeMethodRequest {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(methodName, "methodName");
        parameters = List.copyOf(parameters);
    }

    @Override
    public String operationName() {
        return methodName.value();
    }

    public ParamValue parameter(String name) {
        for (ParamValue p : parameters) {
            if (p.name().is(name)) {
                return p;
            }
        }
        return null;
    }
}
