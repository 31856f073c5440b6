package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;
import java.util.ArrayList;
import java.util.List;

/** The DSP0201 element {@code IMETHODCALL} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "IMETHODCALL")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"localNamespacePath", "params"})
public final class IMethodCallElement {
    /** Attribute {@code NAME}. */
    @XmlAttribute(name = "NAME")
    public String name;
    /** Child LOCALNAMESPACEPATH. */
    @XmlElement(name = "LOCALNAMESPACEPATH")
    public LocalNamespacePathElement localNamespacePath;
    /** Child IPARAMVALUE. */
    @XmlElement(name = "IPARAMVALUE")
    public List<IParamValueElement> params = new ArrayList<>();

    /** An empty element. */
    public IMethodCallElement() {
    }
}
