package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code VALUE.OBJECT} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "VALUE.OBJECT")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"object"})
public final class ValueObjectElement {
    /** Child CLASS | INSTANCE. */
    @XmlElements({
        @XmlElement(name = "CLASS", type = ClassElement.class),
        @XmlElement(name = "INSTANCE", type = InstanceElement.class)
    })
    public Object object;

    /** An empty element. */
    public ValueObjectElement() {
    }
}
