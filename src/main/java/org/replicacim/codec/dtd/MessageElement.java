package org.replicacim.codec.dtd;

import jakarta.xml.bind.annotation.*;

/** The DSP0201 element {@code MESSAGE} (JAXB binding; for the codec's use only). */
@XmlRootElement(name = "MESSAGE")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"body"})
public final class MessageElement {
    /** Attribute {@code ID}. */
    @XmlAttribute(name = "ID")
    public String id;
    /** Attribute {@code PROTOCOLVERSION}. */
    @XmlAttribute(name = "PROTOCOLVERSION")
    public String protocolVersion;
    /** Child SIMPLEREQ | MULTIREQ | SIMPLERSP | MULTIRSP | SIMPLEEXPREQ | SIMPLEEXPRSP. */
    @XmlElements({
        @XmlElement(name = "SIMPLEREQ", type = SimpleReqElement.class),
        @XmlElement(name = "MULTIREQ", type = MultiReqElement.class),
        @XmlElement(name = "SIMPLERSP", type = SimpleRspElement.class),
        @XmlElement(name = "MULTIRSP", type = MultiRspElement.class),
        @XmlElement(name = "SIMPLEEXPREQ", type = SimpleExpReqElement.class),
        @XmlElement(name = "SIMPLEEXPRSP", type = SimpleExpRspElement.class)
    })
    public Object body;

    /** An empty element. */
    public MessageElement() {
    }
}
