package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code CLASSNAME} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "CLASSNAME")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {})
public final class ClassNameElement {
    /** Attribute {@code NAME}. */
    @XmlAttribute(name = "NAME")
    public String name;

    /** An empty element. */
    public ClassNameElement() {
    }
}
