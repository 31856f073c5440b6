package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;
import java.util.ArrayList;
import java.util.List;

/** The DSP0201 element {@code SIMPLEREQ} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "SIMPLEREQ")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"correlators", "call"})
public final class SimpleReqElement {
    /** Child CORRELATOR. */
    @XmlElement(name = "CORRELATOR")
    public List<CorrelatorElement> correlators = new ArrayList<>();
    /** Child METHODCALL | IMETHODCALL. */
    @XmlElements({
        @XmlElement(name = "METHODCALL", type = MethodCallElement.class),
        @XmlElement(name = "IMETHODCALL", type = IMethodCallElement.class)
    })
    public Object call;

    /** An empty element. */
    public SimpleReqElement() {
    }
}
