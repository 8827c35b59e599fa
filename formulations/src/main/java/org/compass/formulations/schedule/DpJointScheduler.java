package org.compass.formulations.schedule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.solver.Status;
import org.compass.solver.control.Cancellation;
import org.compass.solver.control.ProgressListener;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.ReplicationChooser;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;
import org.compass.solver.plan.PlanValidator;
import org.compass.solver.schedule.InvalidScheduleException;
import org.compass.solver.schedule.Schedule;
import org.compass.solver.schedule.ScheduleEvaluation;
import org.compass.solver.schedule.ScheduleEvaluator;
import org.compass.solver.schedule.ScheduleMode;
import org.compass.solver.schedule.ScheduleTasks;
import org.compass.solver.schedule.ScheduleTasks.PartitionTasks;
import org.compass.solver.schedule.ScheduleValidator;

/**
 * Joint partitioning and write scheduling by dynamic programming over the cuts of a contiguous plan (issue 12,
 * item 2), with a certificate; docs/scheduling.md has the argument in full.
 *
 * <p><b>Space.</b> Contiguous plans, each range with the replication {@link ReplicationChooser} finds best for v1
 * latency. <b>{@code early}: exact, no assumption</b>: a plan's optimal makespan is the sum of its partitions'
 * optimal makespans alone ({@code WriteScheduler.byPartition}), so the DP over ranges with that cost ("piece" =
 * one partition) is the optimum. <b>{@code prefetch}, {@code full}: exact under {@link #ASSUMPTION}</b>: such a
 * schedule is a row of independent windows, window (a, b) holding a's stages and activation traffic beside b's
 * loads and writes ({@link JointWindows}); the DP over pairs of consecutive ranges summing the windows' optimal
 * lengths is the optimum over every plan and every schedule of that class, a lower bound on them, and the plan's
 * windows laid end to end reach it. Schedules outside the class (no early start, no overlap beyond neighbours
 * in it) may be shorter, so with prefetch the result is FEASIBLE with no bound, whatever the DP proved.
 *
 * <p><b>Search.</b> Lazy: every piece gets a cheap lower bound; the DP over lower bounds picks a plan; its pieces
 * not yet proven are solved by CP-SAT; repeat until the DP's plan consists of proven pieces or the time is spent
 * ({@code early}: OPTIMAL when the result meets the DP, else FEASIBLE with it as the bound). Candidates: the
 * incumbent's windows, the incumbent scheduled by {@link WriteScheduler}, and the starting plan's schedule (so the
 * result is never worse). Size: one piece per pair of consecutive feasible ranges, O(n L^2) for n units and ranges
 * of at most L units; one CP-SAT solve per piece on the plans the DP visits.
 */
public final class DpJointScheduler {

    /** The assumption under which the DP's value is a prefetch mode's optimum, as printed and documented. */
    public static final String ASSUMPTION = "neighbour windows: a partition's weights are loaded and written only"
            + " while its predecessor computes, and its stages start once all of them are written";

    /**
     * Outcome of the joint search.
     *
     * @param plan          the plan of the result
     * @param schedule      its schedule (status and bound as described in the class comment)
     * @param start         the starting plan's schedule by {@link WriteScheduler}
     * @param dpSeconds     the DP's value: the optimum over the space (and, with prefetch, the window class)
     *                      when {@code converged}, else a lower bound on it; seconds
     * @param incumbentSeconds the best plan's value in the same model (sum of its solved pieces), seconds; NaN
     *                      when no plan had all its pieces solved
     * @param converged     whether the DP's plan consists of proven pieces (its value is then the optimum)
     * @param source        which candidate the result is: "windows", "scheduler" or "start"
     * @param ranges        feasible ranges (candidate partitions)
     * @param pieces        pieces in the DP (windows or partitions)
     * @param solved        pieces solved by CP-SAT
     * @param seconds       wall-clock time
     */
    public record Result(Plan plan, ScheduleResult schedule, ScheduleResult start, double dpSeconds,
                         double incumbentSeconds, boolean converged, String source, int ranges, int pieces,
                         int solved, double seconds) {
    }

    /** A candidate partition: units [from, to) with the v1-latency-best replication. */
    record Range(int from, int to, Partition partition, PartitionTasks tasks) {
    }

    /** A piece's state: lower and upper bounds in ticks, its schedule when solved. */
    static final class Piece {
        final int previous;
        final int next;
        ScheduleInstance instance;
        long lower;
        long upper = Long.MAX_VALUE;
        long[] starts;
        /** Each activity's duration in {@link #starts}' schedule (a weight load's chosen rate), ticks. */
        long[] durations;
        boolean proven;

        Piece(int previous, int next, ScheduleInstance instance, long lower) {
            this.previous = previous;
            this.next = next;
            this.instance = instance;
            this.lower = lower;
        }
    }

    /** CP-SAT workers per piece: pieces are small (10-100 activities); docs/scheduling.md. */
    static final int PIECE_WORKERS = 1;

    private final Problem problem;
    private final ScheduleMode mode;
    private final List<Range> ranges = new ArrayList<>();
    /** Ranges by first unit and by end. */
    private final List<List<Integer>> startingAt = new ArrayList<>();
    private final List<List<Integer>> endingAt = new ArrayList<>();
    private final Map<Long, Piece> pieces = new HashMap<>();
    private final ScheduleTasks chip;
    private final int n;
    private double tick;
    /** Why the windows of the incumbent were not a valid schedule (never expected), or null. */
    private String rejected;

    private DpJointScheduler(Problem problem, ScheduleMode mode) {
        this.problem = problem;
        this.mode = mode;
        this.n = problem.graph().size();
        CostModel cm = new CostModel(problem);
        for (int i = 0; i <= n; i++) {
            startingAt.add(new ArrayList<>());
            endingAt.add(new ArrayList<>());
        }
        ScheduleTasks any = null;
        for (int from = 0; from < n; from++) {
            for (int to = from + 1; to <= n; to++) {
                int[] units = new int[to - from];
                for (int u = from; u < to; u++) {
                    units[u - from] = u;
                }
                ReplicationChooser.Option o = ReplicationChooser.best(cm, units, Objective.LATENCY);
                if (o == null) {
                    break;
                }
                Partition part = Partition.of(units, o.replication());
                Plan alone = new Plan(List.of(part));
                ScheduleTasks t = ScheduleTasks.of(problem, alone);
                any = t;
                startingAt.get(from).add(ranges.size());
                endingAt.get(to).add(ranges.size());
                ranges.add(new Range(from, to, part, t.partitions().get(0)));
            }
        }
        if (any == null) {
            throw new IllegalArgumentException("no unit fits on the chip alone");
        }
        this.chip = any;
    }

    /**
     * Searches the contiguous plans of a problem for the shortest schedule under a mode within {@code seconds},
     * keeping the starting plan's schedule as a candidate; see the class comment for what the result proves.
     *
     * @param start    a contiguous plan (usually the dp formulation's), scheduled as a candidate
     * @param workers  CP-SAT workers per solve
     * @param progress receives a line each time the DP's bound or its incumbent improves
     */
    public static Result optimize(Problem problem, Plan start, ScheduleMode mode, double seconds, int workers,
                                  long seed, Cancellation cancel, ProgressListener progress) {
        if (!start.contiguous()) {
            throw new IllegalArgumentException("the joint DP searches contiguous plans; the start plan is not one");
        }
        long t0 = System.nanoTime();
        // the starting plan's schedule: a fifth of the time
        ScheduleResult first = WriteScheduler.schedule(problem, start, mode, seconds / 5, workers, seed, cancel);
        Result r = optimize(problem, first, mode, seconds - (System.nanoTime() - t0) / 1e9, workers, seed, cancel,
                progress);
        return new Result(r.plan(), r.schedule(), r.start(), r.dpSeconds(), r.incumbentSeconds(), r.converged(),
                r.source(), r.ranges(), r.pieces(), r.solved(), elapsed(t0));
    }

    /**
     * As {@link #optimize(Problem, Plan, ScheduleMode, double, int, long, Cancellation, ProgressListener)}, from a
     * starting plan already scheduled ({@code first}, in the same mode), which stays a candidate; the DP gets
     * {@code seconds}.
     */
    public static Result optimize(Problem problem, ScheduleResult first, ScheduleMode mode, double seconds,
                                  int workers, long seed, Cancellation cancel, ProgressListener progress) {
        Plan start = first.plan();
        if (!start.contiguous()) {
            throw new IllegalArgumentException("the joint DP searches contiguous plans; the start plan is not one");
        }
        long t0 = System.nanoTime();
        long deadline = t0 + (long) (Math.max(0, seconds) * 1e9);
        if (mode == ScheduleMode.NONE) {
            return new Result(start, first, first, first.makespanSeconds(), first.makespanSeconds(), false, "start",
                    0, 0, 0, elapsed(t0));
        }
        DpJointScheduler dp = new DpJointScheduler(problem, mode);
        return dp.run(start, first, t0, deadline, workers, seed, cancel, progress);
    }

    private Result run(Plan start, ScheduleResult first, long t0, long deadline, int workers, long seed,
                       Cancellation cancel, ProgressListener progress) {
        buildPieces(cancel);
        long total = deadline - t0;
        // the DP: solve the pieces of the plan the lower bounds pick until they are all proven
        int solved = 0;
        long bestBound = Long.MIN_VALUE;
        long incumbent = Long.MAX_VALUE;
        List<Piece> incumbentPath = null;
        boolean converged = false;
        long reported = 0;
        // the starting plan's cuts first, so that an incumbent exists early
        for (Piece p : piecesOf(start)) {
            if (System.nanoTime() - (deadline - total / 5) >= 0 || cancel.isCancelled()) {
                break;
            }
            solve(p, Math.max(50_000_000L, total / 20), PIECE_WORKERS, seed, cancel);
            solved++;
        }
        while (true) {
            List<Piece> path = new ArrayList<>();
            long value = solveDp(true, path);
            bestBound = Math.max(bestBound, value);
            List<Piece> upperPath = new ArrayList<>();
            long upper = solveDp(false, upperPath);
            if (upper < incumbent) {
                incumbent = upper;
                incumbentPath = upperPath;
            }
            if (progress != ProgressListener.NONE && System.nanoTime() - reported
                    >= CpSatScheduler.SearchLog.INTERVAL_NANOS) {
                reported = System.nanoTime();
                progress.report(line(incumbent, bestBound, solved, t0));
            }
            List<Piece> open = path.stream().filter(p -> !p.proven).toList();
            if (open.isEmpty()) {
                converged = true;
                incumbent = value;
                incumbentPath = path;
                break;
            }
            // a fifth of the time is kept for scheduling the result for real
            long left = deadline - total / 5 - System.nanoTime();
            if (left <= 0 || cancel.isCancelled()) {
                break;
            }
            for (Piece p : open) {
                long now = System.nanoTime();
                long slice = Math.max(50_000_000L, (deadline - total / 5 - now) / Math.max(1, 2 * open.size()));
                if (deadline - total / 5 - now <= 0 || cancel.isCancelled()) {
                    break;
                }
                solve(p, Math.min(slice, 2_000_000_000L), PIECE_WORKERS, seed, cancel);
                solved++;
            }
        }
        if (progress != ProgressListener.NONE) {
            progress.report(line(incumbent, bestBound, solved, t0) + (converged ? ", proved" : ""));
        }
        double dpValue = bestBound * tick;
        double incumbentValue = incumbent == Long.MAX_VALUE ? Double.NaN : incumbent * tick;
        // the candidates
        ScheduleResult best = first;
        String source = "start";
        Plan bestPlan = start;
        if (incumbentPath != null) {
            Plan plan = planOf(incumbentPath);
            ScheduleResult windows = windows(plan, incumbentPath, t0);
            if (windows != null && windows.makespanSeconds() < best.makespanSeconds() * (1 - 1e-12)) {
                best = windows;
                source = "windows";
                bestPlan = plan;
            }
            double left = (deadline - System.nanoTime()) / 1e9;
            if (left > 0.05 && !cancel.isCancelled() && !plan.equals(start)) {
                ScheduleResult real = WriteScheduler.schedule(problem, plan, mode, left, workers, seed, cancel);
                if (real.makespanSeconds() < best.makespanSeconds() * (1 - 1e-12)) {
                    best = real;
                    source = "scheduler";
                    bestPlan = plan;
                }
            }
        }
        double makespan = best.makespanSeconds();
        String what = mode.prefetch() ? "under the assumption (" + ASSUMPTION + ")" : "(exact for early start)";
        Status status = Status.FEASIBLE;
        double bound; // seconds; 0: none
        String message;
        if (mode.prefetch()) {
            // the window optimum bounds only the schedules its assumption allows; one outside can be shorter
            bound = 0;
            message = String.format(Locale.ROOT, "joint dp: %s schedule %s, window %s %s %s; no bound over every"
                    + " schedule (one outside the class may be shorter); %d ranges, %d pieces, %d solved", source,
                    CpSatScheduler.SearchLog.time(makespan), converged ? "optimum" : "bound",
                    CpSatScheduler.SearchLog.time(dpValue), what, ranges.size(), pieces.size(), solved);
        } else if (converged && rejected == null && makespan <= dpValue + 1e-9 * makespan + tick) {
            status = Status.OPTIMAL;
            bound = Math.min(dpValue, makespan);
            message = String.format(Locale.ROOT, "joint dp: optimal over every contiguous plan %s, %d ranges, %d"
                    + " pieces, %d solved", what, ranges.size(), pieces.size(), solved);
        } else {
            bound = dpValue;
            message = String.format(Locale.ROOT, "joint dp: bound %s over every contiguous plan %s, gap %.1f%%;"
                    + " %d ranges, %d pieces, %d solved", CpSatScheduler.SearchLog.time(dpValue), what, 100 * (makespan - dpValue) / makespan,
                    ranges.size(), pieces.size(), solved);
        }
        if (rejected != null) {
            message += "; " + rejected;
        }
        ScheduleResult result = new ScheduleResult(bestPlan, mode, best.schedule(), best.evaluation(), status, bound,
                elapsed(t0), message + "; result from " + source + ": " + best.message());
        return new Result(bestPlan, result, first, dpValue, incumbentValue, converged, source, ranges.size(),
                pieces.size(), solved, elapsed(t0));
    }

    private String line(long incumbent, long bound, int solved, long t0) {
        double b = bound * tick;
        if (incumbent == Long.MAX_VALUE) {
            return String.format(Locale.ROOT, "joint dp (%s): no plan solved yet, bound %s, %d of %d pieces solved"
                    + " after %.2f s", mode.label(), CpSatScheduler.SearchLog.time(b), solved, pieces.size(),
                    elapsed(t0));
        }
        double m = incumbent * tick;
        return String.format(Locale.ROOT, "joint dp (%s): best plan %s, %s %s, gap %.1f%%, %d of %d pieces"
                + " solved after %.2f s", mode.label(), CpSatScheduler.SearchLog.time(m),
                mode.prefetch() ? "window bound" : "bound",
                CpSatScheduler.SearchLog.time(b), 100 * (m - b) / m, solved, pieces.size(), elapsed(t0));
    }

    /** Key of a piece: previous range (-1 for none) and next range (-1 for none). */
    private static long key(int previous, int next) {
        return ((long) (previous + 1) << 32) | (next + 1);
    }

    /** Every piece with its cheap lower bound. */
    private void buildPieces(Cancellation cancel) {
        for (int r = 0; r < ranges.size(); r++) {
            Range b = ranges.get(r);
            if (!mode.prefetch()) {
                add(-1, r);
                continue;
            }
            if (b.from() == 0) {
                add(-1, r);
            } else {
                for (int a : endingAt.get(b.from())) {
                    add(a, r);
                }
            }
            if (b.to() == n) {
                add(r, -1);
            }
            if (cancel.isCancelled()) {
                return;
            }
        }
    }

    /**
     * A piece with its cheap lower bound, its instance built when it is solved. The bound: each side alone (the
     * computing range's longest lag path, the programmed range's longest lag path and its own areas) and the two
     * sides' DRAM and write-port areas together over the capacities; each holds for the window, which has every
     * activity and constraint of either side.
     */
    private void add(int previous, int next) {
        long lower;
        if (!mode.prefetch()) {
            lower = alone(next, false).lower;
        } else {
            Side a = previous < 0 ? Side.NONE : alone(previous, true);
            Side b = next < 0 ? Side.NONE : alone(next, false);
            long dram = (a.dramArea + b.dramArea + ScheduleInstance.DRAM_UNITS - 1) / ScheduleInstance.DRAM_UNITS;
            long ports = (a.portArea + b.portArea + chip.ports() - 1) / chip.ports();
            lower = Math.max(Math.max(a.lower, b.lower), Math.max(dram, ports));
        }
        pieces.put(key(previous, next), new Piece(previous, next, null, lower));
    }

    /** One side of a window alone: its lower bound and its DRAM and write-port areas, ticks. */
    record Side(long lower, long dramArea, long portArea) {
        static final Side NONE = new Side(0, 0, 0);
    }

    private final Map<Integer, Side> sides = new HashMap<>();

    /** A range computing (weights written) or programmed (no stages), alone; early start: the range alone. */
    private Side alone(int range, boolean computing) {
        return sides.computeIfAbsent(computing ? -1 - range : range, k -> {
            ScheduleInstance in = !mode.prefetch() ? JointWindows.window(chip, null, ranges.get(range).tasks(), mode)
                    : computing ? JointWindows.window(chip, ranges.get(range).tasks(), null, mode)
                    : JointWindows.window(chip, null, ranges.get(range).tasks(), mode);
            tick = in.tick;
            long dram = 0;
            long ports = 0;
            for (int a = 0; a < in.size(); a++) {
                if (in.dram(a)) {
                    dram += in.dur(a) * in.dramDemand.get(a);
                }
                if (in.type.get(a) == ScheduleInstance.Type.WRITE) {
                    ports += in.dur(a) * in.portDemand.get(a);
                }
            }
            return new Side(Math.max(in.lowerBound(), JointWindows.longestPath(in)), dram, ports);
        });
    }

    /**
     * The instance of a piece. Early start: the next range alone (its activation load waits for nothing earlier).
     * Prefetch: a window with the previous range's stages and activation traffic (its writes and loads of zero
     * length, pinned to the window's start so that its crossbars are held from there) and the next range's loads
     * and writes (its stages of zero length, after the previous range has computed: they mark the window's end).
     */
    private ScheduleInstance instance(int previous, int next) {
        if (!mode.prefetch()) {
            return JointWindows.window(chip, null, ranges.get(next).tasks(), mode);
        }
        return JointWindows.window(chip, previous < 0 ? null : ranges.get(previous).tasks(),
                next < 0 ? null : ranges.get(next).tasks(), mode);
    }

    /** Solves a piece by CP-SAT from its serial schedule within {@code nanos}. */
    private void solve(Piece p, long nanos, int workers, long seed, Cancellation cancel) {
        if (p.instance == null) {
            p.instance = instance(p.previous, p.next);
            p.lower = Math.max(p.lower, Math.max(p.instance.lowerBound(), JointWindows.longestPath(p.instance)));
        }
        ScheduleInstance in = p.instance;
        if (p.starts == null) {
            long[] serial = SerialScheduler.natural(in);
            if (serial == null) {
                throw new IllegalStateException("no serial schedule of piece " + p.previous + " -> " + p.next);
            }
            p.starts = p.previous >= 0 && mode.prefetch() ? JointWindows.afterComputing(in, serial) : serial;
            p.durations = CpSatScheduler.durations(in);
            p.upper = JointWindows.length(p.starts, p.durations);
        }
        if (p.upper <= p.lower) {
            p.proven = true;
            return;
        }
        CpSatScheduler.Outcome o = CpSatScheduler.solve(in, p.starts, System.nanoTime() + nanos, 0, workers, seed,
                cancel, cancel::isCancelled, null);
        if (o == null) {
            return;
        }
        long length = JointWindows.length(o.starts(), o.durations());
        if (length <= p.upper) {
            p.starts = o.starts();
            p.durations = o.durations();
            p.upper = length;
        }
        p.lower = Math.max(p.lower, Math.min(o.bound(), p.upper));
        p.proven = o.optimal() || p.lower >= p.upper;
        if (p.proven) {
            p.lower = p.upper;
        }
    }

    /**
     * The DP over ranges: with {@code lower}, each piece's lower bound (the value bounds every plan); else each
     * piece's upper bound (infinite when unsolved: the value is the best fully solved plan). Fills {@code path}
     * with the pieces of the best plan, in order; returns its value in ticks, or Long.MAX_VALUE.
     */
    long solveDp(boolean lower, List<Piece> path) {
        int r = ranges.size();
        long[] value = new long[r];
        int[] via = new int[r];
        java.util.Arrays.fill(value, Long.MAX_VALUE);
        // ranges in order of their end: a range's predecessors end where it starts
        for (int to = 1; to <= n; to++) {
            for (int b : endingAt.get(to)) {
                Range rb = ranges.get(b);
                if (rb.from() == 0) {
                    long c = cost(key(-1, b), lower);
                    if (c < value[b]) {
                        value[b] = c;
                        via[b] = -1;
                    }
                }
                for (int a : endingAt.get(rb.from())) {
                    if (value[a] == Long.MAX_VALUE) {
                        continue;
                    }
                    long k = mode.prefetch() ? key(a, b) : key(-1, b);
                    long c = cost(k, lower);
                    if (c != Long.MAX_VALUE && value[a] + c < value[b]) {
                        value[b] = value[a] + c;
                        via[b] = a;
                    }
                }
            }
        }
        long best = Long.MAX_VALUE;
        int last = -1;
        for (int b : endingAt.get(n)) {
            if (value[b] == Long.MAX_VALUE) {
                continue;
            }
            long c = mode.prefetch() ? cost(key(b, -1), lower) : 0;
            if (c != Long.MAX_VALUE && value[b] + c < best) {
                best = value[b] + c;
                last = b;
            }
        }
        if (last < 0) {
            return Long.MAX_VALUE;
        }
        List<Piece> reversed = new ArrayList<>();
        if (mode.prefetch()) {
            reversed.add(pieces.get(key(last, -1)));
        }
        int b = last;
        while (true) {
            int a = via[b];
            reversed.add(pieces.get(mode.prefetch() ? key(a, b) : key(-1, b)));
            if (a < 0) {
                break;
            }
            b = a;
        }
        for (int i = reversed.size() - 1; i >= 0; i--) {
            path.add(reversed.get(i));
        }
        return best;
    }

    private long cost(long key, boolean lower) {
        Piece p = pieces.get(key);
        if (p == null) {
            return Long.MAX_VALUE;
        }
        return lower ? p.lower : p.upper;
    }

    /** The pieces of the plan with the same cuts as {@code plan} (empty when a range is not a candidate). */
    private List<Piece> piecesOf(Plan plan) {
        List<Integer> ends = new ArrayList<>(plan.boundaries());
        ends.add(n);
        List<Integer> path = new ArrayList<>();
        int from = 0;
        for (int to : ends) {
            int found = -1;
            for (int r : startingAt.get(from)) {
                if (ranges.get(r).to() == to) {
                    found = r;
                }
            }
            if (found < 0) {
                return List.of();
            }
            path.add(found);
            from = to;
        }
        List<Piece> out = new ArrayList<>();
        if (!mode.prefetch()) {
            for (int r : path) {
                out.add(pieces.get(key(-1, r)));
            }
            return out;
        }
        int previous = -1;
        for (int r : path) {
            out.add(pieces.get(key(previous, r)));
            previous = r;
        }
        out.add(pieces.get(key(previous, -1)));
        return out;
    }

    /** The plan of a path of pieces. */
    private Plan planOf(List<Piece> path) {
        List<Partition> parts = new ArrayList<>();
        for (Piece p : path) {
            if (p.next >= 0) {
                parts.add(ranges.get(p.next).partition());
            }
        }
        return new Plan(parts);
    }

    /**
     * The pieces' schedules laid end to end as one schedule of the plan: each window's activities shifted by the
     * previous windows' makespans, keeping from a window the computing range's stages and activation records and
     * the programmed range's loads and writes (with early start, each partition's records). Validated; null (never
     * expected) when invalid.
     */
    private ScheduleResult windows(Plan plan, List<Piece> path, long t0) {
        if (!PlanValidator.violations(problem, plan).isEmpty()) {
            return null;
        }
        Schedule schedule = JointWindows.compose(mode, path);
        try {
            ScheduleEvaluation eval = ScheduleEvaluator.evaluate(problem, plan, schedule);
            return new ScheduleResult(plan, mode, schedule, eval, Status.FEASIBLE, 0, elapsed(t0),
                    "dp windows laid end to end, " + path.size() + " pieces");
        } catch (InvalidScheduleException e) {
            // never expected (each window is a valid schedule of its instance): the candidate is dropped
            rejected = "the windows of plan " + plan.boundaries() + " were rejected by the validator: "
                    + ScheduleValidator.violations(ScheduleTasks.of(problem, plan), schedule);
            return null;
        }
    }

    private static double elapsed(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
