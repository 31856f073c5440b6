package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code KEYBINDING} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "KEYBINDING")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"value"})
public final class KeyBindingElement {
    /** Attribute {@code NAME}. */
    @XmlAttribute(name = "NAME")
    public String name;
    /** Child KEYVALUE | VALUE.REFERENCE. */
    @XmlElements({
        @XmlElement(name = "KEYVALUE", type = KeyValueElement.class),
        @XmlElement(name = "VALUE.REFERENCE", type = ValueReferenceElement.class)
    })
    public Object value;

    /** An empty element. */
    public KeyBindingElement() {
    }
}
