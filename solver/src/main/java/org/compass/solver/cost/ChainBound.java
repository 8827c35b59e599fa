package org.compass.solver.cost;

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
 * <p>Each floor is a {@link BudgetFloor}: a value per budget step where the budget is counted in a few hundred
 * steps ({@link DenseFloor}), the budgets where it falls where the budget is exact ({@link SparseFloor}: tens to a
 * few hundred of up to a hundred thousand rows). One instance serves one replication search (one thread): it keeps
 * its per-position floors between calls, since a search computes this bound for thousands of nodes of the same
 * partition. Part of the cost model: only {@link ReplicationSearch} uses it, through {@link CostModel#chainBound}.
 */
final class ChainBound {

    private final PipelineTiming.Inbound in;
    private final int batch;
    private final boolean exact;
    private BudgetFloor[] startFloor = new BudgetFloor[0]; // per position: floor under the stage's start, by budget
    private BudgetFloor[] endFloor = new BudgetFloor[0];   // per position: floor under the stage's end, by budget
    private double[] lead = new double[8];                 // per producer choice: its lead (seconds)
    private final BudgetFloor least;                       // scratch: a minimum over choices, or one choice's ends
    private final BudgetFloor compute;                     // the result

    /**
     * @param in    the partition's edges ({@link PipelineTiming#inbound})
     * @param batch inputs per batch (B)
     * @param exact whether budgets are exact crossbars or rows ({@link SparseFloor}), rather than a few hundred
     *              steps of them ({@link DenseFloor})
     */
    ChainBound(PipelineTiming.Inbound in, int batch, boolean exact) {
        this.in = in;
        this.batch = batch;
        this.exact = exact;
        this.least = newFloor();
        this.compute = newFloor();
    }

    private BudgetFloor newFloor() {
        return exact ? new SparseFloor() : new DenseFloor();
    }

    /**
     * The floor at every budget.
     *
     * @param own    per position: the own times (seconds per input) the unit may take
     * @param extra  per position, parallel to own and non-decreasing: the extra budget each choice costs;
     *               {@code {0}} for a unit with one choice
     * @param budget what the choices may spend together; at most a few thousand unless exact
     * @param start  per position: a floor under each stage's start that holds for every choice
     * @param rate   per position: a floor under each stage's steady rate (seconds per input) for every choice
     * @return seconds by budget from 0 to {@code budget}: a lower bound on {@code stages(...).computeSeconds()}
     *         for every choice whose extras together are at most b (so that every chain spends at most b);
     *         non-increasing in b. Scratch storage of this instance, valid until the next call.
     */
    BudgetFloor floor(double[][] own, long[][] extra, long budget, double[] start, double[] rate) {
        int k = in.producers().length;
        reserve(k);
        compute.constant(0);
        for (int i = 0; i < k; i++) {
            startOf(i, own, extra, budget, start[i], rate);
            endOf(i, own, extra, budget, rate);
            compute.fold(endFloor[i], 0, 0, 0, budget, true);
        }
        return compute;
    }

    /** Sets startFloor[i]: the latest of the stage's own floor and each producer's start plus its lead. */
    private void startOf(int i, double[][] own, long[][] extra, long budget, double floor, double[] rate) {
        BudgetFloor s = startFloor[i];
        s.constant(floor);
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
            long[] xq = extra[q];
            if (choices == 1) {
                // one choice: its start plus its lead, folded in directly
                s.fold(startFloor[q], xq[0], lead[0], 0, budget, true);
                continue;
            }
            // at budget b, the producer's cheapest way to reach its lead: a choice that costs x leaves b - x to
            // its ancestors
            if (xq[0] <= budget) {
                least.shifted(startFloor[q], xq[0], lead[0], 0, budget);
            } else {
                least.infinite();
            }
            for (int o = 1; o < choices && xq[o] <= budget; o++) {
                least.fold(startFloor[q], xq[o], lead[o], 0, budget, false);
            }
            s.fold(least, 0, 0, 0, budget, true);
        }
    }

    /**
     * Sets endFloor[i]: a stage ends B own times after it starts, and its last bands after each producer's end;
     * at budget b, the least over the stage's choices, a choice that costs x leaving b - x to its ancestors.
     */
    private void endOf(int i, double[][] own, long[][] extra, long budget, double[] rate) {
        int[] producers = in.producers()[i];
        double[] hops = in.hops()[i];
        int[] tails = in.tails()[i];
        int stageBands = in.bands()[i];
        long[] xi = extra[i];
        int choices = own[i].length;
        BudgetFloor e = endFloor[i];
        boolean none = true; // no choice in e yet
        for (int o = 0; o < choices && xi[o] <= budget; o++) {
            double t = own[i][o];
            double bandSeconds = t / stageBands; // as the stages compute it
            double steady = (batch - 1) * Math.max(t, rate[i]);
            if (producers.length <= 1) {
                // a chain's stage: its ends and the fold in one pass
                e.foldStage(startFloor[i], t, steady, producers.length == 1 ? endFloor[producers[0]] : null,
                        producers.length == 1 ? hops[0] : 0, producers.length == 1 ? tails[0] * bandSeconds : 0,
                        xi[o], budget, none);
                none = false;
                continue;
            }
            // this choice's ends by the budget left to its start and producers, then shifted by what it costs; a
            // first choice that costs nothing is built in place (every budget can pay for it)
            boolean inPlace = none && xi[o] == 0;
            BudgetFloor target = inPlace ? e : least;
            long left = budget - xi[o];
            target.shifted(startFloor[i], 0, t, steady, left);
            for (int m = 0; m < producers.length; m++) {
                target.fold(endFloor[producers[m]], 0, hops[m], tails[m] * bandSeconds, left, true);
            }
            if (inPlace) {
                // nothing to fold
            } else if (none) {
                e.shifted(target, xi[o], 0, 0, budget);
            } else {
                e.fold(target, xi[o], 0, 0, budget, false);
            }
            none = false;
        }
        if (none) {
            e.infinite();
        }
    }

    /** Grows the per-position floors to k positions. */
    private void reserve(int k) {
        if (startFloor.length < k) {
            int from = startFloor.length;
            startFloor = java.util.Arrays.copyOf(startFloor, k);
            endFloor = java.util.Arrays.copyOf(endFloor, k);
            for (int i = from; i < k; i++) {
                startFloor[i] = newFloor();
                endFloor[i] = newFloor();
            }
        }
    }
}
