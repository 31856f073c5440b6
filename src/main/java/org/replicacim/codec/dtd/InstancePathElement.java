package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code INSTANCEPATH} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "INSTANCEPATH")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"namespacePath", "instanceName"})
public final class InstancePathElement {
    /** Child NAMESPACEPATH. */
    @XmlElement(name = "NAMESPACEPATH")
    public NamespacePathElement namespacePath;
    /** Child INSTANCENAME. */
    @XmlElement(name = "INSTANCENAME")
    public InstanceNameElement instanceName;

    /** An empty element. */
    public InstancePathElement() {
    }
}
