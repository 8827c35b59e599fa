package org.compass.model.onnx;

/**
 * An ONNX value during import: its full N-d dimensions (batch 1 included), and either the layer that
 * produces it (an activation) or, for a constant or weight ({@code layer == null}), its contents when
 * they are small and known.
 *
 * <p>A value made by a Pad that is folded into its consumers keeps the unpadded dimensions in
 * {@code unpadded} and the pads to add to the consumer's window, before and after each spatial axis
 * ({@code pads = {top, left, bottom, right}}).
 */
final class Val {

    final long[] dims;
    final Layer layer;
    final double[] data;
    final boolean real;
    final long[] unpadded;
    final int[] pads;

    private Val(long[] dims, Layer layer, double[] data, boolean real, long[] unpadded, int[] pads) {
        this.dims = dims;
        this.layer = layer;
        this.data = data;
        this.real = real;
        this.unpadded = unpadded;
        this.pads = pads;
    }

    static Val activation(long[] dims, Layer layer) {
        return new Val(dims, layer, null, true, null, new int[4]);
    }

    static Val constant(long[] dims, double[] data, boolean real) {
        return new Val(dims, null, data, real, null, new int[4]);
    }

    /** The source padded by a folded Pad: {@code pads = {top, left, bottom, right}}. */
    static Val padded(Val source, long[] dims, int[] pads) {
        return new Val(dims, source.layer, null, true, source.dims, pads.clone());
    }

    boolean isConstant() {
        return layer == null;
    }

    long elements() {
        return Dims.product(dims, 0, dims.length);
    }

    /** The contents as longs; null when unknown. */
    long[] longs() {
        if (data == null) {
            return null;
        }
        long[] out = new long[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = (long) data[i];
        }
        return out;
    }
}
