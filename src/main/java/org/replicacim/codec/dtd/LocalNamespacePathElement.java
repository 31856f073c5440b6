package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;
import java.util.ArrayList;
import java.util.List;

/** The DSP0201 element {@code LOCALNAMESPACEPATH} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "LOCALNAMESPACEPATH")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"namespaces"})
public final class LocalNamespacePathElement {
    /** Child NAMESPACE. */
    @XmlElement(name = "NAMESPACE")
    public List<NamespaceElement> namespaces = new ArrayList<>();

    /** An empty element. */
    public LocalNamespacePathElement() {
    }
}
