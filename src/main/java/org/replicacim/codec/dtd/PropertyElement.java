package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;
import java.util.ArrayList;
import java.util.List;

/** The DSP0201 element {@code PROPERTY} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "PROPERTY")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"qualifiers", "value"})
public final class PropertyElement {
    /** Attribute {@code NAME}. */
    @XmlAttribute(name = "NAME")
    public String name;
    /** Attribute {@code TYPE}. */
    @XmlAttribute(name = "TYPE")
    public String type;
    /** Attribute {@code CLASSORIGIN}. */
    @XmlAttribute(name = "CLASSORIGIN")
    public String classOrigin;
    /** Attribute {@code PROPAGATED}. */
    @XmlAttribute(name = "PROPAGATED")
    public String propagated;
    /** Attribute {@code EmbeddedObject}. */
    @XmlAttribute(name = "EmbeddedObject")
    public String embeddedObject;
    /** Attribute {@code EMBEDDEDOBJECT}. */
    @XmlAttribute(name = "EMBEDDEDOBJECT")
    public String embeddedObjectUpper;
    /** Child QUALIFIER. */
    @XmlElement(name = "QUALIFIER")
    public List<QualifierElement> qualifiers = new ArrayList<>();
    /** Child VALUE. */
    @XmlElement(name = "VALUE")
    public ValueElement value;

    /** An empty element. */
    public PropertyElement() {
    }
}
