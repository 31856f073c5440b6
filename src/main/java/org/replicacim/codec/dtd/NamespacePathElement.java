package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code NAMESPACEPATH} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "NAMESPACEPATH")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"host", "localNamespacePath"})
public final class NamespacePathElement {
    /** Child HOST. */
    @XmlElement(name = "HOST")
    public HostElement host;
    /** Child LOCALNAMESPACEPATH. */
    @XmlElement(name = "LOCALNAMESPACEPATH")
    public LocalNamespacePathElement localNamespacePath;

    /** An empty element. */
    public NamespacePathElement() {
    }
}
