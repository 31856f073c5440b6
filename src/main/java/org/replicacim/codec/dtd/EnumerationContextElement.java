package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code ENUMERATIONCONTEXT} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "ENUMERATIONCONTEXT")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"text"})
public final class EnumerationContextElement {
    /** The element's text. */
    @XmlValue
    public String text;

    /** An empty element. */
    public EnumerationContextElement() {
    }
}
