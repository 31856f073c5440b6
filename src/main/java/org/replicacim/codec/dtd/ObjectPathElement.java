package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code OBJECTPATH} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "OBJECTPATH")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"path"})
public final class ObjectPathElement {
    /** Child INSTANCEPATH | CLASSPATH. */
    @XmlElements({
        @XmlElement(name = "INSTANCEPATH", type = InstancePathElement.class),
        @XmlElement(name = "CLASSPATH", type = ClassPathElement.class)
    })
    public Object path;

    /** An empty element. */
    public ObjectPathElement() {
    }
}
