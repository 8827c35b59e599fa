package org.compass.solver.cost;

import java.util.Arrays;

/**
 * The ends a replication search's open units can reach, and what reaching them costs: unit e (the weighted units
 * in branching order, from depth d on) ends no earlier than start_e + B * s_e(r_e), for its start start_e with every
 * open unit at its fastest (starts only grow with own times) and its own time s_e at factor r_e. Part of
 * {@link ReplicationSearch}'s cheap bounds.
 */
final class CandidateEnds {

    private final int[] order;        // positions in the partition's units, branching order
    private final int[][] candidates; // per depth: the factors that shorten the unit's own time, ascending
    private final double[][] own;     // per depth, parallel: the unit's own time at each (seconds per input)
    private final long[] crossbars;   // per depth: crossbars of one replica
    private final long[] rows;        // per depth: rows written by one replica
    private final int batch;

    CandidateEnds(int[] order, int[][] candidates, double[][] own, long[] crossbars, long[] rows, int batch) {
        this.order = order;
        this.candidates = candidates;
        this.own = own;
        this.crossbars = crossbars;
        this.rows = rows;
        this.batch = batch;
    }

    /** The ends start_e + B * s_e(r) of every unit from depth d on and each of its candidate factors, sorted. */
    double[] sorted(int d, double[] start) {
        int count = 0;
        for (int e = d; e < order.length; e++) {
            count += own[e].length;
        }
        double[] ends = new double[count];
        int k = 0;
        for (int e = d; e < order.length; e++) {
            for (double t : own[e]) {
                ends[k++] = start[order[e]] + batch * t;
            }
        }
        Arrays.sort(ends);
        return ends;
    }

    /**
     * A floor under the compute phase from the units from depth d on: the least over factor choices within
     * {@code spare} extra crossbars of the latest end. Found by bisection over the candidate ends, since the
     * crossbars each unit needs to end by a time only shrink as the time grows; 0 when no unit is open.
     */
    double latestReachable(int d, long spare, double[] start) {
        if (d == order.length) {
            return 0;
        }
        double[] ends = sorted(d, start);
        int lo = 0;
        int hi = ends.length - 1; // the latest of all is reachable with nothing spare
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (extraToEndBy(d, ends[mid], spare, start)[0] <= spare) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return ends[lo];
    }

    /**
     * The crossbars and rows beyond the unreplicated ones that the units from depth d on need, each at its least
     * factor that ends by {@code end}: {crossbars, rows}; crossbars is Long.MAX_VALUE when some unit cannot end by
     * then, and counting stops once it passes {@code cap}.
     */
    long[] extraToEndBy(int d, double end, long cap, double[] start) {
        long extra = 0;
        long extraRows = 0;
        for (int e = d; e < order.length && extra <= cap; e++) {
            int k = 0;
            while (k < own[e].length && start[order[e]] + batch * own[e][k] > end) {
                k++;
            }
            if (k == own[e].length) {
                return new long[] {Long.MAX_VALUE, extraRows};
            }
            extra += (candidates[e][k] - 1) * crossbars[e];
            extraRows += (candidates[e][k] - 1) * rows[e];
        }
        return new long[] {extra, extraRows};
    }
}
