package org.replicacim.message;

import java.util.Objects;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.ObjectPath;

/** A class together with its class path, as class-level Associators/References return it (VALUE.OBJECTWITHPATH). */
public record ClassWithPath(ObjectPath path, CimClass cimClass) {
    public ClassWithPath {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(cimClass, "cimClass");
    }
}
