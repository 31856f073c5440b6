package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;
import java.util.ArrayList;
import java.util.List;

/** The DSP0201 element {@code METHODCALL} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "METHODCALL")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"path", "params"})
public final class MethodCallElement {
    /** Attribute {@code NAME}. */
    @XmlAttribute(name = "NAME")
    public String name;
    /** Child LOCALCLASSPATH | LOCALINSTANCEPATH. */
    @XmlElements({
        @XmlElement(name = "LOCALCLASSPATH", type = LocalClassPathElement.class),
        @XmlElement(name = "LOCALINSTANCEPATH", type = LocalInstancePathElement.class)
    })
    public Object path;
    /** Child PARAMVALUE. */
    @XmlElement(name = "PARAMVALUE")
    public List<ParamValueElement> params = new ArrayList<>();

    /** An empty element. */
    public MethodCallElement() {
    }
}
