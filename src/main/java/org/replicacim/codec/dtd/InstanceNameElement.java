package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;
import java.util.ArrayList;
import java.util.List;

/** The DSP0201 element {@code INSTANCENAME} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "INSTANCENAME")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"keyBindings", "keyValue", "valueReference"})
public final class InstanceNameElement {
    /** Attribute {@code CLASSNAME}. */
    @XmlAttribute(name = "CLASSNAME")
    public String className;
    /** Child KEYBINDING. */
    @XmlElement(name = "KEYBINDING")
    public List<KeyBindingElement> keyBindings = new ArrayList<>();
    /** Child KEYVALUE. */
    @XmlElement(name = "KEYVALUE")
    public KeyValueElement keyValue;
    /** Child VALUE.REFERENCE. */
    @XmlElement(name = "VALUE.REFERENCE")
    public ValueReferenceElement valueReference;

    /** An empty element. */
    public InstanceNameElement() {
    }
}
