package org.compass.formulations.schedule;

import java.util.ArrayList;
import java.util.List;
import org.compass.formulations.schedule.PreemptiveOneMachine.Job;
import org.compass.formulations.schedule.ScheduleInstance.Type;

/**
 * Lower bounds on a {@link ScheduleInstance}'s makespan from relaxations solved exactly outside CP-SAT (issue 12,
 * item 1; proofs in docs/scheduling.md, "Lower bounds outside CP-SAT"). Each keeps the minimum lags (as heads and
 * tails, {@link LagPaths}) and one resource on which the activities it picks pairwise cannot overlap, and solves
 * that one-machine problem preemptively ({@link PreemptiveOneMachine}):
 * <ul>
 *   <li><b>lags</b>: the longest lag path (no resource at all);</li>
 *   <li><b>DRAM</b>: the weight loads (each takes more than half the bandwidth), and per partition the time its
 *       activation streams run, which excludes every load (a positive share beside a load's exceeds the
 *       bandwidth): from its {@code act_load}'s start to its {@code act_store}'s end, whose distance the lags bound
 *       below by the partition's compute time (its stages start after the load starts, the store ends after they
 *       have computed), or both streams' durations where they do not touch; where a load's rate is chosen (it
 *       may run at 90% beside a small stream) the same blocks count for the tenth of their length the loads lose
 *       beside them ({@link #dramBesideStreams});</li>
 *   <li><b>write ports</b>: writes taking more than half the ports;</li>
 *   <li><b>crossbars</b> (prefetch): occupancies (write start to stage end, at least write + stage long) of units
 *       holding more than half the chip;</li>
 *   <li><b>staging</b> (prefetch): reservations (load start to the later of load and write end, at least the
 *       longer of the two) of units reserving more than half the buffer.</li>
 * </ul>
 * Running time: one longest-path pass per partition with activation traffic plus O(n log n) per resource;
 * milliseconds on VGG-16's 322 activities.
 */
final class RelaxationBound {

    /**
     * The bounds found, ticks; {@link #best} is their maximum.
     *
     * @param lags       the longest lag path
     * @param dram       the DRAM one-machine bound
     * @param ports      the write ports' one-machine bound
     * @param crossbars  the crossbars' one-machine bound (0 without prefetch)
     * @param staging    the staging buffer's one-machine bound (0 without prefetch)
     */
    record Bounds(long lags, long dram, long ports, long crossbars, long staging) {

        /** The strongest of them. */
        long best() {
            return Math.max(Math.max(lags, dram), Math.max(ports, Math.max(crossbars, staging)));
        }
    }

    private final ScheduleInstance in;
    private final LagPaths paths;
    private final long[] head;
    private final long[] tail;
    /** Longest paths from a stream's start, per stream asked for (one pass each). */
    private final java.util.Map<Integer, long[]> from = new java.util.HashMap<>();

    private RelaxationBound(ScheduleInstance in) {
        this.in = in;
        this.paths = new LagPaths(in);
        this.head = paths.heads();
        this.tail = paths.tails();
    }

    /** Every bound of an instance. */
    static Bounds of(ScheduleInstance in) {
        RelaxationBound r = new RelaxationBound(in);
        return new Bounds(r.lags(), r.dram(), r.ports(), in.crossbarsModelled ? r.crossbars() : 0,
                in.stagingModelled ? r.staging() : 0);
    }

    /** The DRAM bound beside streams alone ({@link #dramBesideStreams}), ticks; for tests. */
    static long besideStreams(ScheduleInstance in) {
        int[][] streams = streams(in);
        return new RelaxationBound(in).dramBesideStreams(streams[0], streams[1]);
    }

    /** Per partition, its activation load and store activities ({-1} where it has none): {loads, stores}. */
    private static int[][] streams(ScheduleInstance in) {
        int parts = in.tasks.partitions().size();
        int[] actLoad = new int[parts];
        int[] actStore = new int[parts];
        java.util.Arrays.fill(actLoad, -1);
        java.util.Arrays.fill(actStore, -1);
        for (int a = 0; a < in.size(); a++) {
            if (in.type.get(a) == Type.ACT_LOAD) {
                actLoad[in.partition.get(a)] = a;
            } else if (in.type.get(a) == Type.ACT_STORE) {
                actStore[in.partition.get(a)] = a;
            }
        }
        return new int[][] {actLoad, actStore};
    }

    private long lags() {
        long m = 0;
        for (int a = 0; a < in.size(); a++) {
            m = Math.max(m, head[a] + tail[a]);
        }
        return m;
    }

    /** A job holding the machine for activity a's duration within its head and tail. */
    private Job job(int a) {
        return new Job(head[a], in.dur(a), tail[a] - in.dur(a));
    }

    private long ports() {
        List<Job> jobs = new ArrayList<>();
        for (int a = 0; a < in.size(); a++) {
            if (in.type.get(a) == Type.WRITE && 2L * in.portDemand.get(a) > in.ports) {
                jobs.add(job(a));
            }
        }
        return PreemptiveOneMachine.bound(jobs);
    }

    private long crossbars() {
        List<Job> jobs = new ArrayList<>();
        for (int w = 0; w < in.size(); w++) {
            if (in.type.get(w) == Type.WRITE && 2 * in.crossbars.get(w) > in.chipCrossbars) {
                int st = in.releasedBy.get(w);
                // held from the write's start to the stage's end; the stage starts after the write ends
                jobs.add(new Job(head[w], in.dur(w) + in.dur(st), tail[st] - in.dur(st)));
            }
        }
        return PreemptiveOneMachine.bound(jobs);
    }

    private long staging() {
        List<Job> jobs = new ArrayList<>();
        for (int w = 0; w < in.size(); w++) {
            if (in.type.get(w) == Type.WRITE && 2 * in.staging.get(w) > in.stagingBytes) {
                int ld = in.loadOf.get(w);
                // reserved from the load's start to the later of its end and the write's end (which starts after
                // the load starts): at least the longer of the two; after that end, the tail of whichever ended last
                jobs.add(new Job(head[ld], Math.max(in.dur(ld), in.dur(w)),
                        Math.min(tail[ld] - in.dur(ld), tail[w] - in.dur(w))));
            }
        }
        return PreemptiveOneMachine.bound(jobs);
    }

    /** The least share of the bandwidth a DRAM transfer runs at (a load whose rate is chosen may run slower). */
    private long minShare(int a) {
        long d = in.dramDemand.get(a);
        return in.rateChosen(a) ? Math.min(d, ScheduleInstance.SLOW_LOAD_SHARES) : d;
    }

    private long dram() {
        List<Job> jobs = new ArrayList<>();
        long loadShare = Long.MAX_VALUE;
        for (int a = 0; a < in.size(); a++) {
            if (in.type.get(a) == Type.WEIGHT_LOAD && in.dram(a) && 2 * minShare(a) > ScheduleInstance.DRAM_UNITS) {
                jobs.add(job(a));
                loadShare = Math.min(loadShare, minShare(a));
            }
        }
        // per partition, its activation streams, where each excludes every load kept
        int parts = in.tasks.partitions().size();
        int[][] streams = streams(in);
        int[] actLoad = streams[0];
        int[] actStore = streams[1];
        List<int[]> blocks = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            int first = excludes(actLoad[p], loadShare) ? actLoad[p] : -1;
            int last = excludes(actStore[p], loadShare) ? actStore[p] : -1;
            if (first < 0 && last < 0) {
                continue;
            }
            int[] block = {first < 0 ? last : first, last < 0 ? first : last};
            if (blocks.stream().allMatch(b -> apart(b, block))) {
                blocks.add(block);
                jobs.add(block(block));
            }
        }
        return Math.max(PreemptiveOneMachine.bound(jobs), dramBesideStreams(actLoad, actStore));
    }

    /**
     * The DRAM bound where a weight load's rate is chosen (prefetch): a load may then run at
     * {@link ScheduleInstance#SLOW_LOAD_SHARES} beside a stream of at most the rest, so {@link #dram()} counts no
     * stream, yet the streams still cost the loads: at every instant of a partition's block (its {@code act_load}'s
     * start to its {@code act_store}'s end, as {@link #block}) one of its streams runs, with a share of at least the
     * smaller of the two, and beside it a load runs at 90% at most (a full-rate load takes the whole bandwidth). Counted
     * as work (a load: its full-rate duration, the ticks its bytes take at the whole bandwidth; a block: the share of
     * its length the loads lose, U - 90% of U, or all of it when no load fits beside its smaller stream), the loads and
     * the blocks never do more than one tick of work per tick: two loads never overlap (each takes more than half the
     * bandwidth at either rate), and blocks are kept only where they cannot overlap ({@link #apart}). So the one-machine
     * bound holds for the work. Applied only when every load takes the whole bandwidth at its full rate (no load
     * stretched through the staging buffer, whose work is less than its duration); 0 otherwise.
     */
    private long dramBesideStreams(int[] actLoad, int[] actStore) {
        List<Job> jobs = new ArrayList<>();
        boolean chosen = false;
        for (int a = 0; a < in.size(); a++) {
            if (in.type.get(a) == Type.WEIGHT_LOAD && in.dram(a)) {
                if (in.dramDemand.get(a) != ScheduleInstance.DRAM_UNITS) {
                    return 0;
                }
                chosen |= in.rateChosen(a);
                jobs.add(job(a));
            }
        }
        if (!chosen) {
            return 0; // every load at the full rate: dram() counts every stream in full already
        }
        List<int[]> blocks = new ArrayList<>();
        for (int p = 0; p < actLoad.length; p++) {
            boolean first = actLoad[p] >= 0 && in.dram(actLoad[p]);
            boolean last = actStore[p] >= 0 && in.dram(actStore[p]);
            if (!first && !last) {
                continue;
            }
            int[] block = {first ? actLoad[p] : actStore[p], last ? actStore[p] : actLoad[p]};
            long least = Math.min(in.dramDemand.get(block[0]), in.dramDemand.get(block[1]));
            long lost = least + ScheduleInstance.SLOW_LOAD_SHARES <= ScheduleInstance.DRAM_UNITS
                    ? ScheduleInstance.DRAM_UNITS - ScheduleInstance.SLOW_LOAD_SHARES : ScheduleInstance.DRAM_UNITS;
            if (blocks.stream().allMatch(b -> apart(b, block))) {
                blocks.add(block);
                Job whole = block(block);
                jobs.add(new Job(whole.release(), whole.duration() * lost / ScheduleInstance.DRAM_UNITS,
                        whole.tail()));
            }
        }
        return PreemptiveOneMachine.bound(jobs);
    }

    private long[] distances(int source) {
        return from.computeIfAbsent(source, paths::from);
    }

    /** Whether a stream moves bytes at a share that no load kept can run beside. */
    private boolean excludes(int a, long loadShare) {
        return a >= 0 && in.dram(a) && (loadShare == Long.MAX_VALUE
                || in.dramDemand.get(a) + loadShare > ScheduleInstance.DRAM_UNITS);
    }

    /**
     * The job of a partition's streams {first, last} (the same activity when only one counts): from first's start
     * to last's end the DRAM carries one of them at every instant where the two overlap or touch, so it holds the
     * machine for min(that distance, both durations), and the lags bound the distance below.
     */
    private Job block(int[] b) {
        int first = b[0];
        int last = b[1];
        if (first == last) {
            return job(first);
        }
        long toLast = distances(first)[last];
        long span = Math.max(Math.max(in.dur(first), in.dur(last)),
                toLast == LagPaths.UNREACHED ? 0 : toLast + in.dur(last));
        return new Job(head[first], Math.min(span, in.dur(first) + in.dur(last)), tail[last] - in.dur(last));
    }

    /**
     * Whether two partitions' stream blocks can never overlap: their streams' shares add up to more than the
     * bandwidth, or the lags put the later block's first stream after the earlier's last ends.
     */
    private boolean apart(int[] earlier, int[] later) {
        boolean shares = true;
        for (int x : new int[] {earlier[0], earlier[1]}) {
            for (int y : new int[] {later[0], later[1]}) {
                shares &= in.dramDemand.get(x) + in.dramDemand.get(y) > ScheduleInstance.DRAM_UNITS;
            }
        }
        if (shares) {
            return true;
        }
        long d = distances(earlier[1])[later[0]];
        return d != LagPaths.UNREACHED && d >= in.dur(earlier[1]);
    }
}
