package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code LOCALINSTANCEPATH} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "LOCALINSTANCEPATH")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"localNamespacePath", "instanceName"})
public final class LocalInstancePathElement {
    /** Child LOCALNAMESPACEPATH. */
    @XmlElement(name = "LOCALNAMESPACEPATH")
    public LocalNamespacePathElement localNamespacePath;
    /** Child INSTANCENAME. */
    @XmlElement(name = "INSTANCENAME")
    public InstanceNameElement instanceName;

    /** An empty element. */
    public LocalInstancePathElement() {
    }
}
