package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;
import java.util.ArrayList;
import java.util.List;

/** The DSP0201 element {@code PARAMETER.REFARRAY} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "PARAMETER.REFARRAY")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"qualifiers"})
public final class ParameterRefArrayElement {
    /** Attribute {@code NAME}. */
    @XmlAttribute(name = "NAME")
    public String name;
    /** Attribute {@code REFERENCECLASS}. */
    @XmlAttribute(name = "REFERENCECLASS")
    public String referenceClass;
    /** Attribute {@code ARRAYSIZE}. */
    @XmlAttribute(name = "ARRAYSIZE")
    public String arraySize;
    /** Child QUALIFIER. */
    @XmlElement(name = "QUALIFIER")
    public List<QualifierElement> qualifiers = new ArrayList<>();

    /** An empty element. */
    public ParameterRefArrayElement() {
    }
}
