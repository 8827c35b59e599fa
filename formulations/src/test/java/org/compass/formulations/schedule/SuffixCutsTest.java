package org.compass.formulations.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.compass.solver.schedule.ScheduleMode;
import org.compass.solver.schedule.ScheduleTasks;
import org.compass.solver.schedule.ScheduleValidator;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 1: the suffix cuts of {@link SuffixCuts} ({@code makespan >= start[x] + b_x}) hold in optimal
 * schedules found without them: the exhaustive enumeration's (non-negative lags) and CP-SAT's proved ones with
 * activation traffic (the cuts and the relaxations not posted), on seeded instances with prefetch; and the bound
 * they give with the lags' heads is never above those optima. A deliberately wrong cut, counting from x's end
 * ({@code makespan >= end[x] + b_x}, as if nothing of the suffix overlapped x), fails on some of them.
 */
class SuffixCutsTest {

    private static final List<ScheduleMode> PREFETCH = List.of(ScheduleMode.PREFETCH, ScheduleMode.FULL);

    @Test
    void holdInTheEnumerationsOptimalSchedules() {
        Count count = new Count();
        for (long seed = 1; seed <= 30; seed++) {
            for (ScheduleTasks tasks : List.of(ExactReferenceTest.random(seed, 2), ExactReferenceTest.randomV2(seed, 2),
                    ExactReferenceTest.streaming(seed))) {
                for (ScheduleMode mode : PREFETCH) {
                    ScheduleInstance in = ScheduleInstance.of(tasks, mode, false);
                    long[] starts = SerialScheduler.exact(in);
                    check(in, starts, SerialScheduler.makespan(in, starts), seed + " " + mode, count);
                }
            }
        }
        report(count, 10);
        assertTrue(count.strongest > 0, "the cuts' bound was never above the relaxations'");
    }

    @Test
    void holdInCpSatsOptimalSchedulesWithActivationTraffic() {
        Count count = new Count();
        for (long seed = 1; seed <= 8; seed++) {
            for (ScheduleTasks tasks : List.of(PhaseContainmentTest.randomWithActivations(seed),
                    RelaxationBoundTest.v2WithActivations(seed), RelaxationBoundTest.v2WithActivations(seed, 101))) {
                for (ScheduleMode mode : PREFETCH) {
                    for (boolean loadRates : new boolean[] {true, false}) {
                        ScheduleInstance in = ScheduleInstance.of(tasks, mode, loadRates);
                        CpSatScheduler.Outcome o = CpSatScheduler.solveWithoutRelaxation(in,
                                SerialScheduler.hint(in, () -> false), 20, 8, seed);
                        assertTrue(o.optimal(), "seed " + seed + " " + mode + " not proved");
                        assertEquals(List.of(), ScheduleValidator.violations(tasks,
                                WriteScheduler.toSchedule(in, o.starts(), o.durations())));
                        check(in, o.starts(), o.makespan(), seed + " " + mode + " rates " + loadRates, count);
                    }
                }
            }
        }
        report(count, 3);
    }

    /** Tallies over the instances: cuts found, instances where the cuts' bound is the strongest, wrong cuts broken. */
    private static final class Count {
        int cuts;
        int strongest;
        int wrongBroken;
        int gates;
    }

    private static void check(ScheduleInstance in, long[] starts, long makespan, String what, Count count) {
        long[] hint = SerialScheduler.hint(in, () -> false);
        long horizon = SerialScheduler.makespan(in, hint);
        assertTrue(makespan <= horizon, what);
        // with the hint: the earliest gate's exact prefix, solved from it, is among the cuts
        List<SuffixCuts.Cut> cuts = SuffixCuts.of(in, horizon, 10, System.nanoTime() + 60_000_000_000L, 2, 1, hint,
                org.compass.solver.control.Cancellation.NEVER);
        List<Integer> candidates = new java.util.ArrayList<>();
        for (int x = 0; x < in.size(); x++) {
            if (in.type.get(x) == ScheduleInstance.Type.WRITE && 4 * in.crossbars.get(x) > in.chipCrossbars) {
                candidates.add(x);
            }
        }
        int gate = SuffixCuts.earliestGate(in, candidates);
        if (gate >= 0) {
            count.gates++;
        }
        for (SuffixCuts.Cut c : cuts) {
            assertTrue(makespan >= starts[c.activity()] + c.ticks(),
                    what + ": cut " + c + " above the optimum " + makespan + " (x starts at " + starts[c.activity()] + ")");
            assertTrue(starts[c.activity()] >= c.earliest(), what + ": cut " + c + " above x's start " + starts[c.activity()]);
            if (makespan < starts[c.activity()] + in.dur(c.activity()) + c.ticks()) {
                count.wrongBroken++;
            }
        }
        long bound = SuffixCuts.bound(cuts);
        assertTrue(bound <= makespan, what + ": " + bound + " above the optimum " + makespan);
        count.cuts += cuts.size();
        if (bound > in.strongLowerBound()) {
            count.strongest++;
        }
    }

    private static void report(Count count, int least) {
        System.out.printf("suffix cuts: %d, stronger than the relaxations in %d instances, the wrong cut broken %d"
                + " times, a gate's exact prefix in %d instances%n", count.cuts, count.strongest, count.wrongBroken,
                count.gates);
        assertTrue(count.gates > 0, "no instance has a gate: its prefix bound is not exercised");
        assertTrue(count.cuts >= least, "only " + count.cuts + " cuts: the test exercises little");
        assertTrue(count.wrongBroken > 0, "the wrong cut (from x's end) was never above an optimum");
    }
}
