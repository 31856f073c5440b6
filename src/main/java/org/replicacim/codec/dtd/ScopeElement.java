package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code SCOPE} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "SCOPE")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {})
public final class ScopeElement {
    /** Attribute {@code CLASS}. */
    @XmlAttribute(name = "CLASS")
    public String classScope;
    /** Attribute {@code ASSOCIATION}. */
    @XmlAttribute(name = "ASSOCIATION")
    public String associationScope;
    /** Attribute {@code REFERENCE}. */
    @XmlAttribute(name = "REFERENCE")
    public String referenceScope;
    /** Attribute {@code PROPERTY}. */
    @XmlAttribute(name = "PROPERTY")
    public String propertyScope;
    /** Attribute {@code METHOD}. */
    @XmlAttribute(name = "METHOD")
    public String methodScope;
    /** Attribute {@code PARAMETER}. */
    @XmlAttribute(name = "PARAMETER")
    public String parameterScope;
    /** Attribute {@code INDICATION}. */
    @XmlAttribute(name = "INDICATION")
    public String indicationScope;

    /** An empty element. */
    public ScopeElement() {
    }
}
