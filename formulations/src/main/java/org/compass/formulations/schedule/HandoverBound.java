package org.compass.formulations.schedule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A lower bound on the makespan from the crossbars that one partition hands over to the next (issue 12, item 1;
 * proof in docs/scheduling.md, "The crossbar hand-over bound"). With prefetch, partition p+1's weights may be written
 * while p computes, but only into the crossbars p leaves free: until p's first stage ends (its first crossbars are
 * released, at R_p), p holds all of its crossbars X_p, so the writes of p+1 that start before R_p hold at most
 * C - X_p crossbars together. The others start at R_p or later and go through the write ports before p+1's write
 * barrier (the milestone its stages wait for). So the barrier is at least {@code R_p + } the port time of p+1's writes
 * less the most port time a set of them holding at most C - X_p crossbars can take (a 0/1 knapsack). With each
 * partition's barrier also at least its own writes' port time after their release (a one-machine bound without
 * preemption's gain: Jackson's), the bounds chain through the lags: p+1's stages start after the barrier, so R_{p+1}
 * rises, and with it p+2's barrier. The makespan is at least every activity's raised head plus its tail.
 *
 * <p>The hand-over applies where the instance's lags say that every write of p ends before any stage of p starts,
 * every stage of p+1 starts after every stage of p ends, and a milestone of p+1 follows every write of p+1, and where
 * p+1's writes do not all fit beside p: the prefetch mode, and in full only between partitions of one unit (early
 * start lets a stage run before the rest of its partition is written); early and none model no crossbars. Checked on
 * the lags, not assumed from the mode. It is what closes SqueezeNet on compass-m in prefetch
 * (batch 1: 103.185 us, where the relaxations of {@link RelaxationBound} stop at 95.4 us: 37.2 us of p1's writes do
 * not fit beside p0's 172 crossbars).
 *
 * <p>Running time: a longest-path pass per stage, per milestone and per raised barrier, and a knapsack over
 * crossbars per boundary (O(units x C); a fractional knapsack, which overestimates the prefetched time and so stays
 * a bound, beyond {@link #KNAPSACK_CELLS}): 1-40 ms on the problem files (VGG-16 on compass-s, 710 activities: about
 * 10 ms once warm, 65 ms cold), about as long as {@link RelaxationBound}.
 */
final class HandoverBound {

    /** The largest exact knapsack, items x capacity cells; beyond it the fractional bound is used. */
    static final long KNAPSACK_CELLS = 20_000_000L;

    private final ScheduleInstance in;
    private final LagPaths paths;
    private final int parts;
    /** Per partition, its writes. */
    private final List<List<Integer>> writes = new ArrayList<>();
    /** Per partition, its write barrier: a milestone every write of it ends before; -1 if none. */
    private final int[] barrier;
    /** Whether the knapsack of the boundary p -> p+1 may be taken: false to leave p+1 no prefetch at all (a test). */
    private final boolean prefetchAllowed;

    private HandoverBound(ScheduleInstance in, boolean prefetchAllowed) {
        this.in = in;
        this.paths = new LagPaths(in);
        this.prefetchAllowed = prefetchAllowed;
        int p = 0;
        for (int a = 0; a < in.size(); a++) {
            p = Math.max(p, in.partition.get(a) + 1);
        }
        this.parts = p;
        for (int q = 0; q < parts; q++) {
            writes.add(new ArrayList<>());
        }
        for (int a = 0; a < in.size(); a++) {
            if (in.type.get(a) == ScheduleInstance.Type.WRITE) {
                writes.get(in.partition.get(a)).add(a);
            }
        }
        this.barrier = new int[parts];
        Arrays.fill(barrier, -1);
        for (int a = 0; a < in.size(); a++) {
            int q = in.partition.get(a);
            if (in.type.get(a) == ScheduleInstance.Type.MILESTONE && barrier[q] < 0 && !writes.get(q).isEmpty()
                    && allEndBefore(writes.get(q), paths.to(a, partitions(q, q)))) {
                barrier[q] = a;
            }
        }
    }

    /** The bound of an instance, ticks: every activity's raised head ({@link #heads}) plus its tail. */
    static long of(ScheduleInstance in) {
        return new HandoverBound(in, true).bound();
    }

    /**
     * The bound from heads already raised ({@link #heads}), ticks: the most of any activity's head plus its tail
     * ({@link LagPaths#tails()}), so that a caller holding the heads does not raise them again.
     */
    static long of(ScheduleInstance in, long[] heads) {
        return latestEnd(heads, new LagPaths(in).tails());
    }

    /**
     * Heads raised by the hand-over: per activity a start no schedule of the instance can beat, ticks; the lags'
     * heads ({@link LagPaths#heads()}) where no boundary qualifies.
     */
    static long[] heads(ScheduleInstance in) {
        return new HandoverBound(in, true).raisedHeads();
    }

    /**
     * A deliberately wrong variant for tests: as if no write of p+1 could start before p releases crossbars (no
     * prefetch at all). It exceeds the optimum wherever prefetching a write pays, which shows the tests can fail.
     */
    static long withoutPrefetch(ScheduleInstance in) {
        return new HandoverBound(in, false).bound();
    }

    private long bound() {
        return latestEnd(raisedHeads(), paths.tails());
    }

    /** The most of head[a] + tail[a] over the activities: a floor under the makespan. */
    private static long latestEnd(long[] head, long[] tail) {
        long m = 0;
        for (int a = 0; a < head.length; a++) {
            m = Math.max(m, head[a] + tail[a]);
        }
        return m;
    }

    private long[] raisedHeads() {
        long[] head = paths.heads();
        if (!in.crossbarsModelled) {
            return head;
        }
        // in partition order: p's barrier and its hand-over to p+1 rely on the heads that p-1's raised
        for (int p = 0; p < parts; p++) {
            if (barrier[p] >= 0) {
                paths.raise(head, barrier[p], portTime(writes.get(p), head));
            }
            if (p + 1 < parts && handsOver(p)) {
                paths.raise(head, barrier[p + 1], handover(p, head));
            }
        }
        return head;
    }

    /**
     * Whether the boundary p -> p+1 qualifies: both partitions write, p+1 has a barrier, every write of p ends
     * before every stage of p starts, and every stage of p+1 starts after every stage of p ends (by the lags).
     */
    private boolean handsOver(int p) {
        if (writes.get(p).isEmpty() || writes.get(p + 1).isEmpty() || barrier[p + 1] < 0) {
            return false;
        }
        // paths inside the two partitions: they show the order where the instance's (all of them) would
        boolean[] within = partitions(p, p + 1);
        List<Integer> stages = stages(p);
        for (int u : stages) {
            if (!allEndBefore(writes.get(p), paths.to(u, within))) {
                return false;
            }
        }
        for (int j : stages(p + 1)) {
            if (!allEndBefore(stages, paths.to(j, within))) {
                return false;
            }
        }
        return true;
    }

    /** The activities of partitions first to last. */
    private boolean[] partitions(int first, int last) {
        boolean[] within = new boolean[in.size()];
        for (int a = 0; a < in.size(); a++) {
            within[a] = in.partition.get(a) >= first && in.partition.get(a) <= last;
        }
        return within;
    }

    /**
     * The least start of p+1's barrier: R_p, p's first crossbar release (the earliest end of one of its stages), plus
     * the port time of p+1's writes less the most of it a set holding at most C - X_p crossbars can take before R_p.
     * Only where p+1's writes do not all fit in C - X_p (else 0, no bound): then at least one of them starts at R_p or
     * later, and the barrier, after it, is at least R_p even when the ones left take no exclusive port time.
     */
    private long handover(int p, long[] head) {
        long release = Long.MAX_VALUE;
        long held = 0;
        for (int w : writes.get(p)) {
            int st = in.releasedBy.get(w);
            release = Math.min(release, head[st] + in.dur(st));
            // a unit of p holds its crossbars at R_p - 1 only if its write started before: true when it lasts a tick
            if (in.dur(w) > 0) {
                held += in.crossbars.get(w);
            }
        }
        long room = in.chipCrossbars - held;
        if (room < 0) {
            return 0;
        }
        List<Integer> next = writes.get(p + 1);
        long needed = 0;
        for (int j : next) {
            needed += in.crossbars.get(j);
        }
        if (prefetchAllowed && needed <= room) {
            // all of p+1 fits beside p: every write may start before R_p, and then nothing has to follow R_p
            return 0;
        }
        long[] weight = new long[next.size()];
        long[] exclusive = new long[next.size()];
        long[] area = new long[next.size()];
        long exclusiveAll = 0;
        long areaAll = 0;
        for (int i = 0; i < next.size(); i++) {
            int j = next.get(i);
            weight[i] = in.crossbars.get(j);
            exclusive[i] = 2L * in.portDemand.get(j) > in.ports ? in.dur(j) : 0;
            area[i] = in.dur(j) * in.portDemand.get(j);
            exclusiveAll += exclusive[i];
            areaAll += area[i];
        }
        long cap = prefetchAllowed ? room : 0;
        long exclusiveLeft = exclusiveAll - knapsack(weight, exclusive, cap);
        long areaLeft = areaAll - knapsack(weight, area, cap);
        return release + Math.max(exclusiveLeft, (areaLeft + in.ports - 1) / in.ports);
    }

    /**
     * The least time the writes take on the ports after the earliest of them may start: writes taking more than
     * half the ports one after another, and all of them within the ports' area; for every release r, the writes
     * released at r or later end no earlier than r plus their time (Jackson's bound without tails).
     */
    private long portTime(List<Integer> ws, long[] head) {
        List<Integer> sorted = new ArrayList<>(ws);
        sorted.sort(Comparator.comparingLong(a -> head[a]));
        long best = 0;
        long exclusive = 0;
        long area = 0;
        for (int i = sorted.size() - 1; i >= 0; i--) {
            int w = sorted.get(i);
            if (2L * in.portDemand.get(w) > in.ports) {
                exclusive += in.dur(w);
            }
            area += in.dur(w) * in.portDemand.get(w);
            best = Math.max(best, head[w] + Math.max(exclusive, (area + in.ports - 1) / in.ports));
        }
        return best;
    }

    /**
     * The most value a set of items of total weight at most {@code cap} can hold: exact by dynamic programming over
     * the capacity, or, beyond {@link #KNAPSACK_CELLS}, the fractional knapsack's value (at least the exact one).
     */
    static long knapsack(long[] weight, long[] value, long cap) {
        if (cap <= 0) {
            long free = 0;
            for (int i = 0; i < weight.length; i++) {
                free += weight[i] <= 0 ? value[i] : 0;
            }
            return free;
        }
        if (cap * weight.length > KNAPSACK_CELLS) {
            return fractional(weight, value, cap);
        }
        long[] best = new long[(int) cap + 1];
        for (int i = 0; i < weight.length; i++) {
            int w = (int) Math.max(0, weight[i]);
            for (int c = (int) cap; c >= w; c--) {
                best[c] = Math.max(best[c], best[c - w] + value[i]);
            }
        }
        return best[(int) cap];
    }

    /** The fractional knapsack's value: items by value per weight, the last one cut; an upper bound on the 0/1 one. */
    static long fractional(long[] weight, long[] value, long cap) {
        Integer[] order = new Integer[weight.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // value / weight descending, compared by cross-multiplication (weightless items first)
        Arrays.sort(order, (x, y) -> Double.compare((double) value[y] * weight[x], (double) value[x] * weight[y]));
        long left = cap;
        double total = 0;
        for (int i : order) {
            if (weight[i] <= left) {
                left -= Math.max(0, weight[i]);
                total += value[i];
            } else {
                total += (double) value[i] * left / weight[i];
                break;
            }
        }
        return (long) Math.ceil(total);
    }

    /** The stages whose end releases the crossbars of partition p's writes. */
    private List<Integer> stages(int p) {
        List<Integer> s = new ArrayList<>();
        for (int w : writes.get(p)) {
            s.add(in.releasedBy.get(w));
        }
        return s;
    }

    /** Whether every activity of {@code from} ends before the target, by the lag paths to it ({@link LagPaths#to}). */
    private boolean allEndBefore(List<Integer> from, long[] toTarget) {
        for (int a : from) {
            if (toTarget[a] == LagPaths.UNREACHED || toTarget[a] < in.dur(a)) {
                return false;
            }
        }
        return true;
    }
}
