package org.replicacim.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import javax.xml.namespace.NamespaceContext;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The output every CIM-XML document is written to (an XMLStreamWriter for JAXB, plus direct package-private calls for
 * {@link ModelWriter}), written to emit what every CIM-XML client parses (protocol reference §2.1,
 * §2.9): no element is ever self-closed, no comments, CDATA or DOCTYPE; CR in text becomes {@code &#13;}; TAB, LF and
 * CR in attributes become character references; characters XML 1.0 cannot carry become U+FFFD. Output is UTF-8,
 * buffered and pushed to the stream when the buffer passes a threshold at an element boundary.
 */
final class CimXmlOutput implements XMLStreamWriter {
    static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n";
    private static final int FLUSH_THRESHOLD = 32 * 1024;

    private final OutputStream out;
    // starts small: most answers are a few KiB, and a 36 KiB buffer per answer was the largest cost of small ones
    /** Buffers kept per thread between messages (taken by a streaming output, given back by {@link #release()}). */
    private static final class Spare {
        StringBuilder text;
        byte[] bytes;
    }

    private static final ThreadLocal<Spare> SPARE = ThreadLocal.withInitial(Spare::new);
    private static final int KEEP_AT_MOST = 256 * 1024;

    private StringBuilder buf;
    private byte[] bytes;
    private final Deque<String> open = new ArrayDeque<>();
    private boolean startTagOpen;
    private boolean emptyPending;
    private boolean holding;
    private int markLength;
    private boolean markTagOpen;
    private long bytesFlushed;

    /** Writes to the stream (UTF-8); call {@link #release()} when the document is complete. */
    CimXmlOutput(OutputStream out) {
        this.out = out;
        Spare spare = SPARE.get();
        if (spare.text != null) {
            buf = spare.text;
            bytes = spare.bytes;
            spare.text = null;
            spare.bytes = null;
            buf.setLength(0);
        } else {
            buf = new StringBuilder(2048);
        }
    }

    /** Collects into memory (for embedded objects); read with {@link #text()}. */
    CimXmlOutput() {
        this.out = null;
        this.buf = new StringBuilder(256);
    }

    /**
     * Hands this output's buffers to the calling thread for the next message (a small response then allocates almost
     * nothing). The output must not be used afterwards.
     */
    void release() {
        if (out == null || buf == null) {
            return;
        }
        Spare spare = SPARE.get();
        if (spare.text == null && buf.capacity() <= KEEP_AT_MOST) {
            spare.text = buf;
            spare.bytes = bytes != null && bytes.length <= 3 * KEEP_AT_MOST ? bytes : null;
        }
        buf = null;
        bytes = null;
    }

    String text() {
        closeStartTag();
        return buf.toString();
    }

    long bytesFlushed() {
        return bytesFlushed;
    }

    int depth() {
        return open.size();
    }

    void raw(String s) {
        closeStartTag();
        buf.append(s);
    }

    /** Pushes buffered text to the stream if the buffer is large (not while one object is being written). */
    void maybeFlush() {
        if (out != null && !holding && buf.length() >= FLUSH_THRESHOLD) {
            push();
        }
    }

    /**
     * Starts writing one object that must reach the stream whole or not at all: nothing is pushed until
     * {@link #commitObject()}, and {@link #discardObject()} takes back what was written of it (JAXB built the whole
     * element before writing, so an object that failed to encode left no trace; the direct writer keeps that).
     */
    void beginObject() {
        markLength = buf.length();
        markTagOpen = startTagOpen;
        holding = true;
    }

    /** Ends the object begun with {@link #beginObject()}; pushes if the buffer is large. */
    void commitObject() {
        holding = false;
        maybeFlush();
    }

    /** Removes everything written since {@link #beginObject()}. */
    void discardObject() {
        holding = false;
        buf.setLength(markLength);
        startTagOpen = markTagOpen;
    }

    private void push() {
        closeStartTag();
        if (buf.length() == 0) {
            return;
        }
        int n = encodeUtf8();
        buf.setLength(0);
        try {
            out.write(bytes, 0, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bytesFlushed += n;
    }

    /**
     * Encodes the buffer as UTF-8 into {@link #bytes} (kept between pushes) and returns the length; saves the two
     * copies of {@code toString().getBytes()}. Unpaired surrogates never reach the buffer (escape() replaces them).
     */
    private int encodeUtf8() {
        int len = buf.length();
        if (bytes == null || bytes.length < len * 3) {
            bytes = new byte[Math.max(len * 3, 1024)];
        }
        byte[] b = bytes;
        int n = 0;
        for (int i = 0; i < len; i++) {
            char c = buf.charAt(i);
            if (c < 0x80) {
                b[n++] = (byte) c;
            } else if (c < 0x800) {
                b[n++] = (byte) (0xC0 | (c >> 6));
                b[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(buf.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, buf.charAt(++i));
                b[n++] = (byte) (0xF0 | (cp >> 18));
                b[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[n++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                b[n++] = (byte) 0xEF; // U+FFFD for a lone surrogate (escape() already replaces them)
                b[n++] = (byte) 0xBF;
                b[n++] = (byte) 0xBD;
            } else {
                b[n++] = (byte) (0xE0 | (c >> 12));
                b[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[n++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return n;
    }

    private void closeStartTag() {
        if (startTagOpen) {
            buf.append('>');
            startTagOpen = false;
            if (emptyPending) {
                emptyPending = false;
                buf.append("</").append(open.pop()).append('>');
            }
        }
    }

    // ---- direct writing (ModelWriter) ----------------------------------------------------------
    // The same bytes as the XMLStreamWriter calls below, without the element stack: the caller names the end tag.

    /** Opens the start tag {@code <name}; attributes may follow until the next content. */
    void open(String name) {
        closeStartTag();
        buf.append('<').append(name);
        startTagOpen = true;
    }

    /** Writes {@code <name>} with no attributes. */
    void openPlain(String name) {
        closeStartTag();
        buf.append('<').append(name).append('>');
    }

    /** An attribute of the start tag just opened; nothing when the value is null. */
    void attr(String name, String value) {
        if (value != null) {
            buf.append(' ').append(name).append("=\"");
            escape(value, 0, value.length(), true);
            buf.append('"');
        }
    }

    /** Escaped character content. */
    void text(String s) {
        closeStartTag();
        escape(s, 0, s.length(), false);
    }

    /** Closes the element opened with {@link #open} or {@link #openPlain} and flushes if the buffer is large. */
    void close(String name) {
        closeStartTag();
        buf.append("</").append(name).append('>');
        maybeFlush();
    }

    /** An integer as character content (digits and a sign need no escaping; saves the String of each number). */
    void number(long v) {
        closeStartTag();
        buf.append(v);
    }

    /** {@code <name>text</name>} (just the tags when the text is null). */
    void leaf(String name, String text) {
        closeStartTag();
        buf.append('<').append(name).append('>');
        if (text != null) {
            escape(text, 0, text.length(), false);
        }
        buf.append("</").append(name).append('>');
        maybeFlush();
    }

    // ---- escaping ------------------------------------------------------------------------------

    private static boolean forbidden(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF;
    }

    private static boolean plain(char c, boolean attribute) {
        return c >= 0x20 && c != '&' && c != '<' && c != '>' && !(attribute && c == '"') && c < 0xD800;
    }

    private void escape(CharSequence s, int from, int to, boolean attribute) {
        int run = from;
        while (run < to && plain(s.charAt(run), attribute)) {
            run++;
        }
        if (run == to && from == 0 && s instanceof String str && to == str.length()) {
            buf.append(str); // the common case: nothing to escape, one bulk copy
            return;
        }
        buf.append(s, from, run);
        for (int i = run; i < to; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': buf.append("&amp;"); break;
                case '<': buf.append("&lt;"); break;
                case '>': buf.append("&gt;"); break;
                case '"':
                    if (attribute) {
                        buf.append("&quot;");
                    } else {
                        buf.append(c);
                    }
                    break;
                case '\r': buf.append("&#13;"); break;
                case '\t':
                    if (attribute) {
                        buf.append("&#9;");
                    } else {
                        buf.append(c);
                    }
                    break;
                case '\n':
                    if (attribute) {
                        buf.append("&#10;");
                    } else {
                        buf.append(c);
                    }
                    break;
                default:
                    if (Character.isSurrogate(c)) {
                        if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                            buf.append(c).append(s.charAt(i + 1));
                            i++;
                        } else {
                            buf.append('\uFFFD');
                        }
                    } else if (forbidden(c)) {
                        buf.append('\uFFFD');
                    } else {
                        buf.append(c);
                    }
            }
        }
    }

    // ---- XMLStreamWriter -----------------------------------------------------------------------

    @Override
    public void writeStartElement(String localName) {
        closeStartTag();
        buf.append('<').append(localName);
        open.push(localName);
        startTagOpen = true;
    }

    @Override
    public void writeStartElement(String namespaceURI, String localName) {
        writeStartElement(localName);
    }

    @Override
    public void writeStartElement(String prefix, String localName, String namespaceURI) {
        writeStartElement(localName);
    }

    @Override
    public void writeEmptyElement(String localName) {
        writeStartElement(localName);
        emptyPending = true;
    }

    @Override
    public void writeEmptyElement(String namespaceURI, String localName) {
        writeEmptyElement(localName);
    }

    @Override
    public void writeEmptyElement(String prefix, String localName, String namespaceURI) {
        writeEmptyElement(localName);
    }

    @Override
    public void writeEndElement() {
        closeStartTag();
        buf.append("</").append(open.pop()).append('>');
        maybeFlush();
    }

    @Override
    public void writeEndDocument() {
        closeStartTag();
        while (!open.isEmpty()) {
            writeEndElement();
        }
    }

    @Override
    public void close() {
        flush();
    }

    @Override
    public void flush() {
        if (out != null) {
            push();
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void writeAttribute(String localName, String value) {
        if (!startTagOpen) {
            throw new IllegalStateException("attribute " + localName + " outside a start tag");
        }
        attr(localName, Objects.requireNonNull(value, "value"));
    }

    @Override
    public void writeAttribute(String prefix, String namespaceURI, String localName, String value) {
        writeAttribute(localName, value);
    }

    @Override
    public void writeAttribute(String namespaceURI, String localName, String value) {
        writeAttribute(localName, value);
    }

    @Override
    public void writeNamespace(String prefix, String namespaceURI) {
        // CIM-XML uses no XML namespaces.
    }

    @Override
    public void writeDefaultNamespace(String namespaceURI) {
        // CIM-XML uses no XML namespaces.
    }

    @Override
    public void writeComment(String data) {
        // never emitted: wbemcli aborts on comments
    }

    @Override
    public void writeProcessingInstruction(String target) {
        // never emitted
    }

    @Override
    public void writeProcessingInstruction(String target, String data) {
        // never emitted
    }

    @Override
    public void writeCData(String data) {
        writeCharacters(data);
    }

    @Override
    public void writeDTD(String dtd) {
        // never emitted
    }

    @Override
    public void writeEntityRef(String name) throws XMLStreamException {
        throw new XMLStreamException("entity references are not written in CIM-XML");
    }

    @Override
    public void writeStartDocument() {
        raw(DECLARATION);
    }

    @Override
    public void writeStartDocument(String version) {
        raw(DECLARATION);
    }

    @Override
    public void writeStartDocument(String encoding, String version) {
        raw(DECLARATION);
    }

    @Override
    public void writeCharacters(String text) {
        closeStartTag();
        escape(text, 0, text.length(), false);
    }

    @Override
    public void writeCharacters(char[] text, int start, int len) {
        closeStartTag();
        escape(java.nio.CharBuffer.wrap(text, start, len), 0, len, false);
    }

    @Override
    public String getPrefix(String uri) {
        return "";
    }

    @Override
    public void setPrefix(String prefix, String uri) {
        // no namespaces
    }

    @Override
    public void setDefaultNamespace(String uri) {
        // no namespaces
    }

    @Override
    public void setNamespaceContext(NamespaceContext context) {
        // no namespaces
    }

    @Override
    public NamespaceContext getNamespaceContext() {
        return new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                return "";
            }

            @Override
            public String getPrefix(String namespaceURI) {
                return "";
            }

            @Override
            public java.util.Iterator<String> getPrefixes(String namespaceURI) {
                return java.util.Collections.emptyIterator();
            }
        };
    }

    @Override
    public Object getProperty(String name) {
        throw new IllegalArgumentException("no property " + name);
    }
}
