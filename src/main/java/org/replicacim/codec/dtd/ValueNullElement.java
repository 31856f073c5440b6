package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code VALUE.NULL} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "VALUE.NULL")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {})
public final class ValueNullElement {

    /** An empty element. */
    public ValueNullElement() {
    }
}
