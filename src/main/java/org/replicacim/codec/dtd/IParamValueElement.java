package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code IPARAMVALUE} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "IPARAMVALUE")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"content"})
public final class IParamValueElement {
    /** Attribute {@code NAME}. */
    @XmlAttribute(name = "NAME")
    public String name;
    /** Child VALUE | VALUE.ARRAY | VALUE.REFERENCE | CLASSNAME | INSTANCENAME | QUALIFIER.DECLARATION | CLASS | INSTANCE | VALUE.NAMEDINSTANCE | ENUMERATIONCONTEXT. */
    @XmlElements({
        @XmlElement(name = "VALUE", type = ValueElement.class),
        @XmlElement(name = "VALUE.ARRAY", type = ValueArrayElement.class),
        @XmlElement(name = "VALUE.REFERENCE", type = ValueReferenceElement.class),
        @XmlElement(name = "CLASSNAME", type = ClassNameElement.class),
        @XmlElement(name = "INSTANCENAME", type = InstanceNameElement.class),
        @XmlElement(name = "QUALIFIER.DECLARATION", type = QualifierDeclarationElement.class),
        @XmlElement(name = "CLASS", type = ClassElement.class),
        @XmlElement(name = "INSTANCE", type = InstanceElement.class),
        @XmlElement(name = "VALUE.NAMEDINSTANCE", type = ValueNamedInstanceElement.class),
        @XmlElement(name = "ENUMERATIONCONTEXT", type = EnumerationContextElement.class)
    })
    public Object content;

    /** An empty element. */
    public IParamValueElement() {
    }
}
