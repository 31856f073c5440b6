package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code NAMESPACE} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "NAMESPACE")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {})
public final class NamespaceElement {
    /** Attribute {@code NAME}. */
    @XmlAttribute(name = "NAME")
    public String name;

    /** An empty element. */
    public NamespaceElement() {
    }
}
