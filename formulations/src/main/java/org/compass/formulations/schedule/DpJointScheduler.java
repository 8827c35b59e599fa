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
import org.compass.solver.schedule.ScheduleRecord;
import org.compass.solver.schedule.ScheduleTasks;
import org.compass.solver.schedule.ScheduleTasks.PartitionTasks;
import org.compass.solver.schedule.ScheduleTasks.UnitTask;
import org.compass.solver.schedule.ScheduleValidator;

/**
 * Joint partitioning and write scheduling by dynamic programming over the cuts of a contiguous plan (issue 12,
 * item 2), with a certificate.
 *
 * <p><b>The space.</b> Contiguous plans (ranges of units in topological order, as the dp formulation), each range
 * with the replication {@link ReplicationChooser} finds best for v1 latency (the same rule as
 * {@link JointScheduler}). A range that does not fit on the chip is not a partition.
 *
 * <p><b>Mode {@code early}: exact, no assumption.</b> Without prefetch every record of a partition starts after
 * every record of the previous one ends and nothing else links partitions ({@code WriteScheduler.byPartition}), so
 * the optimal makespan of a plan is the sum of its partitions' optimal makespans alone; the DP over ranges with
 * that cost ("piece" = one partition) gives the optimum over every plan of the space.
 *
 * <p><b>Modes {@code prefetch} and {@code full}: exact under the neighbour-window assumption.</b> Schedules in
 * which a partition's weights are loaded and written only while its predecessor computes: for partitions
 * a, b, c in a row, b's weight loads and writes start no earlier than the barrier at which a's stages may start
 * (a's loads and writes and every activity of the partition before a have ended), and b's stages start no
 * earlier than the next barrier (a's stages and activation traffic and b's loads and writes have ended). So c's
 * writes never overlap a's computation (no overlap beyond neighbours), and no stage starts before all of its
 * partition's weights are written (no early start, also in {@code full}). Such a schedule is a sequence of
 * independent windows, window (a, b) holding a's stages and activation traffic beside b's loads and writes, a's
 * crossbars held from the window's start until each stage ends; its length is the window's optimal makespan
 * ("piece" (a, b), solved by CP-SAT on a {@link ScheduleInstance} of the two partitions with a's writes and b's
 * stages of zero length). The first window programs the first partition alone, the last computes the last one
 * alone. The DP over pairs of consecutive ranges, summing the windows, gives the optimum over every plan of the
 * space and every schedule of that class: a lower bound on them, and the plan's windows laid end to end are a
 * schedule that reaches it (validated by {@link ScheduleEvaluator}). Schedules outside the class (c written
 * during a's stages, early start in {@code full}) may be shorter; the result then says so and has no bound.
 *
 * <p><b>Search.</b> Lazy: every piece gets a cheap lower bound (its instance's DRAM and write-port areas and its
 * longest lag path); the DP over the pieces' lower bounds picks a plan; its pieces not yet proven are solved by
 * CP-SAT (their bound raises their lower bound, their schedule gives an upper bound); repeat until the DP's
 * plan consists of proven pieces (then its value is the optimum, OPTIMAL) or the time is spent (the DP over
 * lower bounds is the bound, the best plan whose pieces are all solved the incumbent, FEASIBLE with the gap).
 * Candidates for the result: the incumbent's windows laid end to end, the incumbent scheduled by
 * {@link WriteScheduler} (which may leave the class), and the starting plan scheduled by {@link WriteScheduler}
 * (so the result is never worse than scheduling the starting plan). Running time: one instance per pair of
 * consecutive feasible ranges (O(n L^2) for n units and ranges of at most L units) for the cheap bounds, plus
 * one CP-SAT solve per piece on the plans the DP visits.
 */
public final class DpJointScheduler {

    /** The assumption under which the result of a prefetch mode is optimal, as printed and documented. */
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
        boolean proven;

        Piece(int previous, int next, ScheduleInstance instance, long lower) {
            this.previous = previous;
            this.next = next;
            this.instance = instance;
            this.lower = lower;
        }
    }

    /**
     * CP-SAT workers per piece: pieces are small (10-100 activities), where the portfolio's start-up costs more than
     * it proves (measured on squeezenet.yaml: 24 pieces in 5 s with 8 workers, see docs/scheduling.md).
     */
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
        Status status;
        double bound;
        String message;
        double tolerance = 1e-9 * makespan + tick;
        if (makespan < dpValue - tolerance) {
            // a schedule outside the window class: the DP's value bounds the class only
            status = Status.FEASIBLE;
            bound = 0;
            message = String.format(Locale.ROOT, "joint dp: %s schedule %s below the window optimum %s, which bounds"
                    + " only schedules %s; no bound over every plan", source, us(makespan), us(dpValue), what);
        } else if (converged && rejected == null && makespan <= dpValue + tolerance) {
            status = Status.OPTIMAL;
            bound = Math.min(dpValue, makespan);
            message = String.format(Locale.ROOT, "joint dp: optimal over every contiguous plan %s, %d ranges, %d"
                    + " pieces, %d solved", what, ranges.size(), pieces.size(), solved);
        } else {
            status = Status.FEASIBLE;
            bound = dpValue;
            message = String.format(Locale.ROOT, "joint dp: bound %s over every contiguous plan %s, gap %.1f%%;"
                    + " %d ranges, %d pieces, %d solved", us(dpValue), what, 100 * (makespan - dpValue) / makespan,
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
        return String.format(Locale.ROOT, "joint dp (%s): best plan %s, bound %s, gap %.1f%%, %d of %d pieces"
                + " solved after %.2f s", mode.label(), CpSatScheduler.SearchLog.time(m),
                CpSatScheduler.SearchLog.time(b), 100 * (m - b) / m, solved, pieces.size(), elapsed(t0));
    }

    private static String us(double seconds) {
        return CpSatScheduler.SearchLog.time(seconds);
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
            ScheduleInstance in = !mode.prefetch() ? window(chip, null, ranges.get(range).tasks(), mode)
                    : computing ? window(chip, ranges.get(range).tasks(), null, mode)
                    : window(chip, null, ranges.get(range).tasks(), mode);
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
            return new Side(Math.max(in.lowerBound(), longestPath(in)), dram, ports);
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
            return window(chip, null, ranges.get(next).tasks(), mode);
        }
        return window(chip, previous < 0 ? null : ranges.get(previous).tasks(),
                next < 0 ? null : ranges.get(next).tasks(), mode);
    }

    /**
     * A piece's instance on the chip of {@code chip}. Without prefetch: {@code next} alone (its activation load
     * waits for nothing earlier; {@code previous} must be null). With prefetch: the window of {@code previous}
     * computing (null for the first window) and {@code next} being programmed (null for the last).
     */
    static ScheduleInstance window(ScheduleTasks chip, PartitionTasks previous, PartitionTasks next,
                                   ScheduleMode mode) {
        List<PartitionTasks> parts = new ArrayList<>();
        if (!mode.prefetch()) {
            parts.add(new PartitionTasks(next.units(), next.inBytes(), next.outBytes(), List.of(),
                    next.computeSeconds()));
        } else {
            if (previous != null) {
                parts.add(computing(previous));
            }
            if (next != null) {
                parts.add(programming(next));
            }
        }
        ScheduleTasks tasks = new ScheduleTasks(parts, chip.cores(), chip.portsPerCore(), chip.chipCrossbars(),
                chip.rowSeconds(), chip.dramBytesPerSecond(), chip.stagingBytes());
        ScheduleInstance in = ScheduleInstance.of(tasks, mode);
        if (mode.prefetch() && previous != null) {
            // the previous range's weights are on the chip from the window's start: its zero-length loads and
            // writes, chained in activity order, come no later than any other activity, so its crossbars are
            // held from the window's start (in a left-shifted schedule, all at 0)
            List<Integer> zero = new ArrayList<>();
            for (int a = 0; a < in.size(); a++) {
                ScheduleInstance.Type t = in.type.get(a);
                if (in.partition.get(a) == 0 && (t == ScheduleInstance.Type.WRITE
                        || t == ScheduleInstance.Type.WEIGHT_LOAD)) {
                    zero.add(a);
                }
            }
            for (int i = 0; i + 1 < zero.size(); i++) {
                in.lags.add(new long[] {zero.get(i), zero.get(i + 1), 0});
            }
            if (!zero.isEmpty()) {
                int last = zero.get(zero.size() - 1);
                for (int x = 0; x < in.size(); x++) {
                    if (!zero.contains(x)) {
                        in.lags.add(new long[] {last, x, 0});
                    }
                }
            }
        }
        return in;
    }

    /** A range whose weights are already written: loads and writes of zero length. */
    private static PartitionTasks computing(PartitionTasks t) {
        List<UnitTask> units = new ArrayList<>();
        for (UnitTask u : t.units()) {
            units.add(new UnitTask(u.unit(), u.crossbars(), 0, 0, u.stageSeconds(), u.lagSeconds(), u.preds(),
                    u.offsetSeconds(), u.startLags(), u.endLags()));
        }
        return new PartitionTasks(units, t.inBytes(), t.outBytes(), List.of(), t.computeSeconds());
    }

    /** A range being programmed: its stages of zero length and no activation traffic. */
    private static PartitionTasks programming(PartitionTasks t) {
        List<UnitTask> units = new ArrayList<>();
        for (UnitTask u : t.units()) {
            units.add(new UnitTask(u.unit(), u.crossbars(), u.rows(), u.weightBytes(), 0, 0, List.of()));
        }
        return new PartitionTasks(units, 0, 0, List.of(), 0);
    }

    /** The longest path of the minimum lags from time 0, plus durations: a lower bound on the makespan. */
    static long longestPath(ScheduleInstance in) {
        long[] est = new long[in.size()];
        boolean changed = true;
        for (int round = 0; changed && round <= in.size(); round++) {
            changed = false;
            for (long[] l : in.lags) {
                long s = est[(int) l[0]] + l[2];
                if (s > est[(int) l[1]]) {
                    est[(int) l[1]] = s;
                    changed = true;
                }
            }
        }
        long m = 0;
        for (int a = 0; a < in.size(); a++) {
            m = Math.max(m, est[a] + in.dur(a));
        }
        return m;
    }

    /** A schedule's length from its first start to its last end (pieces are shift-invariant), ticks. */
    private static long length(ScheduleInstance in, long[] starts) {
        long min = Long.MAX_VALUE;
        for (long s : starts) {
            min = Math.min(min, s);
        }
        return SerialScheduler.makespan(in, starts) - (in.size() == 0 ? 0 : min);
    }

    /**
     * A window's serial schedule with the programmed side moved after the computing side's last activity: the
     * serial scheduler does not count the crossbars of zero-length writes (they use no resource), so beside the
     * computing side it may over-fill the chip; one after the other, each side alone fits (the computing side's
     * units are one partition, the programmed side's serial schedule counts its own crossbars), and no lag goes
     * from the programmed side back to the computing side.
     */
    static long[] afterComputing(ScheduleInstance in, long[] starts) {
        long computed = 0;
        long firstProgrammed = Long.MAX_VALUE;
        for (int a = 0; a < in.size(); a++) {
            if (in.partition.get(a) == 0) {
                computed = Math.max(computed, starts[a] + in.dur(a));
            } else {
                firstProgrammed = Math.min(firstProgrammed, starts[a]);
            }
        }
        long[] out = starts.clone();
        if (firstProgrammed == Long.MAX_VALUE || firstProgrammed >= computed) {
            return out;
        }
        for (int a = 0; a < in.size(); a++) {
            if (in.partition.get(a) != 0) {
                out[a] += computed - firstProgrammed;
            }
        }
        return out;
    }

    /** Solves a piece by CP-SAT from its serial schedule within {@code nanos}. */
    private void solve(Piece p, long nanos, int workers, long seed, Cancellation cancel) {
        if (p.instance == null) {
            p.instance = instance(p.previous, p.next);
            p.lower = Math.max(p.lower, Math.max(p.instance.lowerBound(), longestPath(p.instance)));
        }
        ScheduleInstance in = p.instance;
        if (p.starts == null) {
            long[] serial = SerialScheduler.natural(in);
            if (serial == null) {
                throw new IllegalStateException("no serial schedule of piece " + p.previous + " -> " + p.next);
            }
            p.starts = p.previous >= 0 && mode.prefetch() ? afterComputing(in, serial) : serial;
            p.upper = length(in, p.starts);
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
        long length = length(in, o.starts());
        if (length <= p.upper) {
            p.starts = o.starts();
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
        List<ScheduleRecord> records = new ArrayList<>();
        long offset = 0;
        int computing = -1;
        int programming = 0;
        for (Piece p : path) {
            ScheduleInstance in = p.instance;
            long[] shifted = p.starts.clone();
            long min = Long.MAX_VALUE;
            for (long s : shifted) {
                min = Math.min(min, s);
            }
            long makespan = SerialScheduler.makespan(in, p.starts) - min;
            for (int a = 0; a < shifted.length; a++) {
                shifted[a] += offset - min;
            }
            for (ScheduleRecord r : WriteScheduler.toSchedule(in, shifted).records()) {
                int global;
                boolean keep;
                if (!mode.prefetch()) {
                    global = programming;
                    keep = true;
                } else {
                    boolean first = p.previous >= 0 && r.partition() == 0;
                    global = first ? computing : programming;
                    boolean program = r.kind() == ScheduleRecord.Kind.WEIGHT_LOAD
                            || r.kind() == ScheduleRecord.Kind.WRITE;
                    keep = first != program;
                }
                if (keep) {
                    records.add(new ScheduleRecord(r.kind(), r.core(), global, r.unit(), r.start(), r.end(), r.rows(),
                            r.ports(), r.bytes()));
                }
            }
            offset += makespan;
            if (!mode.prefetch() || p.next >= 0) {
                computing = programming;
                programming++;
            }
        }
        Schedule schedule = new Schedule(mode, records);
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
