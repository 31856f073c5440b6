package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code PARAMVALUE} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "PARAMVALUE")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"content"})
public final class ParamValueElement {
    /** Attribute {@code NAME}. */
    @XmlAttribute(name = "NAME")
    public String name;
    /** Attribute {@code PARAMTYPE}. */
    @XmlAttribute(name = "PARAMTYPE")
    public String paramType;
    /** Attribute {@code EmbeddedObject}. */
    @XmlAttribute(name = "EmbeddedObject")
    public String embeddedObject;
    /** Attribute {@code EMBEDDEDOBJECT}. */
    @XmlAttribute(name = "EMBEDDEDOBJECT")
    public String embeddedObjectUpper;
    /** Child VALUE | VALUE.REFERENCE | VALUE.ARRAY | VALUE.REFARRAY | CLASSNAME | INSTANCENAME | CLASS | INSTANCE | VALUE.NAMEDINSTANCE. */
    @XmlElements({
        @XmlElement(name = "VALUE", type = ValueElement.class),
        @XmlElement(name = "VALUE.REFERENCE", type = ValueReferenceElement.class),
        @XmlElement(name = "VALUE.ARRAY", type = ValueArrayElement.class),
        @XmlElement(name = "VALUE.REFARRAY", type = ValueRefArrayElement.class),
        @XmlElement(name = "CLASSNAME", type = ClassNameElement.class),
        @XmlElement(name = "INSTANCENAME", type = InstanceNameElement.class),
        @XmlElement(name = "CLASS", type = ClassElement.class),
        @XmlElement(name = "INSTANCE", type = InstanceElement.class),
        @XmlElement(name = "VALUE.NAMEDINSTANCE", type = ValueNamedInstanceElement.class)
    })
    public Object content;

    /** An empty element. */
    public ParamValueElement() {
    }
}
