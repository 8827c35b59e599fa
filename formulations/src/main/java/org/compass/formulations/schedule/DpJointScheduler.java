package org.compass.formulations.schedule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.compass.model.problem.Problem;
import org.compass.solver.Status;
import org.compass.solver.control.Cancellation;
import org.compass.solver.control.ProgressListener;
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
import org.compass.solver.schedule.ScheduleValidator;

/**
 * Joint partitioning and write scheduling by dynamic programming over the cuts of a contiguous plan (issue 12,
 * item 2), with a certificate; docs/scheduling.md has the argument in full.
 *
 * <p><b>Space.</b> Contiguous plans, each range with the replication {@link ReplicationChooser} finds best for the
 * cost model's latency ({@link JointRanges}): a restriction (a replication slower in phases could schedule
 * shorter), and what every certificate below covers. Under cost model v2 that replication comes from a branch and
 * bound with a node budget: a range it does not prove is searched further when it lies on the DP's plan, and while
 * unproven it is bounded only by floors that hold for every replication ({@link JointRanges#floorSeconds(int, int,
 * boolean)}), so the DP converges (and {@code early} is OPTIMAL) only on a plan of proven ranges. Its activities'
 * durations come from the cost model ({@code ScheduleTasks}); a weight load's rate is chosen (full or 90%, as in
 * {@link WriteScheduler}, under both cost models). <b>{@code early}: exact, no assumption</b>: a plan's optimal makespan is the sum of its partitions'
 * optimal makespans alone ({@code WriteScheduler.byPartition}), so the DP over ranges with that cost ("piece" =
 * one partition) is the optimum. <b>{@code prefetch}, {@code full}: exact under {@link #ASSUMPTION}</b>: such a
 * schedule is a row of independent windows, window (a, b) holding a's stages and activation traffic beside b's
 * loads and writes ({@link JointWindows}); the DP over pairs of consecutive ranges summing the windows' optimal
 * lengths is the optimum over that class, and the plan's windows laid end to end reach it. Schedules outside the
 * class may be shorter: with prefetch the bound claimed is {@link JointRelaxation}'s, over every schedule.
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
     *                      when {@code converged}, else a lower bound on it; seconds; 0 when the ranges were not all
     *                      built before the time limit (nothing is then bounded)
     * @param incumbentSeconds the best plan's value in the same model (sum of its solved pieces), seconds; NaN
     *                      when no plan had all its pieces solved
     * @param converged     whether the DP's plan consists of proven pieces (its value is then the optimum)
     * @param source        which candidate the result is: "windows", "scheduler" or "start"
     * @param ranges        feasible ranges (candidate partitions)
     * @param pieces        pieces in the DP (windows or partitions)
     * @param solved        pieces solved by CP-SAT
     * @param unprovenRanges ranges whose replication search stopped with floors (cost model v2; 0 under v1)
     * @param seconds       wall-clock time
     */
    public record Result(Plan plan, ScheduleResult schedule, ScheduleResult start, double dpSeconds,
                         double incumbentSeconds, boolean converged, String source, int ranges, int pieces,
                         int solved, int unprovenRanges, double seconds) {
    }

    /** CP-SAT workers per piece: pieces are small (10-100 activities); docs/scheduling.md. */
    static final int PIECE_WORKERS = 1;

    private final Problem problem;
    private final ScheduleMode mode;
    private final JointRanges ranges;
    private final Map<Long, JointPiece> pieces = new HashMap<>();
    private final ScheduleTasks chip;
    private final int n;
    private double tick;
    /** Why the windows of the incumbent were not a valid schedule (never expected), or null. */
    private String rejected;

    private DpJointScheduler(Problem problem, ScheduleMode mode, long deadline, Cancellation cancel) {
        this.problem = problem;
        this.mode = mode;
        this.n = problem.graph().size();
        this.ranges = new JointRanges(problem, deadline, cancel);
        this.chip = ranges.chip();
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
                r.source(), r.ranges(), r.pieces(), r.solved(), r.unprovenRanges(), elapsed(t0));
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
                    0, 0, 0, 0, elapsed(t0));
        }
        // the ranges' replication searches count against the DP's time (they are most of it under v2 on SqueezeNet)
        DpJointScheduler dp = new DpJointScheduler(problem, mode, deadline - (deadline - t0) / 5, cancel);
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
        List<JointPiece> incumbentPath = null;
        boolean converged = false;
        long reported = 0;
        // the starting plan's cuts first, so that an incumbent exists early
        for (JointPiece p : piecesOf(start)) {
            if (System.nanoTime() - (deadline - total / 5) >= 0 || cancel.isCancelled()) {
                break;
            }
            solve(p, Math.max(50_000_000L, total / 20), PIECE_WORKERS, seed, cancel);
            solved++;
        }
        while (true) {
            List<JointPiece> path = new ArrayList<>();
            long value = solveDp(true, path);
            bestBound = Math.max(bestBound, value);
            List<JointPiece> upperPath = new ArrayList<>();
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
            if (value == Long.MAX_VALUE) {
                break; // no whole plan among the ranges built before the deadline: nothing is claimed
            }
            // a piece on an unproven range bounds the space only by its floor: one solve (for the incumbent) is all
            // it gets until a deeper search proves its range
            List<JointPiece> open = path.stream().filter(p -> !p.proven && !(p.tried && !replicationProven(p)))
                    .toList();
            // cost model v2: the path's ranges whose replication search is unproven and may be searched further
            List<Integer> unsearched = rangesOf(path).stream().filter(r -> !ranges.get(r).settled()).toList();
            boolean replicationProven = rangesOf(path).stream().allMatch(r -> ranges.get(r).proven());
            if (open.isEmpty() && replicationProven && path.stream().allMatch(p -> p.proven)) {
                converged = true;
                incumbent = value;
                incumbentPath = path;
                break;
            }
            if (open.isEmpty() && unsearched.isEmpty()) {
                break; // its pieces are solved, but replication floors, not proofs, bound some of its ranges
            }
            // a fifth of the time is kept for scheduling the result for real
            long left = deadline - total / 5 - System.nanoTime();
            if (left <= 0 || cancel.isCancelled()) {
                break;
            }
            // the plan's pieces first (they may improve the incumbent); a deeper replication search (costlier, and
            // only for the bound) once they are solved
            for (int r : open.isEmpty() ? unsearched : List.<Integer>of()) {
                if (deadline - total / 5 - System.nanoTime() <= 0 || cancel.isCancelled()) {
                    break;
                }
                if (ranges.deepen(r, cancel)) {
                    rebuild(r);
                }
            }
            for (JointPiece p : open) {
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
        // a bound over the space needs every range of it built (the searches did not stop at the deadline)
        boolean complete = ranges.complete() && bestBound != Long.MAX_VALUE && bestBound != Long.MIN_VALUE;
        converged &= complete;
        // with prefetch the window value bounds only its class; the relaxations bound every schedule of the space
        JointVerdict v = JointVerdict.of(new JointVerdict.Outcome(mode, problem.costModel(), complete, converged,
                rejected != null, dpValue, best.makespanSeconds(), tick, source, ranges.size(), ranges.unproven(),
                pieces.size(), solved, complete && mode.prefetch() ? JointRelaxation.of(problem, ranges, mode)
                : null));
        String message = v.message() + (rejected == null ? "" : "; " + rejected);
        ScheduleResult result = new ScheduleResult(bestPlan, mode, best.schedule(), best.evaluation(), v.status(),
                v.boundSeconds(), elapsed(t0), message + "; result from " + source + ": " + best.message());
        return new Result(bestPlan, result, first, v.dpSeconds(), incumbentValue, converged, source, ranges.size(),
                pieces.size(), solved, ranges.unproven(), elapsed(t0));
    }

    private String line(long incumbent, long bound, int solved, long t0) {
        return JointVerdict.progress(mode, incumbent, bound, tick, solved, pieces.size(), elapsed(t0));
    }

    /** Key of a piece: previous range (-1 for none) and next range (-1 for none). */
    private static long key(int previous, int next) {
        return ((long) (previous + 1) << 32) | (next + 1);
    }

    /** Every piece with its cheap lower bound. */
    private void buildPieces(Cancellation cancel) {
        for (int r = 0; r < ranges.size(); r++) {
            JointRanges.Range b = ranges.get(r);
            if (!mode.prefetch()) {
                add(-1, r);
                continue;
            }
            if (b.from() == 0) {
                add(-1, r);
            } else {
                for (int a : ranges.endingAt(b.from())) {
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
        pieces.put(key(previous, next), new JointPiece(previous, next, null, lower,
                next < 0 ? null : ranges.get(next).partition()));
    }

    /** One side of a window alone: its lower bound and its DRAM and write-port areas, ticks. */
    record Side(long lower, long dramArea, long portArea) {
        static final Side NONE = new Side(0, 0, 0);
    }

    private final Map<Integer, Side> sides = new HashMap<>();

    /** A range computing (weights written) or programmed (no stages), alone; early start: the range alone. */
    private Side alone(int range, boolean computing) {
        return sides.computeIfAbsent(computing ? -1 - range : range, k -> {
            ScheduleInstance in = !mode.prefetch() ? JointWindows.window(chip, null, ranges.get(range).tasks(), mode, true)
                    : computing ? JointWindows.window(chip, ranges.get(range).tasks(), null, mode, true)
                    : JointWindows.window(chip, null, ranges.get(range).tasks(), mode, true);
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
            return JointWindows.window(chip, null, ranges.get(next).tasks(), mode, true);
        }
        return JointWindows.window(chip, previous < 0 ? null : ranges.get(previous).tasks(),
                next < 0 ? null : ranges.get(next).tasks(), mode, true);
    }

    /** Solves a piece by CP-SAT from its serial schedule within {@code nanos}. */
    private void solve(JointPiece p, long nanos, int workers, long seed, Cancellation cancel) {
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
        p.tried = true;
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
    long solveDp(boolean lower, List<JointPiece> path) {
        int r = ranges.size();
        long[] value = new long[r];
        int[] via = new int[r];
        java.util.Arrays.fill(value, Long.MAX_VALUE);
        // ranges in order of their end: a range's predecessors end where it starts
        for (int to = 1; to <= n; to++) {
            for (int b : ranges.endingAt(to)) {
                JointRanges.Range rb = ranges.get(b);
                if (rb.from() == 0) {
                    long c = cost(key(-1, b), lower);
                    if (c < value[b]) {
                        value[b] = c;
                        via[b] = -1;
                    }
                }
                for (int a : ranges.endingAt(rb.from())) {
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
        for (int b : ranges.endingAt(n)) {
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
        List<JointPiece> reversed = new ArrayList<>();
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
        JointPiece p = pieces.get(key);
        if (p == null) {
            return Long.MAX_VALUE;
        }
        if (lower && !replicationProven(p)) {
            // another replication of an unproven range may schedule shorter: only its floor bounds the space
            return floor(p);
        }
        return lower ? p.lower : p.upper;
    }

    /** Whether the replication of each range of a piece is proven latency-best (always under v1). */
    private boolean replicationProven(JointPiece p) {
        return (p.previous < 0 || ranges.get(p.previous).proven()) && (p.next < 0 || ranges.get(p.next).proven());
    }

    /**
     * A piece's lower bound over every replication of its unproven ranges, ticks: a proven side's own bound, and
     * {@link JointRanges#floorSeconds(int, int, boolean)}, rounded down (never above the tick model's).
     */
    private long floor(JointPiece p) {
        long sides = 0;
        if (mode.prefetch() && p.previous >= 0 && ranges.get(p.previous).proven()) {
            sides = alone(p.previous, true).lower;
        }
        if (mode.prefetch() && p.next >= 0 && ranges.get(p.next).proven()) {
            sides = Math.max(sides, alone(p.next, false).lower);
        }
        return Math.max(sides, (long) Math.floor(ranges.floorSeconds(p.previous, p.next, mode.prefetch()) / tick));
    }

    /** The ranges of a path of pieces, in order. */
    private List<Integer> rangesOf(List<JointPiece> path) {
        List<Integer> out = new ArrayList<>();
        for (JointPiece p : path) {
            if (p.next >= 0) {
                out.add(p.next);
            }
        }
        return out;
    }

    /**
     * A range's replication changed (a deeper search found a faster one): every piece on it is replaced by a new
     * one with its cheap bound, unsolved. Paths already taken keep their pieces, each with the partition it was
     * solved for, so an incumbent stays a valid plan and schedule.
     */
    private void rebuild(int range) {
        sides.remove(range);
        sides.remove(-1 - range);
        List<JointPiece> stale = pieces.values().stream().filter(p -> p.previous == range || p.next == range).toList();
        for (JointPiece p : stale) {
            add(p.previous, p.next);
        }
    }

    /** The pieces of the plan with the same cuts as {@code plan} (empty when a range is not a candidate). */
    private List<JointPiece> piecesOf(Plan plan) {
        List<Integer> ends = new ArrayList<>(plan.boundaries());
        ends.add(n);
        List<Integer> path = new ArrayList<>();
        int from = 0;
        for (int to : ends) {
            int found = -1;
            for (int r : ranges.startingAt(from)) {
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
        List<JointPiece> out = new ArrayList<>();
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
    private Plan planOf(List<JointPiece> path) {
        List<Partition> parts = new ArrayList<>();
        for (JointPiece p : path) {
            if (p.next >= 0) {
                parts.add(p.partition);
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
    private ScheduleResult windows(Plan plan, List<JointPiece> path, long t0) {
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
