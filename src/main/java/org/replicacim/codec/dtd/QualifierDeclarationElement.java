package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code QUALIFIER.DECLARATION} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "QUALIFIER.DECLARATION")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"scope", "value"})
public final class QualifierDeclarationElement {
    /** Attribute {@code NAME}. */
    @XmlAttribute(name = "NAME")
    public String name;
    /** Attribute {@code TYPE}. */
    @XmlAttribute(name = "TYPE")
    public String type;
    /** Attribute {@code ISARRAY}. */
    @XmlAttribute(name = "ISARRAY")
    public String isArray;
    /** Attribute {@code ARRAYSIZE}. */
    @XmlAttribute(name = "ARRAYSIZE")
    public String arraySize;
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
    /** Child SCOPE. */
    @XmlElement(name = "SCOPE")
    public ScopeElement scope;
    /** Child VALUE | VALUE.ARRAY. */
    @XmlElements({
        @XmlElement(name = "VALUE", type = ValueElement.class),
        @XmlElement(name = "VALUE.ARRAY", type = ValueArrayElement.class)
    })
    public Object value;

    /** An empty element. */
    public QualifierDeclarationElement() {
    }
}
