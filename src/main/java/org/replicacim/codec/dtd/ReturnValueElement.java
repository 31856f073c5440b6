package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code RETURNVALUE} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "RETURNVALUE")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"content"})
public final class ReturnValueElement {
    /** Attribute {@code PARAMTYPE}. */
    @XmlAttribute(name = "PARAMTYPE")
    public String paramType;
    /** Attribute {@code EmbeddedObject}. */
    @XmlAttribute(name = "EmbeddedObject")
    public String embeddedObject;
    /** Attribute {@code EMBEDDEDOBJECT}. */
    @XmlAttribute(name = "EMBEDDEDOBJECT")
    public String embeddedObjectUpper;
    /** Child VALUE | VALUE.REFERENCE. */
    @XmlElements({
        @XmlElement(name = "VALUE", type = ValueElement.class),
        @XmlElement(name = "VALUE.REFERENCE", type = ValueReferenceElement.class)
    })
    public Object content;

    /** An empty element. */
    public ReturnValueElement() {
    }
}
