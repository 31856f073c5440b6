package org.replicacim.operation;

import java.util.List;
import org.replicacim.cim.CimClass;
import org.replicacim.cim.CimName;
import org.replicacim.cim.Namespace;
import org.replicacim.cim.QualifierDeclaration;

/** The view of the class repository the operation layer needs: resolved classes, inheritance, qualifier types. */
public interface Schema {

    /** The canonical namespace for a requested name or alias; null if the server has no such namespace. */
    Namespace resolveNamespace(Namespace requested);

    /** All namespaces, canonical names. */
    List<Namespace> namespaces();

    /** The resolved class (inherited members included, with class origin), or null. */
    CimClass getClass(Namespace ns, CimName name);

    /** Direct (or, deep, all) subclasses of a class; with a null name the top-level classes (or all classes). */
    List<CimName> subclassNames(Namespace ns, CimName name, boolean deep);

    /** Whether {@code cls} is {@code ancestor} or inherits from it. */
    boolean isSubclassOf(Namespace ns, CimName cls, CimName ancestor);

    List<QualifierDeclaration> qualifierDeclarations(Namespace ns);

    /** Every association class of the namespace. */
    List<CimName> associationClassNames(Namespace ns);
}
