package org.compass.model.network;

/**
 * The largest sizes COMPASS accepts, chosen so that every product of sizes it forms (bytes moved per batch,
 * multiply-accumulates, rows written) fits a {@code long} with room to spare, and so that a network stays
 * small enough to solve in memory. Readers check them before building anything and report the field that
 * exceeds them; {@code docs/reliability.md} lists them.
 */
public final class SizeLimits {

    /** Elements of one activation tensor (2^36, about 6.9e10: 3 x 150,000 x 150,000 pixels). */
    public static final long TENSOR_ELEMENTS = 1L << 36;

    /** Activation elements of all of a network's tensors together (2^40). */
    public static final long NETWORK_ELEMENTS = 1L << 40;

    /** Crossbar weights of one layer, and of the whole network (2^40). */
    public static final long WEIGHTS = 1L << 40;

    /** Multiply-accumulates of the whole network for one input (2^56). */
    public static final long MACS = 1L << 56;

    /** Vector-unit element operations of the whole network for one input (2^56). */
    public static final long VECTOR_OPS = 1L << 56;

    /** Batch size (2^16). */
    public static final int BATCH = 1 << 16;

    /** Bits of a weight, an activation or a crossbar cell. */
    public static final int BITS = 32;

    /** Units (layers and the column slices of layers larger than the chip) of a mapped network. */
    public static final int UNITS = 200_000;

    private SizeLimits() {
    }

    /** {@code a * b}, or -1 when the product does not fit a long (callers compare with a limit). */
    public static long product(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
            return lo;
        }
        return -1;
    }

    /** A size in the form the limits are written in: "2^40 (1,099,511,627,776)". */
    public static String describe(long limit) {
        int log = 63 - Long.numberOfLeadingZeros(limit);
        String exact = String.format("%,d", limit);
        return (1L << log) == limit && log >= 10 ? "2^" + log + " (" + exact + ")" : exact;
    }
}
