package org.compass.model.network;

/**
 * A sliding window (kernel, stride, padding, dilation) of a convolution or pooling node.
 *
 * <p>{@code padH} and {@code padW} are the padding before the input (top rows, left columns): an output
 * position {@code o} reads input rows from {@code o * strideH - padH}. {@code padBottom} and
 * {@code padRight} are the padding after it; they only change the output size. The nine-argument
 * constructor and {@link #square} pad both sides alike; TensorFlow-style exports ({@code auto_pad} SAME with
 * an even kernel, {@code pads=[0, 0, 1, 1]}) pad one side more.
 */
public record Window(int kernelH, int kernelW, int strideH, int strideW,
                     int padH, int padW, int dilationH, int dilationW, boolean ceilMode,
                     int padBottom, int padRight) {

    public Window {
        if (kernelH <= 0 || kernelW <= 0 || strideH <= 0 || strideW <= 0 || dilationH <= 0 || dilationW <= 0) {
            throw new IllegalArgumentException("kernel, stride and dilation must be positive");
        }
        if (padH < 0 || padW < 0 || padBottom < 0 || padRight < 0) {
            throw new IllegalArgumentException("padding must not be negative");
        }
    }

    /** A window padded alike before and after the input along each axis. */
    public Window(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
                  int dilationH, int dilationW, boolean ceilMode) {
        this(kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW, ceilMode, padH, padW);
    }

    /** A square window with equal stride and padding, no dilation, floor rounding. */
    public static Window square(int kernel, int stride, int pad) {
        return new Window(kernel, kernel, stride, stride, pad, pad, 1, 1, false);
    }

    /** The same window rounding the output size up (PyTorch's ceil_mode). */
    public Window withCeilMode() {
        return new Window(kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW, true, padBottom, padRight);
    }

    /** Whether the padding after the input differs from the padding before it along an axis. */
    public boolean asymmetric() {
        return padBottom != padH || padRight != padW;
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
        return outputSize(in, kernelH, strideH, padH, padBottom, dilationH);
    }

    /** Output width for an input of the given width, exact for any int window (0 when the window does not fit). */
    public long outputColumns(long in) {
        return outputSize(in, kernelW, strideW, padW, padRight, dilationW);
    }

    private long outputSize(long in, long k, long s, long before, long after, long d) {
        // every term is below 2^33 in magnitude, so long arithmetic is exact
        long span = in + before + after - d * (k - 1) - 1;
        if (span < 0) {
            return 0;
        }
        long out = ceilMode ? (span + s - 1) / s + 1 : span / s + 1;
        // PyTorch: with ceil_mode the last window must start inside the input or the padding before it.
        if (ceilMode && (out - 1) * s >= in + before) {
            out--;
        }
        return out;
    }
}
