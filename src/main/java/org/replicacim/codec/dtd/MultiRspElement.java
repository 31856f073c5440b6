package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;
import java.util.ArrayList;
import java.util.List;

/** The DSP0201 element {@code MULTIRSP} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "MULTIRSP")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"responses"})
public final class MultiRspElement {
    /** Child SIMPLERSP. */
    @XmlElement(name = "SIMPLERSP")
    public List<SimpleRspElement> responses = new ArrayList<>();

    /** An empty element. */
    public MultiRspElement() {
    }
}
