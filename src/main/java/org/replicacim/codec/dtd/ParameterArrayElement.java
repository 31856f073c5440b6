package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;
import java.util.ArrayList;
import java.util.List;

/** The DSP0201 element {@code PARAMETER.ARRAY} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "PARAMETER.ARRAY")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"qualifiers"})
public final class ParameterArrayElement {
    /** Attribute {@code NAME}. */
    @XmlAttribute(name = "NAME")
    public String name;
    /** Attribute {@code TYPE}. */
    @XmlAttribute(name = "TYPE")
    public String type;
    /** Attribute {@code ARRAYSIZE}. */
    @XmlAttribute(name = "ARRAYSIZE")
    public String arraySize;
    /** Child QUALIFIER. */
    @XmlElement(name = "QUALIFIER")
    public List<QualifierElement> qualifiers = new ArrayList<>();

    /** An empty element. */
    public ParameterArrayElement() {
    }
}
