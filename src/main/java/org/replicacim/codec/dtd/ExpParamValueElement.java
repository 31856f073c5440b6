package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code EXPPARAMVALUE} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "EXPPARAMVALUE")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"instance"})
public final class ExpParamValueElement {
    /** Attribute {@code NAME}. */
    @XmlAttribute(name = "NAME")
    public String name;
    /** Child INSTANCE. */
    @XmlElement(name = "INSTANCE")
    public InstanceElement instance;

    /** An empty element. */
    public ExpParamValueElement() {
    }
}
