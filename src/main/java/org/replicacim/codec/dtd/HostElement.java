package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code HOST} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "HOST")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"text"})
public final class HostElement {
    /** The element's text. */
    @XmlValue
    public String text;

    /** An empty element. */
    public HostElement() {
    }
}
