package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;
import java.util.ArrayList;
import java.util.List;

/** The DSP0201 element {@code VALUE.REFARRAY} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "VALUE.REFARRAY")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"values"})
public final class ValueRefArrayElement {
    /** Child VALUE.REFERENCE | VALUE.NULL. */
    @XmlElements({
        @XmlElement(name = "VALUE.REFERENCE", type = ValueReferenceElement.class),
        @XmlElement(name = "VALUE.NULL", type = ValueNullElement.class)
    })
    public List<Object> values = new ArrayList<>();

    /** An empty element. */
    public ValueRefArrayElement() {
    }
}
