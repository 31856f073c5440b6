package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code SIMPLEEXPRSP} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "SIMPLEEXPRSP")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"response"})
public final class SimpleExpRspElement {
    /** Child EXPMETHODRESPONSE. */
    @XmlElement(name = "EXPMETHODRESPONSE")
    public ExpMethodResponseElement response;

    /** An empty element. */
    public SimpleExpRspElement() {
    }
}
