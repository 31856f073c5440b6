package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code CLASSPATH} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "CLASSPATH")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"namespacePath", "className"})
public final class ClassPathElement {
    /** Child NAMESPACEPATH. */
    @XmlElement(name = "NAMESPACEPATH")
    public NamespacePathElement namespacePath;
    /** Child CLASSNAME. */
    @XmlElement(name = "CLASSNAME")
    public ClassNameElement className;

    /** An empty element. */
    public ClassPathElement() {
    }
}
