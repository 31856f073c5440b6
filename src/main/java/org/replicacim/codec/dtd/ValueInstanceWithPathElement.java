package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code VALUE.INSTANCEWITHPATH} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "VALUE.INSTANCEWITHPATH")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"instancePath", "instance"})
public final class ValueInstanceWithPathElement {
    /** Child INSTANCEPATH. */
    @XmlElement(name = "INSTANCEPATH")
    public InstancePathElement instancePath;
    /** Child INSTANCE. */
    @XmlElement(name = "INSTANCE")
    public InstanceElement instance;

    /** An empty element. */
    public ValueInstanceWithPathElement() {
    }
}
