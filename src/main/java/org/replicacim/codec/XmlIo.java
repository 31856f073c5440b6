package org.replicacim.codec;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.ValidationEvent;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;
import org.replicacim.codec.dtd.Dtd;

/**
 * The one JAXB context and the one hardened StAX input factory of the codec (both thread-safe), and the bounded
 * unmarshalling every reader goes through (protocol reference §8.2).
 */
final class XmlIo {
    static final JAXBContext CONTEXT;
    private static final XMLInputFactory INPUT;

    static {
        try {
            CONTEXT = JAXBContext.newInstance(Dtd.ELEMENT_CLASSES);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
        // Woodstox rather than the JDK parser: the JDK's XMLStreamReader costs as much to create as a small request
        // costs to parse (it copies its whole property set each time); Woodstox shares its configuration.
        XMLInputFactory f = new com.ctc.wstx.stax.WstxInputFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setProperty(org.codehaus.stax2.XMLInputFactory2.P_INTERN_NAMES, true);
        f.setProperty(com.ctc.wstx.api.WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, 32);
        f.setProperty(com.ctc.wstx.api.WstxInputProperties.P_MAX_ENTITY_COUNT, 1000L);
        f.setProperty(com.ctc.wstx.api.WstxInputProperties.P_MAX_ENTITY_DEPTH, 4);
        INPUT = f;
    }

    private XmlIo() {
    }

    /**
     * One spare marshaller and unmarshaller per thread: JAXB's are not thread-safe but reusable, and creating them
     * per message showed in profiles. Taking empties the slot, so nested or overlapping uses get fresh ones; giving
     * back from another thread just fills that thread's slot.
     */
    private static final ThreadLocal<Marshaller> SPARE_MARSHALLER = new ThreadLocal<>();
    private static final ThreadLocal<Unmarshaller> SPARE_UNMARSHALLER = new ThreadLocal<>();

    static Marshaller marshaller() {
        Marshaller spare = SPARE_MARSHALLER.get();
        if (spare != null) {
            SPARE_MARSHALLER.remove();
            return spare;
        }
        try {
            Marshaller m = CONTEXT.createMarshaller();
            m.setProperty(Marshaller.JAXB_FRAGMENT, Boolean.TRUE);
            return m;
        } catch (JAXBException e) {
            throw new IllegalStateException("JAXB marshaller", e);
        }
    }

    /** Gives a marshaller from {@link #marshaller()} back for reuse once it is no longer used. */
    static void release(Marshaller m) {
        if (SPARE_MARSHALLER.get() == null) {
            SPARE_MARSHALLER.set(m);
        }
    }

    /** Marshals one element onto the output (never self-closing, escaped for CIM-XML clients). */
    static void marshal(Marshaller m, Object element, CimXmlOutput out) {
        try {
            m.marshal(element, out);
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot write " + element.getClass().getSimpleName(), e);
        }
    }

    /** Parses a whole document from bytes, within the limits; the root must be of the expected class. */
    static <T> T unmarshal(InputStream body, Limits limits, Class<T> rootType) {
        CountingStream counted = new CountingStream(body, limits.maxBytes());
        // the parser decodes UTF-8 itself (no per-request decoder buffers) and reports malformed bytes
        return unmarshal(() -> INPUT.createXMLStreamReader(counted, "UTF-8"), counted, limits, rootType);
    }

    /** Parses a whole document held in a string (embedded objects). */
    static <T> T unmarshal(String text, Limits limits, Class<T> rootType) {
        if (text.length() > limits.maxBytes()) {
            throw CodecFault.protocol(ProtocolError.REQUEST_TOO_LARGE, "embedded object longer than " + limits.maxBytes());
        }
        return unmarshal(() -> INPUT.createXMLStreamReader(new StringReader(text)), null, limits, rootType);
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
                throw CodecFault.invalid("expected root element " + rootName(rootType) + ", got "
                        + (root == null ? "nothing" : rootName(root.getClass())));
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

    static String rootName(Class<?> type) {
        jakarta.xml.bind.annotation.XmlRootElement r = type.getAnnotation(jakarta.xml.bind.annotation.XmlRootElement.class);
        return r == null ? type.getSimpleName() : r.name();
    }

    /** Counts bytes and stops reading once the count passes the limit. */
    static final class CountingStream extends FilterInputStream {
        private final long max;
        private long count;
        boolean exceeded;

        CountingStream(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        private void add(long n) throws IOException {
            if (n > 0) {
                count += n;
                if (count > max) {
                    exceeded = true;
                    throw new IOException("body longer than " + max + " bytes");
                }
            }
        }

        @Override
        public int read() throws IOException {
            if (exceeded) {
                throw new IOException("body longer than " + max + " bytes");
            }
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (exceeded) {
                throw new IOException("body longer than " + max + " bytes");
            }
            int n = super.read(b, off, (int) Math.min(len, Math.max(1, max - count + 1)));
            add(n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            add(s);
            return s;
        }
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
