package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code VALUE.NAMEDINSTANCE} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "VALUE.NAMEDINSTANCE")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"instanceName", "instance"})
public final class ValueNamedInstanceElement {
    /** Child INSTANCENAME. */
    @XmlElement(name = "INSTANCENAME")
    public InstanceNameElement instanceName;
    /** Child INSTANCE. */
    @XmlElement(name = "INSTANCE")
    public InstanceElement instance;

    /** An empty element. */
    public ValueNamedInstanceElement() {
    }
}
