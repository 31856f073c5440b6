package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;
import java.util.ArrayList;
import java.util.List;

/** The DSP0201 element {@code PROPERTY.REFERENCE} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "PROPERTY.REFERENCE")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"qualifiers", "value"})
public final class PropertyReferenceElement {
    /** Attribute {@code NAME}. */
    @XmlAttribute(name = "NAME")
    public String name;
    /** Attribute {@code REFERENCECLASS}. */
    @XmlAttribute(name = "REFERENCECLASS")
    public String referenceClass;
    /** Attribute {@code CLASSORIGIN}. */
    @XmlAttribute(name = "CLASSORIGIN")
    public String classOrigin;
    /** Attribute {@code PROPAGATED}. */
    @XmlAttribute(name = "PROPAGATED")
    public String propagated;
    /** Child QUALIFIER. */
    @XmlElement(name = "QUALIFIER")
    public List<QualifierElement> qualifiers = new ArrayList<>();
    /** Child VALUE.REFERENCE. */
    @XmlElement(name = "VALUE.REFERENCE")
    public ValueReferenceElement value;

    /** An empty element. */
    public PropertyReferenceElement() {
    }
}
