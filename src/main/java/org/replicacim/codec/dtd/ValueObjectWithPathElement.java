package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code VALUE.OBJECTWITHPATH} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "VALUE.OBJECTWITHPATH")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"path", "object"})
public final class ValueObjectWithPathElement {
    /** Child CLASSPATH | INSTANCEPATH. */
    @XmlElements({
        @XmlElement(name = "CLASSPATH", type = ClassPathElement.class),
        @XmlElement(name = "INSTANCEPATH", type = InstancePathElement.class)
    })
    public Object path;
    /** Child CLASS | INSTANCE. */
    @XmlElements({
        @XmlElement(name = "CLASS", type = ClassElement.class),
        @XmlElement(name = "INSTANCE", type = InstanceElement.class)
    })
    public Object object;

    /** An empty element. */
    public ValueObjectWithPathElement() {
    }
}
