package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;
import java.util.ArrayList;
import java.util.List;

/** The DSP0201 element {@code IMETHODRESPONSE} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "IMETHODRESPONSE")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"error", "returnValue", "params"})
public final class IMethodResponseElement {
    /** Attribute {@code NAME}. */
    @XmlAttribute(name = "NAME")
    public String name;
    /** Child ERROR. */
    @XmlElement(name = "ERROR")
    public ErrorElement error;
    /** Child IRETURNVALUE. */
    @XmlElement(name = "IRETURNVALUE")
    public IReturnValueElement returnValue;
    /** Child PARAMVALUE. */
    @XmlElement(name = "PARAMVALUE")
    public List<ParamValueElement> params = new ArrayList<>();

    /** An empty element. */
    public IMethodResponseElement() {
    }
}
