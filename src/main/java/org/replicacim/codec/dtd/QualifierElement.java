package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code QUALIFIER} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "QUALIFIER")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"value"})
public final class QualifierElement {
    /** Attribute {@code NAME}. */
    @XmlAttribute(name = "NAME")
    public String name;
    /** Attribute {@code TYPE}. */
    @XmlAttribute(name = "TYPE")
    public String type;
    /** Attribute {@code PROPAGATED}. */
    @XmlAttribute(name = "PROPAGATED")
    public String propagated;
    /** Attribute {@code OVERRIDABLE}. */
    @XmlAttribute(name = "OVERRIDABLE")
    public String overridable;
    /** Attribute {@code TOSUBCLASS}. */
    @XmlAttribute(name = "TOSUBCLASS")
    public String toSubclass;
    /** Attribute {@code TOINSTANCE}. */
    @XmlAttribute(name = "TOINSTANCE")
    public String toInstance;
    /** Attribute {@code TRANSLATABLE}. */
    @XmlAttribute(name = "TRANSLATABLE")
    public String translatable;
    /** Child VALUE | VALUE.ARRAY. */
    @XmlElements({
        @XmlElement(name = "VALUE", type = ValueElement.class),
        @XmlElement(name = "VALUE.ARRAY", type = ValueArrayElement.class)
    })
    public Object value;

    /** An empty element. */
    public QualifierElement() {
    }
}
