package org.replicacim.codec;

/**
 * Bounds the reader enforces on a CIM-XML document: total bytes, element depth, total element count, the length of
 * any one attribute value and how deeply embedded objects may nest inside string values.
 */
public record Limits(long maxBytes, int maxDepth, int maxElements, int maxAttributeLength, int maxEmbeddedDepth) {
    /** Server defaults: 16 MiB, depth 64, 1,000,000 elements, 64 KiB attributes, 4 levels of embedding. */
    public static final Limits DEFAULT = new Limits(16L * 1024 * 1024, 64, 1_000_000, 64 * 1024, 4);

    /** Generous limits for a client reading large responses: 1 GiB, 50,000,000 elements. */
    public static final Limits CLIENT = new Limits(1024L * 1024 * 1024, 64, 50_000_000, 1024 * 1024, 4);

    /** Validates the bounds. */
    public Limits {
        if (maxBytes <= 0 || maxDepth <= 0 || maxElements <= 0 || maxAttributeLength <= 0 || maxEmbeddedDepth < 0) {
            throw new IllegalArgumentException("limits must be positive: " + this);
        }
    }

    /** The default limits. */
    public static Limits defaults() {
        return DEFAULT;
    }

    /** A copy with another byte limit. */
    public Limits withMaxBytes(long bytes) {
        return new Limits(bytes, maxDepth, maxElements, maxAttributeLength, maxEmbeddedDepth);
    }

    /** A copy with another element limit. */
    public Limits withMaxElements(int elements) {
        return new Limits(maxBytes, maxDepth, elements, maxAttributeLength, maxEmbeddedDepth);
    }
}
