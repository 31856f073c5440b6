package org.replicacim.codec;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.replicacim.codec.dtd.Dtd;

/**
 * The one JAXB context (for writing) and the one hardened StAX input factory of the codec (both thread-safe), and the
 * bounded reading every reader goes through ({@link ElementReader}; protocol reference §8.2).
 */
final class XmlIo {
    static final JAXBContext CONTEXT;
    static final XMLInputFactory INPUT;

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
     * One spare marshaller per thread: JAXB's are not thread-safe but reusable, and creating them per message showed
     * in profiles. Taking empties the slot, so nested or overlapping uses get fresh ones; giving back from another
     * thread just fills that thread's slot.
     */
    private static final ThreadLocal<Marshaller> SPARE_MARSHALLER = new ThreadLocal<>();

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
        XMLStreamReader raw = null;
        try {
            raw = source.open();
            ElementReader reader = new ElementReader(raw, limits);
            Object root = reader.root();
            if (!rootType.isInstance(root)) {
                throw CodecFault.invalid("expected root element " + rootName(rootType) + ", got "
                        + (root == null ? "nothing" : rootName(root.getClass())));
            }
            reader.finish();
            return rootType.cast(root);
        } catch (XMLStreamException | RuntimeException e) {
            if (e instanceof CodecFault f) {
                throw f;
            }
            if (counted != null && counted.exceeded) {
                throw CodecFault.protocol(ProtocolError.REQUEST_TOO_LARGE,
                        "body longer than the limit of " + limits.maxBytes() + " bytes");
            }
            Throwable t = e;
            while (t != null) {
                if (t instanceof CharacterCodingException || t instanceof java.io.CharConversionException) {
                    throw CodecFault.protocol(ProtocolError.REQUEST_NOT_WELL_FORMED, "body is not valid UTF-8", e);
                }
                if (t instanceof XMLStreamException) {
                    throw CodecFault.protocol(ProtocolError.REQUEST_NOT_WELL_FORMED,
                            "not well-formed XML: " + message(t), e);
                }
                t = t.getCause() == t ? null : t.getCause();
            }
            throw CodecFault.protocol(ProtocolError.REQUEST_NOT_WELL_FORMED, "cannot parse: " + message(e), e);
        } finally {
            close(raw);
        }
    }

    /**
     * Closing hands Woodstox's buffers back to its per-thread recycler also when a parse stops early (a complete
     * document gives them back at its end); the input stream itself stays open.
     */
    private static void close(XMLStreamReader raw) {
        if (raw != null) {
            try {
                raw.close();
            } catch (XMLStreamException e) {
                // nothing was held but buffers
            }
        }
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.replaceAll("\\s+", " ").trim();
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
}
