package org.compass.formulations.schedule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Serial schedule generation over a {@link ScheduleInstance}: resource-using activities are placed one by one
 * at their earliest feasible tick; activities without resources (stages, milestones, empty transfers) are
 * placed as soon as their predecessors are, at the earliest time the lags allow. Writes start in list order
 * (so every crossbar held is already held when a later write checks capacity). A weight load checks the
 * staging buffer (with prefetch): reservations whose write is not placed yet count at every later time, since
 * in the order of an optimal schedule's starts that write starts after the load does. A unit streaming through
 * the staging buffer (its write starts with its load, rule 10) is placed as one user: the load at the earliest
 * tick where it and the write both fit, the write at the same tick.
 *
 * <p>Used two ways: {@link #natural} gives a feasible schedule fast (the CP model's hint and horizon), and
 * {@link #exact} enumerates every precedence-consistent order of the resource users with branch and bound.
 * With non-negative lags the set of schedules so generated contains an optimal one (each activity of an
 * optimal schedule, taken in start order, is placed no later than in it), so {@code exact} is the reference
 * the CP model is checked against; it is exponential and meant for instances of a dozen resource users.
 */
final class SerialScheduler {

    private final ScheduleInstance in;
    private final int n;
    private final List<List<long[]>> incoming = new ArrayList<>();
    private final List<List<Integer>> outgoing = new ArrayList<>();
    private final long[] start;
    private final int[] missing;
    private final int[] stack;
    private int placed;
    private long writeFloor;
    private final List<Integer> writesPlaced = new ArrayList<>();
    /** For a WEIGHT_LOAD: its unit's WRITE activity; else -1. */
    private final int[] writeOf;
    /** For a WEIGHT_LOAD whose write must start at its start: that WRITE activity; else -1. */
    private final int[] coupled;
    /** Activities without resources whose predecessors were all placed, waiting for {@link #closure}. */
    private final int[] ready;
    private int readyCount;

    SerialScheduler(ScheduleInstance in) {
        this.in = in;
        this.n = in.size();
        for (int a = 0; a < n; a++) {
            incoming.add(new ArrayList<>());
            outgoing.add(new ArrayList<>());
        }
        writeOf = new int[n];
        Arrays.fill(writeOf, -1);
        for (int a = 0; a < n; a++) {
            if (in.loadOf.get(a) >= 0) {
                writeOf[in.loadOf.get(a)] = a;
            }
        }
        coupled = new int[n];
        Arrays.fill(coupled, -1);
        for (long[] l : in.lags) {
            int from = (int) l[0];
            int to = (int) l[1];
            if (in.loadOf.get(from) == to && l[2] == 0) {
                // a write that starts with its load (a unit streaming through the staging buffer): placed with it
                coupled[to] = from;
                continue;
            }
            incoming.get(to).add(l);
            outgoing.get(from).add(to);
        }
        start = new long[n];
        missing = new int[n];
        stack = new int[n];
        ready = new int[n];
        reset();
    }

    private void reset() {
        Arrays.fill(start, -1);
        for (int a = 0; a < n; a++) {
            missing[a] = incoming.get(a).size();
        }
        placed = 0;
        writeFloor = 0;
        writesPlaced.clear();
        readyCount = 0;
        for (int a = 0; a < n; a++) {
            if (missing[a] == 0 && !in.usesResource(a)) {
                ready[readyCount++] = a;
            }
        }
    }

    /** Starts of a schedule placing resource users in activity order, or null when it deadlocks. */
    static long[] natural(ScheduleInstance in) {
        return natural(in, () -> false);
    }

    /**
     * Starts of a schedule placing resource users in activity order, or null when it deadlocks or when
     * {@code stop} (polled before each placement) turns true.
     */
    static long[] natural(ScheduleInstance in, BooleanSupplier stop) {
        SerialScheduler s = new SerialScheduler(in);
        s.closure();
        for (int a = 0; a < in.size(); a++) {
            if (stop.getAsBoolean()) {
                return null;
            }
            if (s.start[a] < 0 && !s.place(a)) {
                return null;
            }
        }
        return s.start.clone();
    }

    /**
     * The phase schedule in the tick model: the serial schedule of {@link ScheduleInstance#phaseShaped}, partitions
     * one after the other, each loading and writing all its weights before its stages start. Feasible for
     * {@code in} (it has the same activities and fewer lags), so the CP model always contains it. Null when
     * {@code stop} turns true.
     */
    static long[] phase(ScheduleInstance in, BooleanSupplier stop) {
        return natural(in.phaseShaped(), stop);
    }

    /**
     * The CP model's hint: the shortest of the natural serial schedule, the phase schedule in ticks ({@link #phase})
     * and the natural serial schedule of {@link ScheduleInstance#streamsAfterWrites}, so the model's horizon never
     * excludes the phase schedule. Null when {@code stop} turns true.
     */
    static long[] hint(ScheduleInstance in, BooleanSupplier stop) {
        long[] natural = natural(in, stop);
        long[] phase = phase(in, stop);
        if (natural == null || phase == null) {
            return natural == null ? phase : natural;
        }
        long[] best = makespan(in, phase) < makespan(in, natural) ? phase : natural;
        // a third candidate: activation loads held back until their partition is written (feasible for in: it only
        // adds lags), so that a partition's streams do not hold DRAM longer than its stages need
        long[] streams = natural(in.streamsAfterWrites(), stop);
        return streams != null && makespan(in, streams) < makespan(in, best) ? streams : best;
    }

    /** Starts of an optimal schedule of an instance with non-negative lags (exponential search). */
    static long[] exact(ScheduleInstance in) {
        if (!in.nonNegativeLags()) {
            throw new IllegalArgumentException("the exact enumeration needs non-negative lags");
        }
        SerialScheduler s = new SerialScheduler(in);
        s.closure();
        long[][] best = {null};
        long[] bestValue = {Long.MAX_VALUE};
        s.search(best, bestValue);
        return best[0];
    }

    static long makespan(ScheduleInstance in, long[] starts) {
        long m = 0;
        for (int a = 0; a < in.size(); a++) {
            m = Math.max(m, starts[a] + in.dur(a));
        }
        return m;
    }

    private long currentMakespan() {
        long m = 0;
        for (int i = 0; i < placed; i++) {
            m = Math.max(m, start[stack[i]] + in.dur(stack[i]));
        }
        return m;
    }

    private void search(long[][] best, long[] bestValue) {
        if (currentMakespan() >= bestValue[0]) {
            return;
        }
        if (placed == n) {
            bestValue[0] = currentMakespan();
            best[0] = start.clone();
            return;
        }
        for (int a = 0; a < n; a++) {
            if (start[a] >= 0 || missing[a] > 0) {
                continue;
            }
            int mark = placed;
            long floor = writeFloor;
            int writes = writesPlaced.size();
            if (place(a)) {
                search(best, bestValue);
            }
            undo(mark, floor, writes);
        }
    }

    private void undo(int mark, long floor, int writes) {
        while (placed > mark) {
            int a = stack[--placed];
            start[a] = -1;
            for (int b : outgoing.get(a)) {
                missing[b]++;
            }
        }
        writeFloor = floor;
        while (writesPlaced.size() > writes) {
            writesPlaced.remove(writesPlaced.size() - 1);
        }
    }

    private long earliest(int a) {
        long t = 0;
        for (long[] l : incoming.get(a)) {
            t = Math.max(t, start[(int) l[0]] + l[2]);
        }
        return t;
    }

    private void set(int a, long t) {
        start[a] = t;
        stack[placed++] = a;
        for (int b : outgoing.get(a)) {
            if (--missing[b] == 0 && start[b] < 0 && !in.usesResource(b)) {
                ready[readyCount++] = b;
            }
        }
    }

    /**
     * Places every activity without resources whose predecessors are all placed, from the activities that
     * became ready (O(their lags), not a pass over all activities per placement). Each one's start depends only on
     * its predecessors' starts, so the order they are placed in changes no start. After an {@link #undo} nothing
     * is pending: an activity the closure placed after the mark had a predecessor placed after it too.
     */
    private void closure() {
        while (readyCount > 0) {
            int a = ready[--readyCount];
            if (start[a] < 0 && missing[a] == 0) {
                set(a, earliest(a));
            }
        }
    }

    /** Places a resource user at its earliest feasible tick, then the closure; false when impossible. */
    private boolean place(int a) {
        if (missing[a] > 0) {
            throw new IllegalStateException("activity " + a + " placed before its predecessors");
        }
        if (!in.usesResource(a)) {
            set(a, earliest(a));
            closure();
            return true;
        }
        boolean write = in.type.get(a) == ScheduleInstance.Type.WRITE;
        int partner = coupled[a];
        long t0 = earliest(a);
        if (write) {
            t0 = Math.max(t0, writeFloor);
        }
        if (partner >= 0) {
            // the write's only predecessor is this load (prefetch puts no barrier before writes)
            if (missing[partner] != 1) {
                throw new IllegalStateException("write " + partner + " coupled to load " + a + " waits for more");
            }
            // its other lags (e.g. a joint window's barrier) come from placed activities
            t0 = Math.max(Math.max(t0, writeFloor), earliest(partner));
        }
        List<Long> candidates = new ArrayList<>();
        candidates.add(t0);
        for (int i = 0; i < placed; i++) {
            long e = start[stack[i]] + in.dur(stack[i]);
            if (e > t0) {
                candidates.add(e);
            }
        }
        candidates.sort(null);
        for (long t : candidates) {
            int verdict = feasible(a, t, write);
            if (verdict > 0 && partner >= 0) {
                verdict = feasible(partner, t, true);
            }
            if (verdict > 0) {
                set(a, t);
                if (write) {
                    writeFloor = t;
                    writesPlaced.add(a);
                }
                if (partner >= 0) {
                    set(partner, t);
                    writeFloor = t;
                    writesPlaced.add(partner);
                }
                closure();
                return true;
            }
            if (verdict < 0) {
                return false;
            }
        }
        return false;
    }

    /** 1 when a fits at t, 0 when not, -1 when it cannot fit at any later time either. */
    private int feasible(int a, long t, boolean write) {
        long d = in.dur(a);
        long e = t + d;
        if (in.dram(a)) {
            // the DRAM level only rises at t and at the starts of placed transfers inside [t, e)
            List<Long> points = new ArrayList<>();
            points.add(t);
            for (int i = 0; i < placed; i++) {
                int b = stack[i];
                if (in.dram(b) && start[b] > t && start[b] < e) {
                    points.add(start[b]);
                }
            }
            for (long x : points) {
                long used = in.dramDemand.get(a);
                for (int i = 0; i < placed; i++) {
                    int b = stack[i];
                    if (in.dram(b) && start[b] <= x && x < start[b] + in.dur(b)) {
                        used += in.dramDemand.get(b);
                    }
                }
                if (used > ScheduleInstance.DRAM_UNITS) {
                    return 0;
                }
            }
        }
        if (in.stagingModelled && writeOf[a] >= 0) {
            // a load's reservation lasts until its write, placed later: every reservation still open (write not
            // placed) counts at all later times, a closed one until its end
            long open = in.staging.get(writeOf[a]);
            long closed = 0;
            for (int i = 0; i < placed; i++) {
                int b = stack[i];
                int w = writeOf[b];
                if (w < 0) {
                    continue;
                }
                if (start[w] < 0) {
                    open += in.staging.get(w);
                } else if (in.stagingEnd(w, start[w], start[b]) > t) {
                    closed += in.staging.get(w);
                }
            }
            if (open > in.stagingBytes) {
                return -1;
            }
            if (open + closed > in.stagingBytes) {
                return 0;
            }
        }
        if (write) {
            List<Long> points = new ArrayList<>();
            points.add(t);
            for (int b : writesPlaced) {
                if (start[b] > t && start[b] < e) {
                    points.add(start[b]);
                }
            }
            for (long x : points) {
                long used = in.portDemand.get(a);
                for (int b : writesPlaced) {
                    if (start[b] <= x && x < start[b] + in.dur(b)) {
                        used += in.portDemand.get(b);
                    }
                }
                if (used > in.ports) {
                    return 0;
                }
            }
            if (in.crossbarsModelled) {
                long open = in.crossbars.get(a);
                long closed = 0;
                for (int b : writesPlaced) {
                    int st = in.releasedBy.get(b);
                    if (start[st] < 0) {
                        open += in.crossbars.get(b);
                    } else if (start[st] + in.dur(st) > t) {
                        closed += in.crossbars.get(b);
                    }
                }
                if (open > in.chipCrossbars) {
                    return -1;
                }
                if (open + closed > in.chipCrossbars) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
