package org.compass.solver.cost;

import java.util.Arrays;

/**
 * The chain bound of cost model v2 ({@code docs/cost-model.md}, "v2: an exact search"): a floor under the compute
 * phase of one partition whose units may still choose among several own times, at every budget of extra crossbars
 * (or rows) the choices may spend together. The longest chain of stage starts, each unit's choice paid from one
 * budget shared with its ancestors.
 *
 * <p>Valid because a stage starts no earlier than its producer's start plus the least of the producer's own time
 * and (own + (n - 1) max(own, rate)) / bands (n: the producer bands the stage's first band needs; the producer's
 * steady rate is at least its own time and the given floor) plus a hop, ends no earlier than its start plus one
 * own time and B - 1 steady periods, and whatever the units before a stage spend, each of its producers and their
 * ancestors spend no more. Exact on a chain at batch 1 apart from the rates and tails it leaves out; on branches,
 * sibling paths may each spend the whole budget.
 *
 * <p>One instance serves one replication search (one thread): it keeps its per-position arrays between calls, since
 * a search computes this bound for thousands of nodes of the same partition and allocating them each time cost as
 * much as filling them. The loops run budget-innermost, so that the common cases (a unit or producer with one
 * choice, a producer whose floor does not depend on the budget) are plain array passes. Part of the cost model:
 * only {@link ReplicationSearch} uses it, through {@link CostModel#chainBound}.
 */
final class ChainBound {

    private final PipelineTiming.Inbound in;
    private final int batch;
    private double[][] startFloor = new double[0][];  // per position: floor under the stage's start, by budget
    private double[][] endFloor = new double[0][];    // per position: floor under the stage's end, by budget
    private boolean[] wide = new boolean[0];          // per position: whether its floors depend on the budget
    private double[] lead = new double[8];            // per producer choice: its lead (seconds)
    private double[] least = new double[0];           // per budget: a minimum over choices

    /**
     * @param in    the partition's edges ({@link PipelineTiming#inbound})
     * @param batch inputs per batch (B)
     */
    ChainBound(PipelineTiming.Inbound in, int batch) {
        this.in = in;
        this.batch = batch;
    }

    /**
     * The floor at every budget.
     *
     * @param own    per position: the own times (seconds per input) the unit may take
     * @param extra  per position, parallel to own and non-decreasing: the extra crossbars (or rows) each choice
     *               costs, in budget steps; {@code {0}} for a unit with one choice
     * @param budget budget steps the choices may spend together, at most a few thousand
     * @param start  per position: a floor under each stage's start that holds for every choice
     * @param rate   per position: a floor under each stage's steady rate (seconds per input) for every choice
     * @return per budget b from 0 to {@code budget}: seconds, a lower bound on {@code stages(...).computeSeconds()}
     *         for every choice whose extra crossbars together take at most b steps (so that every chain spends at
     *         most b); non-increasing in b
     */
    double[] floor(double[][] own, int[][] extra, int budget, double[] start, double[] rate) {
        int k = in.producers().length;
        int width = budget + 1;
        reserve(k, width);
        double[] compute = new double[width];
        for (int i = 0; i < k; i++) {
            int[] producers = in.producers()[i];
            boolean open = own[i].length > 1;
            for (int q : producers) {
                open |= wide[q] || own[q].length > 1;
            }
            // a floor that no choice upstream can move is one number, so that fixed parts cost O(1) per unit
            int w = open ? width : 1;
            wide[i] = open;
            startOf(i, w, own, extra, start[i], rate);
            endOf(i, w, own, extra, rate);
            double[] e = endFloor[i];
            if (open) {
                for (int b = 0; b < width; b++) {
                    compute[b] = Math.max(compute[b], e[b]);
                }
            } else {
                for (int b = 0; b < width; b++) {
                    compute[b] = Math.max(compute[b], e[0]);
                }
            }
        }
        return compute;
    }

    /** Sets startFloor[i][0..w): the latest of the stage's own floor and each producer's start plus its lead. */
    private void startOf(int i, int w, double[][] own, int[][] extra, double floor, double[] rate) {
        double[] s = startFloor[i];
        Arrays.fill(s, 0, w, floor);
        int[] producers = in.producers()[i];
        double[] hops = in.hops()[i];
        for (int m = 0; m < producers.length; m++) {
            int q = producers[m];
            int choices = own[q].length;
            if (lead.length < choices) {
                lead = new double[choices];
            }
            int producerBands = in.bands()[q];
            int need = in.need()[i][m];
            for (int o = 0; o < choices; o++) {
                // the producer's first band at its own time, the next ones at its steady rate, which is at least
                // its own time and at least its rate with every unit at its fastest
                double lag = (own[q][o] + (need - 1) * Math.max(own[q][o], rate[q])) / producerBands;
                lead[o] = Math.min(own[q][o], lag) + hops[m];
            }
            double[] sq = startFloor[q];
            int[] xq = extra[q];
            if (choices == 1 && xq[0] == 0) {
                // one choice, which costs nothing: the producer's start plus its lead at the same budget
                double c = lead[0];
                if (wide[q]) {
                    for (int b = 0; b < w; b++) {
                        double v = sq[b] + c;
                        if (v > s[b]) {
                            s[b] = v;
                        }
                    }
                } else {
                    double v = sq[0] + c;
                    for (int b = 0; b < w; b++) {
                        if (v > s[b]) {
                            s[b] = v;
                        }
                    }
                }
                continue;
            }
            // at budget b, the producer's cheapest way to reach its lead: a choice that costs x leaves b - x to
            // its ancestors
            // the first choice alone where it costs nothing (every budget can pay for it), else nothing yet
            int from = 0;
            if (xq[0] == 0) {
                double c = lead[0];
                if (wide[q]) {
                    for (int b = 0; b < w; b++) {
                        least[b] = sq[b] + c;
                    }
                } else {
                    Arrays.fill(least, 0, w, sq[0] + c);
                }
                from = 1;
            } else {
                Arrays.fill(least, 0, w, Double.POSITIVE_INFINITY);
            }
            for (int o = from; o < choices && xq[o] < w; o++) {
                int x = xq[o];
                double c = lead[o];
                if (wide[q]) {
                    for (int b = x; b < w; b++) {
                        least[b] = Math.min(least[b], sq[b - x] + c);
                    }
                } else {
                    double v = sq[0] + c;
                    for (int b = x; b < w; b++) {
                        least[b] = Math.min(least[b], v);
                    }
                }
            }
            for (int b = 0; b < w; b++) {
                if (least[b] > s[b]) {
                    s[b] = least[b];
                }
            }
        }
    }

    /**
     * Sets endFloor[i][0..w): a stage ends B own times after it starts, and its last bands after each producer's
     * end; at budget b, the least over the stage's choices, a choice that costs x leaving b - x to its ancestors.
     */
    private void endOf(int i, int w, double[][] own, int[][] extra, double[] rate) {
        double[] e = endFloor[i];
        double[] s = startFloor[i];
        int[] producers = in.producers()[i];
        double[] hops = in.hops()[i];
        int[] tails = in.tails()[i];
        int stageBands = in.bands()[i];
        int[] xi = extra[i];
        int choices = own[i].length;
        // a first choice that costs nothing writes its ends in place (every budget can pay for it); each other
        // choice's ends are built in least and folded into e
        boolean firstInPlace = xi[0] == 0;
        if (!firstInPlace) {
            Arrays.fill(e, 0, w, Double.POSITIVE_INFINITY);
        }
        for (int o = 0; o < choices && xi[o] < w; o++) {
            boolean inPlace = o == 0 && firstInPlace;
            double[] target = inPlace ? e : least;
            int x = xi[o];
            int n = w - x;   // budgets left to the stage's start and its producers: 0..n-1
            double t = own[i][o];
            double bandSeconds = t / stageBands; // as the stages compute it
            double steady = (batch - 1) * Math.max(t, rate[i]);
            for (int r = 0; r < n; r++) {
                target[r] = s[r] + t + steady;
            }
            for (int m = 0; m < producers.length; m++) {
                double[] ep = endFloor[producers[m]];
                double hop = hops[m];
                double tail = tails[m] * bandSeconds;
                if (wide[producers[m]]) {
                    for (int r = 0; r < n; r++) {
                        target[r] = Math.max(target[r], ep[r] + hop + tail);
                    }
                } else {
                    double v = ep[0] + hop + tail;
                    for (int r = 0; r < n; r++) {
                        target[r] = Math.max(target[r], v);
                    }
                }
            }
            if (!inPlace) {
                for (int b = x; b < w; b++) {
                    e[b] = Math.min(e[b], target[b - x]);
                }
            }
        }
    }

    /** Grows the per-position arrays to k positions of at least {@code width} budgets. */
    private void reserve(int k, int width) {
        if (startFloor.length < k) {
            startFloor = Arrays.copyOf(startFloor, k);
            endFloor = Arrays.copyOf(endFloor, k);
            wide = new boolean[k];
        }
        for (int i = 0; i < k; i++) {
            if (startFloor[i] == null || startFloor[i].length < width) {
                startFloor[i] = new double[width];
                endFloor[i] = new double[width];
            }
        }
        if (least.length < width) {
            least = new double[width];
        }
    }
}
