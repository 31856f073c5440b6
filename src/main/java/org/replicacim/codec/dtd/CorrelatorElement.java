package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code CORRELATOR} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "CORRELATOR")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"value"})
public final class CorrelatorElement {
    /** Attribute {@code NAME}. */
    @XmlAttribute(name = "NAME")
    public String name;
    /** Attribute {@code TYPE}. */
    @XmlAttribute(name = "TYPE")
    public String type;
    /** Child VALUE. */
    @XmlElement(name = "VALUE")
    public ValueElement value;

    /** An empty element. */
    public CorrelatorElement() {
    }
}
