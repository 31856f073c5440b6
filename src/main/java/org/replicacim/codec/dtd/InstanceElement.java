package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;
import java.util.ArrayList;
import java.util.List;

/** The DSP0201 element {@code INSTANCE} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "INSTANCE")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"qualifiers", "properties"})
public final class InstanceElement {
    /** Attribute {@code CLASSNAME}. */
    @XmlAttribute(name = "CLASSNAME")
    public String className;
    /** Child QUALIFIER. */
    @XmlElement(name = "QUALIFIER")
    public List<QualifierElement> qualifiers = new ArrayList<>();
    /** Child PROPERTY | PROPERTY.ARRAY | PROPERTY.REFERENCE. */
    @XmlElements({
        @XmlElement(name = "PROPERTY", type = PropertyElement.class),
        @XmlElement(name = "PROPERTY.ARRAY", type = PropertyArrayElement.class),
        @XmlElement(name = "PROPERTY.REFERENCE", type = PropertyReferenceElement.class)
    })
    public List<Object> properties = new ArrayList<>();

    /** An empty element. */
    public InstanceElement() {
    }
}
