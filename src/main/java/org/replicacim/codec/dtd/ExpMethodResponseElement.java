package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code EXPMETHODRESPONSE} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "EXPMETHODRESPONSE")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"error", "returnValue"})
public final class ExpMethodResponseElement {
    /** Attribute {@code NAME}. */
    @XmlAttribute(name = "NAME")
    public String name;
    /** Child ERROR. */
    @XmlElement(name = "ERROR")
    public ErrorElement error;
    /** Child IRETURNVALUE. */
    @XmlElement(name = "IRETURNVALUE")
    public IReturnValueElement returnValue;

    /** An empty element. */
    public ExpMethodResponseElement() {
    }
}
