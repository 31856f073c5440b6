package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;
import java.util.ArrayList;
import java.util.List;

/** The DSP0201 element {@code IRETURNVALUE} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "IRETURNVALUE")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"items"})
public final class IReturnValueElement {
    /** Child CLASSNAME | INSTANCENAME | VALUE | VALUE.OBJECTWITHPATH | VALUE.OBJECTWITHLOCALPATH | VALUE.OBJECT | OBJECTPATH | QUALIFIER.DECLARATION | VALUE.ARRAY | VALUE.REFERENCE | CLASS | INSTANCE | INSTANCEPATH | VALUE.NAMEDINSTANCE | VALUE.INSTANCEWITHPATH. */
    @XmlElements({
        @XmlElement(name = "CLASSNAME", type = ClassNameElement.class),
        @XmlElement(name = "INSTANCENAME", type = InstanceNameElement.class),
        @XmlElement(name = "VALUE", type = ValueElement.class),
        @XmlElement(name = "VALUE.OBJECTWITHPATH", type = ValueObjectWithPathElement.class),
        @XmlElement(name = "VALUE.OBJECTWITHLOCALPATH", type = ValueObjectWithLocalPathElement.class),
        @XmlElement(name = "VALUE.OBJECT", type = ValueObjectElement.class),
        @XmlElement(name = "OBJECTPATH", type = ObjectPathElement.class),
        @XmlElement(name = "QUALIFIER.DECLARATION", type = QualifierDeclarationElement.class),
        @XmlElement(name = "VALUE.ARRAY", type = ValueArrayElement.class),
        @XmlElement(name = "VALUE.REFERENCE", type = ValueReferenceElement.class),
        @XmlElement(name = "CLASS", type = ClassElement.class),
        @XmlElement(name = "INSTANCE", type = InstanceElement.class),
        @XmlElement(name = "INSTANCEPATH", type = InstancePathElement.class),
        @XmlElement(name = "VALUE.NAMEDINSTANCE", type = ValueNamedInstanceElement.class),
        @XmlElement(name = "VALUE.INSTANCEWITHPATH", type = ValueInstanceWithPathElement.class)
    })
    public List<Object> items = new ArrayList<>();

    /** An empty element. */
    public IReturnValueElement() {
    }
}
