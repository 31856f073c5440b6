package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;
import java.util.ArrayList;
import java.util.List;

/** The DSP0201 element {@code EXPMETHODCALL} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "EXPMETHODCALL")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"params"})
public final class ExpMethodCallElement {
    /** Attribute {@code NAME}. */
    @XmlAttribute(name = "NAME")
    public String name;
    /** Child EXPPARAMVALUE. */
    @XmlElement(name = "EXPPARAMVALUE")
    public List<ExpParamValueElement> params = new ArrayList<>();

    /** An empty element. */
    public ExpMethodCallElement() {
    }
}
