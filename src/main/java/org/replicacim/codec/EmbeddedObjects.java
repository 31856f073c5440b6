package org.replicacim.codec;

import java.util.Objects;
import java.util.function.Function;
import org.replicacim.cim.CimException;
import org.replicacim.cim.CimInstance;
import org.replicacim.codec.dtd.ClassElement;
import org.replicacim.codec.dtd.InstanceElement;

/**
 * Embedded objects (protocol reference §2.7): the text of an {@code INSTANCE} or {@code CLASS} element carried in a
 * string value. Parsing uses the same hardened parser as requests and counts against {@link Limits#maxEmbeddedDepth()}.
 */
public final class EmbeddedObjects {
    private EmbeddedObjects() {
    }

    /** Parses {@code <INSTANCE …>} or {@code <CLASS …>} text into a CimInstance or CimClass; bad text is INVALID_PARAMETER. */
    public static Object parse(String text, Limits limits) throws CimException {
        Objects.requireNonNull(text, "text");
        try {
            return parseElement(text, limits, 1);
        } catch (CodecFault f) {
            throw new CimException(org.replicacim.cim.CimStatus.INVALID_PARAMETER,
                    "embedded object cannot be parsed: " + f.getMessage(), f);
        }
    }

    /** Parses embedded instance text; a CLASS is INVALID_PARAMETER. */
    public static CimInstance parseInstance(String text, Limits limits) throws CimException {
        Object o = parse(text, limits);
        if (o instanceof CimInstance i) {
            return i;
        }
        throw new CimException(org.replicacim.cim.CimStatus.INVALID_PARAMETER, "embedded object is a CLASS, not an INSTANCE");
    }

    /**
     * The parser as a function for the operation layer (wbemcli sends embedded instances as untyped strings): returns a
     * CimInstance or CimClass, throws IllegalArgumentException with the fault on bad text.
     */
    public static Function<String, Object> parser(Limits limits) {
        return text -> {
            try {
                return parse(text, limits);
            } catch (CimException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        };
    }

    /** The CIM-XML text of an instance (without path) or a class, as it travels inside a string value. */
    public static String format(Object instanceOrClass) {
        return new ModelWriter(null, null).embeddedText(instanceOrClass);
    }

    static Object parseElement(String text, Limits limits, int depth) {
        Object root = XmlIo.unmarshal(text, limits, Object.class);
        ModelDecoder dec = new ModelDecoder(limits, depth);
        if (root instanceof InstanceElement ie) {
            return dec.instance(ie, "embedded object");
        }
        if (root instanceof ClassElement ce) {
            return dec.cimClass(ce, "embedded object");
        }
        throw CodecFault.badValue("embedded object must be an INSTANCE or CLASS element, not " + XmlIo.rootName(root.getClass()), null);
    }
}
