package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;
import java.util.ArrayList;
import java.util.List;

/** The DSP0201 element {@code MULTIREQ} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "MULTIREQ")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"requests"})
public final class MultiReqElement {
    /** Child SIMPLEREQ. */
    @XmlElement(name = "SIMPLEREQ")
    public List<SimpleReqElement> requests = new ArrayList<>();

    /** An empty element. */
    public MultiReqElement() {
    }
}
