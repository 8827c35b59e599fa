package org.compass.solver.cost;

import java.util.Arrays;

/**
 * A {@link BudgetFloor} as a value per budget step from 0 to the cap, or one value when it does not depend on the
 * budget (so that the parts of a partition no open unit reaches cost O(1)). For budgets counted in a few hundred
 * steps: its loops are plain array passes, which the JIT vectorizes.
 *
 * <p>Mutable scratch storage, owned by one {@link ChainBound} (one thread); part of the cost model.
 */
final class DenseFloor implements BudgetFloor {

    private double[] at = new double[1];  // the value at each budget step, [0] alone when flat
    private int width = 1;                // budget steps held; 1 when the value does not depend on the budget

    @Override
    public void constant(double v) {
        width = 1;
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
        int w = widen(cap);
        int s = (int) Math.min(shift, w);
        double[] out = at;
        Arrays.fill(out, 0, s, Double.POSITIVE_INFINITY);
        if (f.width == 1) {
            Arrays.fill(out, s, w, f.at[0] + a + c);
            return;
        }
        double[] g = f.at;
        for (int b = s; b < w; b++) {
            out[b] = g[b - s] + a + c;
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
        if (width == 1) {
            // a constant becomes a value per budget
            double v = at[0];
            widen(cap);
            Arrays.fill(at, 0, w, v);
        }
        width = w;
        int s = (int) Math.min(shift, w);
        double[] out = at;
        if (larger) {
            // below the shift f is +infinity, and so is the larger
            Arrays.fill(out, 0, s, Double.POSITIVE_INFINITY);
        }
        double[] g = f.at;
        if (f.width == 1) {
            double v = g[0] + a + c;
            if (larger) {
                for (int b = s; b < w; b++) {
                    out[b] = Math.max(out[b], v);
                }
            } else {
                for (int b = s; b < w; b++) {
                    out[b] = Math.min(out[b], v);
                }
            }
        } else if (a == 0 && c == 0) {
            // the common folds (a choice's ends into the least, a stage's end into the compute phase): no sums
            if (larger) {
                for (int b = s; b < w; b++) {
                    out[b] = Math.max(out[b], g[b - s]);
                }
            } else {
                for (int b = s; b < w; b++) {
                    out[b] = Math.min(out[b], g[b - s]);
                }
            }
        } else if (c == 0) {
            // a producer's start plus its lead: one sum (x + a + 0 is x + a)
            if (larger) {
                for (int b = s; b < w; b++) {
                    out[b] = Math.max(out[b], g[b - s] + a);
                }
            } else {
                for (int b = s; b < w; b++) {
                    out[b] = Math.min(out[b], g[b - s] + a);
                }
            }
        } else if (larger) {
            for (int b = s; b < w; b++) {
                out[b] = Math.max(out[b], g[b - s] + a + c);
            }
        } else {
            for (int b = s; b < w; b++) {
                out[b] = Math.min(out[b], g[b - s] + a + c);
            }
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
     * Holds budgets 0 to cap (at most a few thousand steps) and returns their count; the values held are lost
     * when the storage grows (callers write them after).
     */
    private int widen(long cap) {
        int w = Math.toIntExact(cap + 1);
        if (at.length < w) {
            at = new double[w];
        }
        width = w;
        return w;
    }
}
