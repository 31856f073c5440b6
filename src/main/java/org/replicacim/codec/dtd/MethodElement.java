package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;
import java.util.ArrayList;
import java.util.List;

/** The DSP0201 element {@code METHOD} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "METHOD")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"qualifiers", "parameters"})
public final class MethodElement {
    /** Attribute {@code NAME}. */
    @XmlAttribute(name = "NAME")
    public String name;
    /** Attribute {@code TYPE}. */
    @XmlAttribute(name = "TYPE")
    public String type;
    /** Attribute {@code CLASSORIGIN}. */
    @XmlAttribute(name = "CLASSORIGIN")
    public String classOrigin;
    /** Attribute {@code PROPAGATED}. */
    @XmlAttribute(name = "PROPAGATED")
    public String propagated;
    /** Child QUALIFIER. */
    @XmlElement(name = "QUALIFIER")
    public List<QualifierElement> qualifiers = new ArrayList<>();
    /** Child PARAMETER | PARAMETER.REFERENCE | PARAMETER.ARRAY | PARAMETER.REFARRAY. */
    @XmlElements({
        @XmlElement(name = "PARAMETER", type = ParameterElement.class),
        @XmlElement(name = "PARAMETER.REFERENCE", type = ParameterReferenceElement.class),
        @XmlElement(name = "PARAMETER.ARRAY", type = ParameterArrayElement.class),
        @XmlElement(name = "PARAMETER.REFARRAY", type = ParameterRefArrayElement.class)
    })
    public List<Object> parameters = new ArrayList<>();

    /** An empty element. */
    public MethodElement() {
    }
}
