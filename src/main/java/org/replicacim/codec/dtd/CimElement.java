package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code CIM} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "CIM")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"message"})
public final class CimElement {
    /** Attribute {@code CIMVERSION}. */
    @XmlAttribute(name = "CIMVERSION")
    public String cimVersion;
    /** Attribute {@code DTDVERSION}. */
    @XmlAttribute(name = "DTDVERSION")
    public String dtdVersion;
    /** Child MESSAGE. */
    @XmlElement(name = "MESSAGE")
    public MessageElement message;

    /** An empty element. */
    public CimElement() {
    }
}
