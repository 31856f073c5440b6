package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code SIMPLERSP} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "SIMPLERSP")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"response"})
public final class SimpleRspElement {
    /** Child METHODRESPONSE | IMETHODRESPONSE. */
    @XmlElements({
        @XmlElement(name = "METHODRESPONSE", type = MethodResponseElement.class),
        @XmlElement(name = "IMETHODRESPONSE", type = IMethodResponseElement.class)
    })
    public Object response;

    /** An empty element. */
    public SimpleRspElement() {
    }
}
