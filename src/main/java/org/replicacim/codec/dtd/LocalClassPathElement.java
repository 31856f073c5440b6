package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code LOCALCLASSPATH} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "LOCALCLASSPATH")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"localNamespacePath", "className"})
public final class LocalClassPathElement {
    /** Child LOCALNAMESPACEPATH. */
    @XmlElement(name = "LOCALNAMESPACEPATH")
    public LocalNamespacePathElement localNamespacePath;
    /** Child CLASSNAME. */
    @XmlElement(name = "CLASSNAME")
    public ClassNameElement className;

    /** An empty element. */
    public LocalClassPathElement() {
    }
}
