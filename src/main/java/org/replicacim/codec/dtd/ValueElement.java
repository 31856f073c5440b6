package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code VALUE} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "VALUE")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"text"})
public final class ValueElement {
    /** The element's text. */
    @XmlValue
    public String text;

    /** An empty element. */
    public ValueElement() {
    }
}
