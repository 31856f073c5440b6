package org.replicacim.codec;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.ValidationEvent;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.util.Set;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;
import org.replicacim.codec.dtd.Dtd;
import org.replicacim.codec.XmlIo.CountingStream;

/**
 * The JAXB unmarshalling the codec used before {@link ElementReader} (a verbatim copy of the old XmlIo code), kept as
 * the reference the differential test compares the element reader with.
 */
final class JaxbUnmarshal {
    /** Its own context, so the reference does not depend on how the codec writes. */
    private static final JAXBContext CONTEXT;

    static {
        try {
            CONTEXT = JAXBContext.newInstance(Dtd.ELEMENT_CLASSES);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final ThreadLocal<Unmarshaller> SPARE_UNMARSHALLER = new ThreadLocal<>();

    private JaxbUnmarshal() {
    }

    /** Parses a whole document from bytes, within the limits; the root must be of the expected class. */
    static <T> T unmarshal(InputStream body, Limits limits, Class<T> rootType) {
        CountingStream counted = new CountingStream(body, limits.maxBytes());
        // the parser decodes UTF-8 itself (no per-request decoder buffers) and reports malformed bytes
        return unmarshal(() -> XmlIo.INPUT.createXMLStreamReader(counted, "UTF-8"), counted, limits, rootType);
    }

    /** Parses a whole document held in a string (embedded objects). */
    static <T> T unmarshal(String text, Limits limits, Class<T> rootType) {
        if (text.length() > limits.maxBytes()) {
            throw CodecFault.protocol(ProtocolError.REQUEST_TOO_LARGE, "embedded object longer than " + limits.maxBytes());
        }
        return unmarshal(() -> XmlIo.INPUT.createXMLStreamReader(new StringReader(text)), null, limits, rootType);
    }

    /** Opens the parser over the input. */
    @FunctionalInterface
    private interface ReaderSource {
        XMLStreamReader open() throws XMLStreamException;
    }

    private static <T> T unmarshal(ReaderSource source, CountingStream counted, Limits limits, Class<T> rootType) {
        LimitedReader limited = null;
        String[] firstEvent = new String[1];
        try {
            XMLStreamReader raw = source.open();
            limited = new LimitedReader(raw, limits);
            Unmarshaller u = SPARE_UNMARSHALLER.get();
            if (u == null) {
                u = CONTEXT.createUnmarshaller();
            } else {
                SPARE_UNMARSHALLER.remove();
            }
            u.setEventHandler(event -> {
                if (firstEvent[0] == null) {
                    firstEvent[0] = describe(event);
                }
                return false;
            });
            Object root = u.unmarshal(limited);
            u.setEventHandler(null);
            SPARE_UNMARSHALLER.set(u); // only after a clean parse: a failed one may leave it in any state
            if (!rootType.isInstance(root)) {
                throw CodecFault.invalid("expected root element " + XmlIo.rootName(rootType) + ", got "
                        + (root == null ? "nothing" : XmlIo.rootName(root.getClass())));
            }
            limited.finish();
            return rootType.cast(root);
        } catch (XMLStreamException | JAXBException | RuntimeException e) {
            if (e instanceof CodecFault f) {
                throw f;
            }
            if (counted != null && counted.exceeded) {
                throw CodecFault.protocol(ProtocolError.REQUEST_TOO_LARGE,
                        "body longer than the limit of " + limits.maxBytes() + " bytes");
            }
            if (limited != null && limited.fault != null) {
                throw limited.fault;
            }
            if (firstEvent[0] != null) {
                throw CodecFault.protocol(ProtocolError.REQUEST_NOT_VALID, firstEvent[0], e);
            }
            Throwable t = e;
            while (t != null) {
                if (t instanceof CharacterCodingException || t instanceof java.io.CharConversionException) {
                    throw CodecFault.protocol(ProtocolError.REQUEST_NOT_WELL_FORMED, "body is not valid UTF-8", e);
                }
                if (t instanceof XMLStreamException || t instanceof org.xml.sax.SAXParseException) {
                    throw CodecFault.protocol(ProtocolError.REQUEST_NOT_WELL_FORMED,
                            "not well-formed XML: " + message(t), e);
                }
                t = t.getCause() == t ? null : t.getCause();
            }
            throw CodecFault.protocol(ProtocolError.REQUEST_NOT_WELL_FORMED, "cannot parse: " + message(e), e);
        }
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.replaceAll("\\s+", " ").trim();
    }

    private static String describe(ValidationEvent event) {
        String m = event.getMessage() == null ? "invalid element" : event.getMessage().replaceAll("\\s+", " ").trim();
        int expected = m.indexOf(" Expected elements are ");
        if (expected > 0 && m.length() - expected > 160) {
            m = m.substring(0, expected) + " (not allowed here)";
        }
        if (event.getLinkedException() != null && m.isEmpty()) {
            m = message(event.getLinkedException());
        }
        if (event.getLocator() != null && event.getLocator().getLineNumber() > 0) {
            m += " (line " + event.getLocator().getLineNumber() + ", column " + event.getLocator().getColumnNumber() + ")";
        }
        return m;
    }


    /** Enforces depth, element count, attribute length, allowed attributes and refuses any DTD. */
    static final class LimitedReader extends StreamReaderDelegate {
        private final Limits limits;
        private int depth;
        private int elements;
        CodecFault fault;

        LimitedReader(XMLStreamReader r, Limits limits) {
            super(r);
            this.limits = limits;
        }

        private CodecFault fail(CodecFault f) {
            if (fault == null) {
                fault = f;
            }
            return f;
        }

        /**
         * The JDK parser returns element and attribute names from its interned symbol table; saying so spares JAXB
         * from interning every name again (StAXStreamConnector checks these Woodstox property names).
         */
        @Override
        public Object getProperty(String name) {
            if ("org.codehaus.stax2.internNames".equals(name) || "org.codehaus.stax2.internNsUris".equals(name)) {
                return Boolean.TRUE;
            }
            return super.getProperty(name);
        }

        @Override
        public int next() throws XMLStreamException {
            int ev = super.next();
            check(ev);
            return ev;
        }

        @Override
        public int nextTag() throws XMLStreamException {
            int ev;
            do {
                ev = next();
            } while (ev != XMLStreamConstants.START_ELEMENT && ev != XMLStreamConstants.END_ELEMENT
                    && ev != XMLStreamConstants.END_DOCUMENT);
            return ev;
        }

        void finish() throws XMLStreamException {
            while (hasNext()) {
                next();
            }
        }

        private void check(int ev) throws XMLStreamException {
            switch (ev) {
                case XMLStreamConstants.DTD:
                    throw new XMLStreamException(fail(CodecFault.protocol(ProtocolError.REQUEST_NOT_WELL_FORMED,
                            "a DOCTYPE is not allowed in CIM-XML")));
                case XMLStreamConstants.ENTITY_REFERENCE:
                    throw new XMLStreamException(fail(CodecFault.protocol(ProtocolError.REQUEST_NOT_WELL_FORMED,
                            "entity reference &" + getLocalName() + "; is not allowed in CIM-XML")));
                case XMLStreamConstants.START_ELEMENT: {
                    depth++;
                    elements++;
                    String name = getLocalName();
                    if (depth > limits.maxDepth()) {
                        throw new XMLStreamException(fail(CodecFault.protocol(ProtocolError.REQUEST_NOT_WELL_FORMED,
                                "element " + name + " nested deeper than the limit of " + limits.maxDepth())));
                    }
                    if (elements > limits.maxElements()) {
                        throw new XMLStreamException(fail(CodecFault.protocol(ProtocolError.REQUEST_NOT_VALID,
                                "more than " + limits.maxElements() + " elements (at " + name + ")")));
                    }
                    String ns = getNamespaceURI();
                    if (ns != null && !ns.isEmpty()) {
                        throw new XMLStreamException(fail(CodecFault.invalid("element " + name
                                + " is in XML namespace '" + ns + "'; CIM-XML uses no namespaces")));
                    }
                    Set<String> allowed = Dtd.ATTRIBUTES.get(name);
                    int n = getAttributeCount();
                    for (int i = 0; i < n; i++) {
                        String an = getAttributeLocalName(i);
                        String value = getAttributeValue(i);
                        if (value.length() > limits.maxAttributeLength()) {
                            throw new XMLStreamException(fail(CodecFault.protocol(ProtocolError.REQUEST_NOT_VALID,
                                    "attribute " + an + " of " + name + " longer than " + limits.maxAttributeLength())));
                        }
                        String prefix = getAttributePrefix(i);
                        if ("xml".equals(prefix)) {
                            continue; // xml:lang is tolerated on input
                        }
                        if (allowed != null && !allowed.contains(an)) {
                            throw new XMLStreamException(fail(CodecFault.invalid(
                                    "unknown attribute " + an + " on element " + name)));
                        }
                    }
                    break;
                }
                case XMLStreamConstants.END_ELEMENT:
                    depth--;
                    break;
                default:
                    break;
            }
        }
    }
}
