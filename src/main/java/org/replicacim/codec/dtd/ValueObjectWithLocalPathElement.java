package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code VALUE.OBJECTWITHLOCALPATH} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "VALUE.OBJECTWITHLOCALPATH")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"path", "object"})
public final class ValueObjectWithLocalPathElement {
    /** Child LOCALCLASSPATH | LOCALINSTANCEPATH. */
    @XmlElements({
        @XmlElement(name = "LOCALCLASSPATH", type = LocalClassPathElement.class),
        @XmlElement(name = "LOCALINSTANCEPATH", type = LocalInstancePathElement.class)
    })
    public Object path;
    /** Child CLASS | INSTANCE. */
    @XmlElements({
        @XmlElement(name = "CLASS", type = ClassElement.class),
        @XmlElement(name = "INSTANCE", type = InstanceElement.class)
    })
    public Object object;

    /** An empty element. */
    public ValueObjectWithLocalPathElement() {
    }
}
