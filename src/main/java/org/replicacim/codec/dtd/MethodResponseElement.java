package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;
import java.util.ArrayList;
import java.util.List;

/** The DSP0201 element {@code METHODRESPONSE} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "METHODRESPONSE")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"error", "returnValue", "params"})
public final class MethodResponseElement {
    /** Attribute {@code NAME}. */
    @XmlAttribute(name = "NAME")
    public String name;
    /** Child ERROR. */
    @XmlElement(name = "ERROR")
    public ErrorElement error;
    /** Child RETURNVALUE. */
    @XmlElement(name = "RETURNVALUE")
    public ReturnValueElement returnValue;
    /** Child PARAMVALUE. */
    @XmlElement(name = "PARAMVALUE")
    public List<ParamValueElement> params = new ArrayList<>();

    /** An empty element. */
    public MethodResponseElement() {
    }
}
