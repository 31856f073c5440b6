package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;
import java.util.ArrayList;
import java.util.List;

/** The DSP0201 element {@code CLASS} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "CLASS")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"qualifiers", "properties", "methods"})
public final class ClassElement {
    /** Attribute {@code NAME}. */
    @XmlAttribute(name = "NAME")
    public String name;
    /** Attribute {@code SUPERCLASS}. */
    @XmlAttribute(name = "SUPERCLASS")
    public String superclass;
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
    /** Child METHOD. */
    @XmlElement(name = "METHOD")
    public List<MethodElement> methods = new ArrayList<>();

    /** An empty element. */
    public ClassElement() {
    }
}
