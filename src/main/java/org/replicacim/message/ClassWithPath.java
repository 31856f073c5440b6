package org.replicacim.message;

import java.util.Objects;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.ObjectPath;

/** A class together with the class path that names it: what class-level Associators/References return. */
public record ClassWithPath(ObjectPath path, CimClass cimClass) {
    public ClassWithPath {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(cimClass, "cimClass");
    }
}
