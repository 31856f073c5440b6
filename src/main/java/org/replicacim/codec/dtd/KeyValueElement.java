package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code KEYVALUE} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "KEYVALUE")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"text"})
public final class KeyValueElement {
    /** Attribute {@code VALUETYPE}. */
    @XmlAttribute(name = "VALUETYPE")
    public String valueType;
    /** Attribute {@code TYPE}. */
    @XmlAttribute(name = "TYPE")
    public String type;
    /** The element's text. */
    @XmlValue
    public String text;

    /** An empty element. */
    public KeyValueElement() {
    }
}
