package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code VALUE.REFERENCE} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "VALUE.REFERENCE")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"path"})
public final class ValueReferenceElement {
    /** Child CLASSPATH | LOCALCLASSPATH | CLASSNAME | INSTANCEPATH | LOCALINSTANCEPATH | INSTANCENAME. */
    @XmlElements({
        @XmlElement(name = "CLASSPATH", type = ClassPathElement.class),
        @XmlElement(name = "LOCALCLASSPATH", type = LocalClassPathElement.class),
        @XmlElement(name = "CLASSNAME", type = ClassNameElement.class),
        @XmlElement(name = "INSTANCEPATH", type = InstancePathElement.class),
        @XmlElement(name = "LOCALINSTANCEPATH", type = LocalInstancePathElement.class),
        @XmlElement(name = "INSTANCENAME", type = InstanceNameElement.class)
    })
    public Object path;

    /** An empty element. */
    public ValueReferenceElement() {
    }
}
