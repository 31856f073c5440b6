package org.replicacim.cim;

import java.util.List;
import java.util.Objects;

/** An extrinsic method declaration: return type, parameters in order, qualifiers and the class that declared it. */
public record CimMethod(CimName name, CimType returnType, List<CimParameter> parameters, List<CimQualifier> qualifiers,
                        CimName classOrigin, boolean propagated) {
    public CimMethod {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(returnType, "returnType");
        parameters = List.copyOf(parameters);
        qualifiers = List.copyOf(qualifiers);
        for (int i = 0; i < parameters.size(); i++) {
            for (int j = i + 1; j < parameters.size(); j++) {
                if (parameters.get(i).name().equals(parameters.get(j).name())) {
                    throw new IllegalArgumentException("parameter " + parameters.get(i).name() + " declared twice in " + name);
                }
            }
        }
    }

    public CimParameter parameter(String pname) {
        for (CimParameter p : parameters) {
            if (p.name().is(pname)) {
                return p;
            }
        }
        return null;
    }

    public CimParameter parameter(CimName pname) {
        for (CimParameter p : parameters) {
            if (p.name().equals(pname)) {
                return p;
            }
        }
        return null;
    }

    public CimQualifier qualifier(String qname) {
        return CimQualifier.find(qualifiers, qname);
    }

    public CimMethod withOrigin(CimName origin, boolean isPropagated) {
        return new CimMethod(name, returnType, parameters, qualifiers, origin, isPropagated);
    }

    public CimMethod withQualifiers(List<CimQualifier> q) {
        return new CimMethod(name, returnType, parameters, q, classOrigin, propagated);
    }

    public CimMethod withParameters(List<CimParameter> p) {
        return new CimMethod(name, returnType, p, qualifiers, classOrigin, propagated);
    }
}
