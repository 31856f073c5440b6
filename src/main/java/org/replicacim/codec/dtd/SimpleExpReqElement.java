package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;
import java.util.ArrayList;
import java.util.List;

/** The DSP0201 element {@code SIMPLEEXPREQ} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "SIMPLEEXPREQ")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"correlators", "call"})
public final class SimpleExpReqElement {
    /** Child CORRELATOR. */
    @XmlElement(name = "CORRELATOR")
    public List<CorrelatorElement> correlators = new ArrayList<>();
    /** Child EXPMETHODCALL. */
    @XmlElement(name = "EXPMETHODCALL")
    public ExpMethodCallElement call;

    /** An empty element. */
    public SimpleExpReqElement() {
    }
}
