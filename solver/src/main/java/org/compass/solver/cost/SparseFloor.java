package org.compass.solver.cost;

import java.util.Arrays;

/**
 * A {@link BudgetFloor} as its breakpoints: f(b) = {@code value(j)} for the last breakpoint j with
 * {@code cost(j) <= b}, +infinity below the first. Kept only where the value falls, so the work of every operation
 * is linear in the breakpoints rather than in the budget: for exact budgets, where a partition's floors change at
 * tens to a few hundred budgets out of up to a hundred thousand rows.
 *
 * <p>Mutable scratch storage, owned by one {@link ChainBound} (one thread); part of the cost model.
 */
final class SparseFloor implements BudgetFloor {

    private long[] cost = new long[16];     // budgets, strictly increasing
    private double[] value = new double[16]; // the function from each budget on, strictly decreasing
    private int size;
    private long[] spareCost = new long[16];    // storage a merge writes into, then swaps with the above
    private double[] spareValue = new double[16];
    private SparseFloor stage;                   // scratch of foldStage

    @Override
    public void constant(double v) {
        size = 0;
        append(0, v);
    }

    @Override
    public void infinite() {
        size = 0;
    }

    @Override
    public void shifted(BudgetFloor from, long shift, double a, double c, long cap) {
        SparseFloor f = (SparseFloor) from;
        size = 0;
        for (int j = 0; j < f.size; j++) {
            long b = f.cost[j] + shift;
            if (b > cap) {
                break;
            }
            double v = f.value[j] + a + c;
            // additions can round two falling values to one: keep the function strictly falling
            if (size == 0 || v < value[size - 1]) {
                append(b, v);
            }
        }
    }

    @Override
    public void fold(BudgetFloor from, long shift, double a, double c, long cap, boolean larger) {
        SparseFloor f = (SparseFloor) from;
        int capacity = size + f.size;
        if (spareCost.length < capacity) {
            spareCost = new long[Math.max(capacity, 2 * spareCost.length)];
            spareValue = new double[spareCost.length];
        }
        long[] outCost = spareCost;
        double[] outValue = spareValue;
        int n = 0;
        int i = 0;
        int j = 0;
        int fEnd = f.size;
        while (fEnd > 0 && f.cost[fEnd - 1] + shift > cap) {
            fEnd--;
        }
        int end = size;
        while (end > 0 && cost[end - 1] > cap) {
            end--;
        }
        double av = Double.POSITIVE_INFINITY;
        double fv = Double.POSITIVE_INFINITY;
        double last = Double.POSITIVE_INFINITY;
        while (i < end || j < fEnd) {
            long ac = i < end ? cost[i] : Long.MAX_VALUE;
            long fc = j < fEnd ? f.cost[j] + shift : Long.MAX_VALUE;
            long b = Math.min(ac, fc);
            if (ac == b) {
                av = value[i++];
            }
            if (fc == b) {
                fv = f.value[j++] + a + c;
            }
            double v = larger ? Math.max(av, fv) : Math.min(av, fv);
            if (n == 0 || v < last) {
                outCost[n] = b;
                outValue[n] = v;
                n++;
                last = v;
            }
        }
        // the merged breakpoints become this floor's; its old storage the next merge's
        spareCost = cost;
        spareValue = value;
        cost = outCost;
        value = outValue;
        size = n;
    }

    @Override
    public void foldStage(BudgetFloor start, double t, double steady, BudgetFloor end, double hop, double tail,
                          long shift, long cap, boolean replace) {
        if (stage == null) {
            stage = new SparseFloor();
        }
        stage.shifted(start, 0, t, steady, cap - shift);
        if (end != null) {
            stage.fold(end, 0, hop, tail, cap - shift, true);
        }
        if (replace) {
            shifted(stage, shift, 0, 0, cap);
        } else {
            fold(stage, shift, 0, 0, cap, false);
        }
    }

    @Override
    public long[] costs() {
        return Arrays.copyOf(cost, size);
    }

    @Override
    public double[] values() {
        return Arrays.copyOf(value, size);
    }

    private void append(long b, double v) {
        if (size == cost.length) {
            cost = Arrays.copyOf(cost, 2 * size);
            value = Arrays.copyOf(value, 2 * size);
        }
        cost[size] = b;
        value[size] = v;
        size++;
    }
}
