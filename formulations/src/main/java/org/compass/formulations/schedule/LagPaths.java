package org.compass.formulations.schedule;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Longest paths over a {@link ScheduleInstance}'s minimum lags ({@code start[to] >= start[from] + lag}), every
 * activity at its shortest duration (a weight load at the full rate): the resource-free relaxation of the
 * schedule. Lags may be negative (an "ends no earlier" lag between activities of different lengths), and a write
 * and its load streaming through the staging buffer form a cycle of two zero lags; a feasible instance has no
 * cycle of positive length, so label-correcting (a queue of changed activities, Bellman-Ford order) converges.
 * Running time O(activities x lags) at worst, a few passes over the lags in practice (instances of 80-1,000
 * activities). An instance whose lags hold a positive cycle has no schedule; it is reported by
 * {@link IllegalStateException}.
 */
final class LagPaths {

    /** Marks an activity that no lag path reaches from the source. */
    static final long UNREACHED = Long.MIN_VALUE;

    private final ScheduleInstance in;
    private final int n;
    /** Per activity, its outgoing lags {to, lag}. */
    private final List<List<long[]>> out = new ArrayList<>();
    /** Per activity, its incoming lags {from, lag}. */
    private final List<List<long[]>> incoming = new ArrayList<>();

    LagPaths(ScheduleInstance in) {
        this.in = in;
        this.n = in.size();
        for (int a = 0; a < n; a++) {
            out.add(new ArrayList<>());
            incoming.add(new ArrayList<>());
        }
        for (long[] l : in.lags) {
            out.get((int) l[0]).add(new long[] {l[1], l[2]});
            incoming.get((int) l[1]).add(new long[] {l[0], l[2]});
        }
    }

    /**
     * Heads: per activity the earliest start any schedule can give it (every start is at least 0), ticks. Every
     * schedule has {@code start[a] >= heads[a]}, by induction along the lags.
     */
    long[] heads() {
        long[] head = new long[n];
        relax(head, out);
        return head;
    }

    /**
     * Raises heads ({@link #heads()}, or heads raised before) where activity a is known to start no earlier than
     * {@code release} (a lower bound proved elsewhere, {@link HandoverBound}): a's head and every head a lag path from a
     * reaches. With a release that holds in every schedule, so do the raised heads, by the same induction as
     * {@link #heads()}. Costs the lags from a onwards, not a pass over the whole instance.
     */
    void raise(long[] head, int a, long release) {
        if (release <= head[a]) {
            return;
        }
        head[a] = release;
        relax(head, out, null, a);
    }

    /**
     * Longest lag paths to one activity's start: per activity the least {@code start[target] - start[a]} of any
     * schedule implied by the lags, or {@link #UNREACHED} where no lag path leads from it to the target.
     */
    long[] to(int target) {
        return to(target, null);
    }

    /**
     * As {@link #to(int)}, over the paths that stay inside {@code within} (null: all activities). Each such path is a
     * path of the instance, so the distances are at most {@link #to(int)}'s: where they already show an order, so
     * does the instance. A search that stays among a few partitions costs their lags, not the whole instance's.
     */
    long[] to(int target, boolean[] within) {
        long[] d = new long[n];
        Arrays.fill(d, UNREACHED);
        d[target] = 0;
        relax(d, incoming, within);
        return d;
    }

    /**
     * Tails: per activity the least time from its start to the makespan, ticks: at least its own duration, and
     * at least {@code lag + tails[to]} for each lag leaving it (the makespan is at least {@code start[to] +
     * tails[to]}, and {@code start[to] >= start[a] + lag}).
     */
    long[] tails() {
        long[] tail = new long[n];
        for (int a = 0; a < n; a++) {
            tail[a] = in.dur(a);
        }
        relax(tail, incoming);
        return tail;
    }

    /**
     * Longest lag paths from one activity's start: per activity the least {@code start[a] - start[source]} of any
     * schedule implied by the lags, or {@link #UNREACHED}.
     */
    long[] from(int source) {
        long[] d = new long[n];
        Arrays.fill(d, UNREACHED);
        d[source] = 0;
        relax(d, out);
        return d;
    }

    /** Label-correcting longest paths: {@code d[to] >= d[from] + lag} along {@code edges} until nothing changes. */
    private void relax(long[] d, List<List<long[]>> edges) {
        relax(d, edges, null);
    }

    /** As above, along the edges between activities of {@code within} only (null: every edge). */
    private void relax(long[] d, List<List<long[]>> edges, boolean[] within) {
        relax(d, edges, within, -1);
    }

    /**
     * As above, starting from one changed activity ({@code source}; -1: from every reached one, when d holds no
     * longest paths yet).
     */
    private void relax(long[] d, List<List<long[]>> edges, boolean[] within, int source) {
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        boolean[] queued = new boolean[n];
        int[] passes = new int[n];
        for (int a = 0; a < n; a++) {
            if (d[a] != UNREACHED && (source < 0 || a == source)) {
                queue.add(a);
                queued[a] = true;
            }
        }
        while (!queue.isEmpty()) {
            int a = queue.poll();
            queued[a] = false;
            if (++passes[a] > n + 1) {
                throw new IllegalStateException("the lags hold a cycle of positive length through activity " + a);
            }
            for (long[] e : edges.get(a)) {
                int b = (int) e[0];
                if (within != null && !within[b]) {
                    continue;
                }
                long v = d[a] + e[1];
                if (v > d[b]) {
                    d[b] = v;
                    if (!queued[b]) {
                        queue.add(b);
                        queued[b] = true;
                    }
                }
            }
        }
    }
}
