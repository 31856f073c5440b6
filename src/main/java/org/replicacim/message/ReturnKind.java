package org.replicacim.message;

/** The CIM-XML form of the objects an operation returns (what goes inside IRETURNVALUE). */
public enum ReturnKind {
    /** Void operations: no IRETURNVALUE at all. */
    NONE,
    CLASS,
    CLASS_NAME,
    INSTANCE,
    NAMED_INSTANCE,
    INSTANCE_NAME,
    /** VALUE.OBJECTWITHPATH: an instance with its INSTANCEPATH, or a class with its CLASSPATH. */
    OBJECT_WITH_PATH,
    /** OBJECTPATH: an INSTANCEPATH or a CLASSPATH. */
    OBJECT_PATH,
    INSTANCE_WITH_PATH,
    INSTANCE_PATH,
    QUALIFIER_DECLARATION,
    /** A VALUE, VALUE.ARRAY or VALUE.REFERENCE (GetProperty, EnumerationCount); nothing when NULL. */
    VALUE
}
