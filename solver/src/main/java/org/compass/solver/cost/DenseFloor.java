package org.compass.solver.cost;

import java.util.Arrays;

/**
 * A {@link BudgetFloor} as a value per budget step from 0 to the cap, or one value when it does not depend on the
 * budget (so that the parts of a partition no open unit reaches cost O(1)). For budgets counted in a few hundred
 * steps.
 *
 * <p>Every loop reads and writes its arrays at the same index: a shifted argument is first copied into place
 * ({@link #aligned}), since the JIT (C2, Java 17) vectorizes {@code out[b] = max(out[b], g[b] + a)} but not
 * {@code out[b] = max(out[b], g[b - s] + a)}, which measured about five times slower per element here.
 *
 * <p>Mutable scratch storage, owned by one {@link ChainBound} (one thread); part of the cost model.
 */
final class DenseFloor implements BudgetFloor {

    private double[] at = new double[1];      // the value at each budget step, [0] alone when flat
    private int width = 1;                    // budget steps held; 1 when the value does not depend on the budget
    private int spread = 1;                   // when flat: entries of at that hold the value ({@link #spread})
    private double[] moved = new double[1];   // an argument shifted into place ({@link #aligned})

    @Override
    public void constant(double v) {
        width = 1;
        spread = 1;
        at[0] = v;
    }

    @Override
    public void infinite() {
        constant(Double.POSITIVE_INFINITY);
    }

    @Override
    public void shifted(BudgetFloor from, long shift, double a, double c, long cap) {
        DenseFloor f = (DenseFloor) from;
        if (shift == 0 && f.width == 1) {
            constant(f.at[0] + a + c);
            return;
        }
        int w = Math.toIntExact(cap + 1);
        int s = (int) Math.min(shift, w);
        double[] g = aligned(f, s, w);
        widen(w);
        double[] out = at;
        Arrays.fill(out, 0, s, Double.POSITIVE_INFINITY);
        for (int b = s; b < w; b++) {
            out[b] = g[b] + a + c;
        }
    }

    @Override
    public void fold(BudgetFloor from, long shift, double a, double c, long cap, boolean larger) {
        DenseFloor f = (DenseFloor) from;
        if (shift == 0 && width == 1 && f.width == 1) {
            double v = f.at[0] + a + c;
            at[0] = larger ? Math.max(at[0], v) : Math.min(at[0], v);
            return;
        }
        int w = Math.toIntExact(cap + 1);
        int s = (int) Math.min(shift, w);
        double[] g = aligned(f, s, w);
        double[] out = expand(w);
        if (larger) {
            // below the shift f is +infinity, and so is the larger
            Arrays.fill(out, 0, s, Double.POSITIVE_INFINITY);
        }
        if (a == 0 && c == 0) {
            // the common folds (a choice's ends into the least, a stage's end into the compute phase): no sums
            if (larger) {
                for (int b = s; b < w; b++) {
                    out[b] = Math.max(out[b], g[b]);
                }
            } else {
                for (int b = s; b < w; b++) {
                    out[b] = Math.min(out[b], g[b]);
                }
            }
        } else if (c == 0) {
            // a producer's start plus its lead: one sum (x + a + 0 is x + a)
            if (larger) {
                for (int b = s; b < w; b++) {
                    out[b] = Math.max(out[b], g[b] + a);
                }
            } else {
                for (int b = s; b < w; b++) {
                    out[b] = Math.min(out[b], g[b] + a);
                }
            }
        } else if (larger) {
            for (int b = s; b < w; b++) {
                out[b] = Math.max(out[b], g[b] + a + c);
            }
        } else {
            for (int b = s; b < w; b++) {
                out[b] = Math.min(out[b], g[b] + a + c);
            }
        }
    }

    @Override
    public void foldStage(BudgetFloor start, double t, double steady, BudgetFloor end, double hop, double tail,
                          long shift, long cap, boolean replace) {
        DenseFloor s = (DenseFloor) start;
        DenseFloor p = (DenseFloor) end;
        if (shift == 0 && s.width == 1 && (p == null || p.width == 1) && (replace || width == 1)) {
            double v = s.at[0] + t + steady;
            if (p != null) {
                v = Math.max(v, p.at[0] + hop + tail);
            }
            constant(replace ? v : Math.min(at[0], v));
            return;
        }
        int w = Math.toIntExact(cap + 1);
        int sh = (int) Math.min(shift, w);
        double[] out;
        if (replace) {
            widen(w);
            out = at;
            Arrays.fill(out, 0, sh, Double.POSITIVE_INFINITY);
        } else {
            out = expand(w);
        }
        if (sh > 0 && s.width > 1 && p != null && p.width > 1) {
            // both arguments move: the stage's ends first, unshifted, then folded in like any shifted floor
            double[] g = moved(w);
            double[] sv = s.at;
            double[] pv = p.at;
            for (int r = 0; r < w - sh; r++) {
                g[r] = Math.max(sv[r] + t + steady, pv[r] + hop + tail);
            }
            System.arraycopy(g, 0, g, sh, w - sh);
            foldInto(out, g, sh, w, replace);
            return;
        }
        double[] sv = aligned(s, sh, w);
        if (p == null) {
            if (replace) {
                for (int b = sh; b < w; b++) {
                    out[b] = sv[b] + t + steady;
                }
            } else {
                for (int b = sh; b < w; b++) {
                    out[b] = Math.min(out[b], sv[b] + t + steady);
                }
            }
            return;
        }
        double[] pv = aligned(p, sh, w);
        if (replace) {
            for (int b = sh; b < w; b++) {
                out[b] = Math.max(sv[b] + t + steady, pv[b] + hop + tail);
            }
        } else {
            for (int b = sh; b < w; b++) {
                out[b] = Math.min(out[b], Math.max(sv[b] + t + steady, pv[b] + hop + tail));
            }
        }
    }

    private static void foldInto(double[] out, double[] g, int from, int to, boolean replace) {
        if (replace) {
            System.arraycopy(g, from, out, from, to - from);
            return;
        }
        for (int b = from; b < to; b++) {
            out[b] = Math.min(out[b], g[b]);
        }
    }

    @Override
    public long[] costs() {
        long[] cost = new long[width];
        int n = 0;
        for (int b = 0; b < width; b++) {
            if (b == 0 || at[b] < at[b - 1]) {
                cost[n++] = b;
            }
        }
        return Arrays.copyOf(cost, n);
    }

    @Override
    public double[] values() {
        double[] value = new double[width];
        int n = 0;
        for (int b = 0; b < width; b++) {
            if (b == 0 || at[b] < at[b - 1]) {
                value[n++] = at[b];
            }
        }
        return Arrays.copyOf(value, n);
    }

    /**
     * An array A with A[b] = f(b - shift) for b from shift to w - 1: f's own values when the shift is 0 or f is
     * flat, else a copy moved into place (this floor's {@link #moved} storage, so at most one argument per
     * operation may be moved).
     */
    private double[] aligned(DenseFloor f, int shift, int w) {
        if (f.width == 1) {
            return f.spread(w);
        }
        if (shift == 0) {
            return f.at;
        }
        double[] g = moved(w);
        System.arraycopy(f.at, 0, g, shift, w - shift);
        return g;
    }

    private double[] moved(int w) {
        if (moved.length < w) {
            moved = new double[w];
        }
        return moved;
    }

    /**
     * This floor's values at budgets 0 to n - 1 as an array: its own when it depends on the budget (it holds at
     * least n), else its value copied to n entries (kept, so that a floor read against many others is spread once).
     */
    private double[] spread(int n) {
        if (width > 1 || spread >= n) {
            return at;
        }
        double v = at[0];
        if (at.length < n) {
            at = new double[n];
        }
        Arrays.fill(at, 0, n, v);
        spread = n;
        return at;
    }

    /** This floor as w values per budget step (a flat floor spread to them), to be folded into. */
    private double[] expand(int w) {
        double[] out = spread(w);
        width = w;
        return out;
    }

    /** Holds w budget steps; the values held are lost when the storage grows (callers write them after). */
    private void widen(int w) {
        if (at.length < w) {
            at = new double[w];
        }
        width = w;
        spread = 1;
    }
}
