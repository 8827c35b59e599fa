package org.compass.model.onnx;

import java.util.Arrays;
import org.compass.model.network.Shape;

/** Arithmetic on N-d dimensions and the mapping of N-d activations to the model's 3-d shapes. */
final class Dims {

    private Dims() {
    }

    static long product(long[] d, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            p = Math.multiplyExact(p, d[i]);
        }
        return p;
    }

    /** Numpy broadcasting of two shapes; null when they do not broadcast. */
    static long[] broadcast(long[] a, long[] b) {
        int r = Math.max(a.length, b.length);
        long[] out = new long[r];
        for (int i = 0; i < r; i++) {
            long x = i < r - a.length ? 1 : a[i - (r - a.length)];
            long y = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (x != y && x != 1 && y != 1) {
                return null;
            }
            out[i] = x == 1 ? y : x;
        }
        return out;
    }

    /** Normalizes a possibly negative axis against a rank. */
    static int axis(long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= Math.max(rank, 1)) {
            throw new IllegalArgumentException("axis " + axis + " out of range for rank " + rank);
        }
        return (int) a;
    }

    /**
     * The model shape of an activation laid out as NCHW: rank 4 maps to (C, N*H, W), rank 3 [A,B,F] to
     * (F, A*B, 1), rank 2 [N,F] to (F, N, 1); batch is 1, so element counts are kept.
     */
    static Shape nchw(long[] d) {
        return switch (d.length) {
            case 0 -> shape(1, 1, 1);
            case 1 -> shape(d[0], 1, 1);
            case 2 -> shape(d[1], d[0], 1);
            case 3 -> shape(d[2], Math.multiplyExact(d[0], d[1]), 1);
            default -> shape(d[1], Math.multiplyExact(d[0], product(d, 2, d.length - 1)), d[d.length - 1]);
        };
    }

    /** The model shape of a sequence: features (the last dimension) x positions (all others) x 1. */
    static Shape channelsLast(long[] d) {
        if (d.length == 0) {
            return shape(1, 1, 1);
        }
        return shape(d[d.length - 1], product(d, 0, d.length - 1), 1);
    }

    /** The model shape c x h x w; refuses empty (a dimension of 0) and too large shapes. */
    static Shape shape(long c, long h, long w) {
        if (c <= 0 || h <= 0 || w <= 0 || c > Integer.MAX_VALUE || h > Integer.MAX_VALUE || w > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor shape " + c + "x" + h + "x" + w + " is empty or too large"
                    + " (each side at most 2,147,483,647)");
        }
        return new Shape((int) c, (int) h, (int) w);
    }

    static String str(long[] d) {
        return Arrays.toString(d);
    }

    /** Row-major strides of a shape. */
    static long[] strides(long[] d) {
        long[] s = new long[d.length];
        long acc = 1;
        for (int i = d.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= d[i];
        }
        return s;
    }

    /** The flat index into a tensor of shape {@code d} broadcast to {@code out} for the output index. */
    static int broadcastIndex(long flatOut, long[] out, long[] d) {
        long[] outStrides = strides(out);
        long[] inStrides = strides(d);
        int off = out.length - d.length;
        long idx = 0;
        for (int i = 0; i < out.length; i++) {
            long coord = (flatOut / outStrides[i]) % out[i];
            if (i >= off && d[i - off] != 1) {
                idx += coord * inStrides[i - off];
            }
        }
        return (int) idx;
    }
}
