package org.compass.formulations.schedule;

import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.CumulativeConstraint;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.IntervalVar;
import com.google.ortools.sat.LinearExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.compass.formulations.ortools.OrTools;
import org.compass.solver.control.Cancellation;
import org.compass.solver.control.ProgressListener;

/**
 * CP-SAT interval model of a {@link ScheduleInstance}, minimizing the makespan.
 *
 * <p>Variables: a start per activity (0 .. horizon - duration; with the relaxations from its head as the crossbar
 * hand-over raises it, {@link HandoverBound}) with a fixed-size interval; with prefetch, a
 * boolean per weight load choosing its rate (full, or {@link ScheduleInstance#SLOW_LOAD_SHARES} of the bandwidth
 * for 1/0.9 as long: two optional intervals on its start), an occupancy interval per write from its start to its
 * stage's end, and a staging interval per unit from its load's start to max(load end, write end). Constraints:
 * every minimum lag (start[to] - start[from] &gt;= lag; a lag "after a load ends" follows its chosen end); write
 * ports as a cumulative of capacity P over the writes' port demands; DRAM as a cumulative of
 * {@link ScheduleInstance#DRAM_UNITS} shares over transfers; with prefetch, crossbars as a cumulative of the
 * chip's capacity over the occupancies and weight staging as a cumulative of the buffer's bytes over the staging
 * intervals; makespan &gt;= every end. Redundant: the redundant bounds makespan &gt;= DRAM area / bandwidth and
 * &gt;= write-port area / P; each occupancy at least write + stage long and each staging interval at least
 * max(load, write); a disjunctive over the occupancies of units holding more than half the chip and one over the
 * staging intervals of units reserving more than half the buffer; the makespan's domain starts at the bound of
 * the relaxations solved outside CP-SAT ({@link RelaxationBound}); with prefetch, where asked, the suffix and prefix
 * cuts of {@link SuffixCuts} (makespan &gt;= start[x] + b_x, start[x] &gt;= e_x). Objective: minimize makespan; in mode
 * full, two phases ({@link #searchesLowerBound}): the default workers, then the objective lower-bound search from the
 * best schedule found, the makespan at most its. The shorter of
 * the natural serial schedule and the phase schedule in ticks ({@link SerialScheduler#hint}) is given as a hint
 * and its makespan as the horizon, so a solution always exists and the model's bound never exceeds the phase
 * schedule's makespan. Size: O(activities + lags) = O(units x partitions' sizes) variables and constraints. The
 * time limit is a deadline: CP-SAT gets what is left of it once the model is built; its progress is read from its
 * search log ({@link SearchLog}). Fails: never on a valid instance (the hint is feasible); a status without a
 * solution returns the hint ({@link Outcome#solved} false).
 */
final class CpSatScheduler {

    /**
     * Outcome in ticks; {@code solved} tells whether CP-SAT returned a solution (else the hint comes back, with
     * the instance's own lower bound).
     */
    record Outcome(long[] starts, long[] durations, long makespan, long bound, boolean optimal, boolean solved) {
    }

    /** CP-SAT's limit for one suffix cut, seconds ({@link SuffixCuts}). */
    static final double CUT_SECONDS = 1.0;

    /** The share of the time left that the suffix cuts may take. */
    static final double CUT_SHARE = 0.2;

    /**
     * CP-SAT's objective lower-bound search: a full-problem worker that proves "no schedule ends by L" for rising L
     * (destructive lower bounding), where its default worker branches on the schedule and raises the bound only
     * through it (issue 12, item 1; docs/scheduling.md, "A worker that searches for the bound").
     */
    static final String LOWER_BOUND_SEARCH = "objective_lb_search";

    /**
     * Where the lower-bound search runs ({@link #searchesLowerBound}), the share of CP-SAT's time its default workers
     * get first: they find the schedules (the lower-bound search alone found worse ones on ResNet-18 at batch 1) and
     * prove the easy instances at once (SqueezeNet on compass-s at batch 1 in 0.2 s, 3.6-8.1 s by the lower-bound
     * search alone); measured against a half and 0.35 of the time, docs/scheduling.md.
     */
    static final double FIND_SHARE = 0.25;

    private CpSatScheduler() {
    }

    /** Solves within the time limit, with the suffix and prefix cuts ({@link SuffixCuts}) where crossbars are modelled. */
    static Outcome solve(ScheduleInstance in, long[] hint, double seconds, int workers, long seed) {
        return solve(in, hint, System.nanoTime() + nanos(seconds), 0, workers, seed, Cancellation.NEVER, () -> false,
                null, true, true);
    }

    /** Solves within the time limit, the makespan starting at the area bound only (no relaxation posted). */
    static Outcome solveWithoutRelaxation(ScheduleInstance in, long[] hint, double seconds, int workers, long seed) {
        return solve(in, hint, System.nanoTime() + nanos(seconds), 0, workers, seed, Cancellation.NEVER, () -> false,
                null, false, false);
    }

    /** Solves within the time limit; a cancellation stops CP-SAT as the limit would. */
    static Outcome solve(ScheduleInstance in, long[] hint, double seconds, int workers, long seed,
                         Cancellation cancel) {
        return solve(in, hint, seconds, workers, seed, cancel, cancel::isCancelled);
    }

    /**
     * Solves within the time limit; a cancellation stops CP-SAT as the limit would. {@code stop} is polled
     * between the model's building steps: null when it turns true before CP-SAT starts.
     */
    static Outcome solve(ScheduleInstance in, long[] hint, double seconds, int workers, long seed,
                         Cancellation cancel, BooleanSupplier stop) {
        return solve(in, hint, System.nanoTime() + nanos(seconds), 0, workers, seed, cancel, stop, null);
    }

    /**
     * Solves by a deadline ({@link System#nanoTime()}): the model is built first, then CP-SAT gets what is left
     * of the time minus {@code reserveSeconds} (what the caller needs after it: converting and validating the
     * schedule). {@code stop} is polled between the model's building steps: null when it turns true, or when no
     * time is left for CP-SAT, before CP-SAT starts. With a {@code progress}, every improvement of the incumbent
     * or of the bound is reported (at most one line per {@link SearchLog#INTERVAL_NANOS}), read from CP-SAT's
     * search log (its best-bound callback crashes the JVM in OR-Tools 9.12-9.15, SOLVER-NOTES.md).
     */
    static Outcome solve(ScheduleInstance in, long[] hint, long deadlineNanos, double reserveSeconds, int workers,
                         long seed, Cancellation cancel, BooleanSupplier stop, SearchLog progress) {
        return solve(in, hint, deadlineNanos, reserveSeconds, workers, seed, cancel, stop, progress, true, false);
    }

    /**
     * As above, with the suffix and prefix cuts ({@link SuffixCuts}) where crossbars are modelled (prefetch): they take
     * up to {@link #CUT_SHARE} of the time left. {@link WriteScheduler} solves a whole plan's schedule this way; the
     * joint DP's many small windows do without them.
     */
    static Outcome solveWithCuts(ScheduleInstance in, long[] hint, long deadlineNanos, double reserveSeconds,
                                 int workers, long seed, Cancellation cancel, BooleanSupplier stop,
                                 SearchLog progress) {
        return solve(in, hint, deadlineNanos, reserveSeconds, workers, seed, cancel, stop, progress, true, true);
    }

    /**
     * As above; {@code relaxation}: whether the makespan starts at the relaxations' bound
     * ({@link ScheduleInstance#strongLowerBound}, {@link RelaxationBound}) or only at the area bound
     * ({@link ScheduleInstance#lowerBound}). Tests solve without it to check the relaxations against CP-SAT's own
     * proofs; every solve of the tool posts it. {@code withCuts}: whether the suffix and prefix cuts are posted too
     * ({@link SuffixCuts}, with the relaxation only).
     */
    static Outcome solve(ScheduleInstance in, long[] hint, long deadlineNanos, double reserveSeconds, int workers,
                         long seed, Cancellation cancel, BooleanSupplier stop, SearchLog progress,
                         boolean relaxation, boolean withCuts) {
        return solve(in, hint, deadlineNanos, reserveSeconds, workers, seed, cancel, stop, progress, relaxation,
                withCuts, FIND_SHARE);
    }

    /**
     * As {@link #solve(ScheduleInstance, long[], double, int, long)}, the first phase taking {@code findShare} of the
     * time where two phases run ({@link #searchesLowerBound}): tests make it short so that the second phase runs.
     */
    static Outcome solve(ScheduleInstance in, long[] hint, double seconds, int workers, long seed, double findShare) {
        return solve(in, hint, System.nanoTime() + nanos(seconds), 0, workers, seed, Cancellation.NEVER, () -> false,
                null, true, true, findShare);
    }

    private static Outcome solve(ScheduleInstance in, long[] hint, long deadlineNanos, double reserveSeconds,
                                 int workers, long seed, Cancellation cancel, BooleanSupplier stop, SearchLog progress,
                                 boolean relaxation, boolean withCuts, double findShare) {
        OrTools.ensureLoaded();
        if (stop.getAsBoolean()) {
            return null;
        }
        int n = in.size();
        long horizon = SerialScheduler.makespan(in, hint);
        CpModel model = new CpModel();
        IntVar[] s = new IntVar[n];
        IntervalVar[] iv = new IntervalVar[n];
        // a weight load's end, when the model chooses its rate (full, or SLOW_LOAD_SHARES of the bandwidth)
        LinearExpr[] end = new LinearExpr[n];
        BoolVar[] slow = new BoolVar[n];
        // with the relaxations, each start from its head raised by the crossbar hand-over where it is taken
        // (HandoverBound, prefetch): no schedule starts it earlier, and CP-SAT's cumulatives reason from there
        long[] earliest = relaxation && in.handoverTaken() ? in.raisedHeads() : new long[n];
        for (int a = 0; a < n; a++) {
            s[a] = model.newIntVar(Math.min(earliest[a], horizon - in.dur(a)), horizon - in.dur(a), "s_" + a);
            iv[a] = model.newFixedSizeIntervalVar(s[a], in.dur(a), "iv_" + a);
            slow[a] = in.rateChosen(a) ? model.newBoolVar("slow_" + a) : null;
            end[a] = CpSatPosting.end(in, a, s[a], slow[a]);
        }
        if (stop.getAsBoolean()) {
            return null;
        }
        // Every minimum lag between starts.
        CpSatPosting.lags(model, in, s, end, slow, null);
        if (stop.getAsBoolean()) {
            return null;
        }
        // Write ports are shared by all writes.
        CumulativeConstraint portsUsed = model.addCumulative(in.ports);
        // DRAM: weight loads take the whole bandwidth, activation streams their average rate.
        CumulativeConstraint dram = model.addCumulative(ScheduleInstance.DRAM_UNITS);
        // A unit holds its crossbars from its write's start to its stage's end.
        CumulativeConstraint crossbars = in.crossbarsModelled ? model.addCumulative(in.chipCrossbars) : null;
        // A unit's weights wait in the staging buffer from its load's start until loaded and written.
        CumulativeConstraint staged = in.stagingModelled ? model.addCumulative(in.stagingBytes) : null;
        // Redundant: units holding more than half the crossbars, or reserving more than half the staging buffer,
        // never overlap one another (a disjunctive reasons more strongly than the cumulative about them).
        List<IntervalVar> bigHolders = new ArrayList<>();
        List<IntervalVar> bigReservations = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            if (in.type.get(a) == ScheduleInstance.Type.WRITE) {
                portsUsed.addDemand(iv[a], in.portDemand.get(a));
                if (crossbars != null) {
                    int st = in.releasedBy.get(a);
                    // held at least while written and while its stage runs (the stage starts after the write ends)
                    IntVar size = model.newIntVar(Math.min(horizon, in.dur(a) + in.dur(st)), horizon, "occ_" + a);
                    IntervalVar occ = model.newIntervalVar(s[a], size,
                            LinearExpr.affine(s[st], 1, in.dur(st)), "occ_iv_" + a);
                    crossbars.addDemand(occ, in.crossbars.get(a));
                    if (2 * in.crossbars.get(a) > in.chipCrossbars) {
                        bigHolders.add(occ);
                    }
                }
                if (staged != null) {
                    int ld = in.loadOf.get(a);
                    IntVar stagedEnd = model.newIntVar(0, horizon, "stage_end_" + a);
                    model.addGreaterOrEqual(LinearExpr.newBuilder().add(stagedEnd).addTerm(s[a], -1).build(),
                            in.dur(a));
                    model.addGreaterOrEqual(stagedEnd, end[ld]);
                    // reserved at least while loaded (at the full rate) and while written (it starts after the load)
                    IntVar size = model.newIntVar(Math.min(horizon, Math.max(in.dur(a), in.dur(ld))), horizon,
                            "staged_" + a);
                    IntervalVar reservation = model.newIntervalVar(s[ld], size, stagedEnd, "staged_iv_" + a);
                    staged.addDemand(reservation, in.staging.get(a));
                    if (2 * in.staging.get(a) > in.stagingBytes) {
                        bigReservations.add(reservation);
                    }
                }
            }
            CpSatPosting.dram(model, dram, in, a, s[a], iv[a], slow[a]);
        }
        if (bigHolders.size() > 1) {
            model.addNoOverlap(bigHolders);
        }
        if (bigReservations.size() > 1) {
            model.addNoOverlap(bigReservations);
        }
        if (stop.getAsBoolean()) {
            return null;
        }
        // suffix cuts (prefetch): the least time from a big unit's write to the end, proved on its successors alone,
        // within CUT_SHARE (a fifth) of the time left (issue 12, item 1)
        List<SuffixCuts.Cut> cuts = relaxation && withCuts ? SuffixCuts.of(in, horizon, CUT_SECONDS,
                System.nanoTime() + (long) (CUT_SHARE * Math.max(0, deadlineNanos - System.nanoTime())), workers, seed,
                hint, cancel) : List.of();
        if (stop.getAsBoolean()) {
            return null;
        }
        // the relaxations' bound, proved outside CP-SAT: the makespan's domain starts there (never above the hint's)
        long lower = Math.min(relaxation ? Math.max(in.strongLowerBound(), SuffixCuts.bound(cuts))
                : in.lowerBound(), horizon);
        IntVar makespan = model.newIntVar(lower, horizon, "makespan");
        for (int a = 0; a < n; a++) {
            model.addGreaterOrEqual(makespan, end[a]);
        }
        for (SuffixCuts.Cut c : cuts) {
            model.addGreaterOrEqual(LinearExpr.newBuilder().add(makespan).addTerm(s[c.activity()], -1).build(),
                    c.ticks());
            model.addGreaterOrEqual(s[c.activity()], Math.min(c.earliest(), horizon - in.dur(c.activity())));
        }
        model.minimize(makespan);
        for (int a = 0; a < n; a++) {
            model.addHint(s[a], hint[a]);
            if (slow[a] != null) {
                model.addHint(slow[a], 0);
            }
        }
        model.addHint(makespan, horizon);
        // the time left once the model is built, less what the caller needs after the solve
        double seconds = (deadlineNanos - System.nanoTime()) / 1e9 - reserveSeconds;
        if (stop.getAsBoolean() || !(seconds > 0)) {
            return null;
        }
        // mode full: CP-SAT's default workers first, for FIND_SHARE of the time (they find the schedules, and prove the
        // easy instances at once), then, unless proved, the lower-bound search from the best schedule found (from the
        // hint if none was found; issue 12, item 1)
        boolean twoPhases = searchesLowerBound(in, withCuts);
        CpSolver solver = solver(twoPhases ? findShare * seconds : seconds, workers, seed, progress);
        CpSolverStatus status = OrTools.solve(solver, model, null, cancel);
        if (twoPhases && (status == CpSolverStatus.FEASIBLE || status == CpSolverStatus.UNKNOWN)
                && !cancel.isCancelled()) {
            if (status == CpSolverStatus.FEASIBLE) {
                // The best schedule found bounds the makespan: an optimal schedule is no longer, so the restricted
                // model still holds one and its proved bound is a bound on the optimum; every bound proved so far is
                // posted too
                long found = solver.value(makespan);
                model.clearHints();
                for (int a = 0; a < n; a++) {
                    model.addHint(s[a], solver.value(s[a]));
                    if (slow[a] != null) {
                        model.addHint(slow[a], solver.booleanValue(slow[a]) ? 1 : 0);
                    }
                }
                model.addHint(makespan, found);
                model.addLessOrEqual(makespan, found);
                model.addGreaterOrEqual(makespan, (long) Math.ceil(solver.bestObjectiveBound() - 1e-9));
            }
            double left = (deadlineNanos - System.nanoTime()) / 1e9 - reserveSeconds;
            if (left > 0) {
                CpSolver prover = solver(left, workers, seed, progress);
                prover.getParameters().addExtraSubsolvers(LOWER_BOUND_SEARCH);
                CpSolverStatus proved = OrTools.solve(prover, model, null, cancel);
                if (proved == CpSolverStatus.OPTIMAL || proved == CpSolverStatus.FEASIBLE) {
                    solver = prover;
                    status = proved;
                }
            }
        }
        if (status != CpSolverStatus.OPTIMAL && status != CpSolverStatus.FEASIBLE) {
            return new Outcome(hint.clone(), durations(in), horizon, lower, false, false);
        }
        long[] starts = new long[n];
        long[] durations = durations(in);
        for (int a = 0; a < n; a++) {
            starts[a] = solver.value(s[a]);
            if (slow[a] != null && solver.booleanValue(slow[a])) {
                durations[a] = in.slowDuration.get(a);
            }
        }
        return new Outcome(starts, durations, solver.value(makespan), (long) Math.ceil(solver.bestObjectiveBound() - 1e-9),
                status == CpSolverStatus.OPTIMAL, true);
    }

    /**
     * Whether CP-SAT, after {@link #FIND_SHARE} of its time with its default workers, runs {@link #LOWER_BOUND_SEARCH}
     * first among its full-problem workers for the rest (with 2 workers its only one, beside the interleaved
     * neighbourhood searches; with 8 in place of its sixth), from the best schedule found: for a whole plan's
     * schedule in mode {@code full} ({@code withCuts}, {@link WriteScheduler}). There every miss of issue 12's item 1
     * was a bound CP-SAT's default worker proved too slowly (the schedules found in 10 s were optimal or within 0.4%
     * of the best found in 60 s); the other modes keep the default portfolio throughout.
     */
    static boolean searchesLowerBound(ScheduleInstance in, boolean withCuts) {
        return withCuts && in.mode.prefetch() && in.mode.earlyStart();
    }

    /** A CP-SAT solver with a time limit, workers and seed, its search log going to {@code progress} if any. */
    private static CpSolver solver(double seconds, int workers, long seed, SearchLog progress) {
        CpSolver solver = new CpSolver();
        solver.getParameters().setMaxTimeInSeconds(seconds).setNumWorkers(workers).setRandomSeed((int) seed)
                .setLogSearchProgress(progress != null).setLogToStdout(false);
        if (progress != null) {
            solver.setLogCallback(progress);
        }
        return solver;
    }

    /** Every activity's duration at the full rate. */
    static long[] durations(ScheduleInstance in) {
        long[] d = new long[in.size()];
        for (int a = 0; a < d.length; a++) {
            d[a] = in.dur(a);
        }
        return d;
    }

    private static long nanos(double seconds) {
        return (long) Math.min(Long.MAX_VALUE / 4.0, Math.max(0, seconds) * 1e9);
    }

    /**
     * Turns CP-SAT's search log into progress lines: its {@code #1 0.09s best:437594 next:[306320,437593] ...}
     * (a new solution) and {@code #Bound 0.11s best:437594 next:[311504,437593] ...} (a better bound) lines carry
     * the incumbent and the bound in ticks. A line is reported when either improved, at most one per
     * {@link #INTERVAL_NANOS} (the latest figures then come with the next one); other log lines are ignored.
     * Called from CP-SAT's worker threads, hence synchronized.
     */
    static final class SearchLog implements Consumer<String> {

        /** The shortest time between two progress lines. */
        static final long INTERVAL_NANOS = 250_000_000L;

        private static final Pattern LINE = Pattern.compile(
                "^#(\\d+|Bound)\\s+\\S+s\\s+best:(\\S+)\\s+next:\\[(-?\\d+),");

        private final ProgressListener listener;
        private final String label;
        private final double tick;
        private final long t0;
        private long best = Long.MAX_VALUE;
        private long bound = Long.MIN_VALUE;
        private long reported = Long.MIN_VALUE;
        private long reportedBest = Long.MAX_VALUE;
        private long reportedBound = Long.MIN_VALUE;
        private boolean pending;

        /**
         * @param label what is scheduled, the start of each line ("schedule (full)")
         * @param tick  seconds per tick of the instance
         * @param t0    when the scheduling started ({@link System#nanoTime()}): lines give the time since
         */
        SearchLog(ProgressListener listener, String label, double tick, long t0) {
            this.listener = listener;
            this.label = label;
            this.tick = tick;
            this.t0 = t0;
        }

        @Override
        public synchronized void accept(String line) {
            Matcher m = LINE.matcher(line);
            if (!m.find()) {
                return;
            }
            long b;
            long lo;
            try {
                b = m.group(2).equals("inf") ? Long.MAX_VALUE : Long.parseLong(m.group(2));
                lo = Long.parseLong(m.group(3));
            } catch (NumberFormatException e) {
                return;
            }
            if (b < best || lo > bound) {
                best = Math.min(best, b);
                bound = Math.max(bound, lo);
                pending = true;
            }
            long now = System.nanoTime();
            if (pending && best != Long.MAX_VALUE && (reported == Long.MIN_VALUE || now - reported >= INTERVAL_NANOS)) {
                reported = now;
                pending = false;
                report(best, Math.min(bound, best));
            }
        }

        /** Reports the latest figures if an improvement was held back (called once CP-SAT has returned). */
        synchronized void flush() {
            if (pending && best != Long.MAX_VALUE) {
                pending = false;
                reported = System.nanoTime();
                report(best, Math.min(bound, best));
            }
        }

        /**
         * Reports CP-SAT's final figures (ticks) unless the last line reported them already: it can prove its first
         * solution optimal at once, without a search log line, when that solution reaches the relaxations' bound
         * ({@link RelaxationBound}), and its last improvement (the one that closes the gap) need not reach the log.
         * Called once CP-SAT has returned, after {@link #flush}.
         */
        synchronized void finish(long makespan, long lower) {
            flush();
            long shownLower = Math.min(lower, makespan);
            if (reported == Long.MIN_VALUE || makespan != reportedBest || shownLower != reportedBound) {
                reported = System.nanoTime();
                report(makespan, shownLower);
            }
        }

        private void report(long makespan, long lower) {
            reportedBest = makespan;
            reportedBound = lower;
            listener.report(line(makespan * tick, lower * tick, (reported - t0) / 1e9));
        }

        private String line(double makespan, double lower, double seconds) {
            return String.format(Locale.ROOT, "%s: makespan %s, bound %s, gap %.1f%% after %.2f s", label,
                    time(makespan), time(lower), 100 * (makespan - lower) / makespan, seconds);
        }

        /** A time in us below a millisecond, else in ms, to 4 significant-ish decimals. */
        static String time(double seconds) {
            return seconds < 1e-3 ? String.format(Locale.ROOT, "%.3f us", seconds * 1e6)
                    : String.format(Locale.ROOT, "%.3f ms", seconds * 1e3);
        }
    }
}
