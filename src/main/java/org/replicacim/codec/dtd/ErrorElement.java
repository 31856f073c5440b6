package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;
import java.util.ArrayList;
import java.util.List;

/** The DSP0201 element {@code ERROR} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "ERROR")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"instances"})
public final class ErrorElement {
    /** Attribute {@code CODE}. */
    @XmlAttribute(name = "CODE")
    public String code;
    /** Attribute {@code DESCRIPTION}. */
    @XmlAttribute(name = "DESCRIPTION")
    public String description;
    /** Child INSTANCE. */
    @XmlElement(name = "INSTANCE")
    public List<InstanceElement> instances = new ArrayList<>();

    /** An empty element. */
    public ErrorElement() {
    }
}
