package org.compass.model.network;

/** A sliding window (kernel, stride, padding, dilation) of a convolution or pooling node. */
public record Window(int kernelH, int kernelW, int strideH, int strideW,
                     int padH, int padW, int dilationH, int dilationW, boolean ceilMode) {

    public Window {
        if (kernelH <= 0 || kernelW <= 0 || strideH <= 0 || strideW <= 0 || dilationH <= 0 || dilationW <= 0) {
            throw new IllegalArgumentException("kernel, stride and dilation must be positive");
        }
        if (padH < 0 || padW < 0) {
            throw new IllegalArgumentException("padding must not be negative");
        }
    }

    /** A square window with equal stride and padding, no dilation, floor rounding. */
    public static Window square(int kernel, int stride, int pad) {
        return new Window(kernel, kernel, stride, stride, pad, pad, 1, 1, false);
    }

    /** The same window rounding the output size up (PyTorch's ceil_mode). */
    public Window withCeilMode() {
        return new Window(kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW, true);
    }

    /**
     * Output height for an input of the given height.
     *
     * @throws ArithmeticException when it exceeds {@link Integer#MAX_VALUE} (see {@link #outputRows(long)})
     */
    public int outputHeight(int in) {
        return Math.toIntExact(outputRows(in));
    }

    /**
     * Output width for an input of the given width.
     *
     * @throws ArithmeticException when it exceeds {@link Integer#MAX_VALUE} (see {@link #outputColumns(long)})
     */
    public int outputWidth(int in) {
        return Math.toIntExact(outputColumns(in));
    }

    /** Output height for an input of the given height, exact for any int window (0 when the window does not fit). */
    public long outputRows(long in) {
        return outputSize(in, kernelH, strideH, padH, dilationH);
    }

    /** Output width for an input of the given width, exact for any int window (0 when the window does not fit). */
    public long outputColumns(long in) {
        return outputSize(in, kernelW, strideW, padW, dilationW);
    }

    private long outputSize(long in, long k, long s, long p, long d) {
        // every term is below 2^33 in magnitude, so long arithmetic is exact
        long span = in + 2 * p - d * (k - 1) - 1;
        if (span < 0) {
            return 0;
        }
        long out = ceilMode ? (span + s - 1) / s + 1 : span / s + 1;
        // PyTorch: with ceil_mode the last window must start inside the input or left padding.
        if (ceilMode && (out - 1) * s >= in + p) {
            out--;
        }
        return out;
    }
}
