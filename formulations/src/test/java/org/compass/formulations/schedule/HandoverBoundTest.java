package org.compass.formulations.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.compass.solver.schedule.ScheduleMode;
import org.compass.solver.schedule.ScheduleTasks;
import org.compass.solver.schedule.ScheduleValidator;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 1: the crossbar hand-over bound ({@link HandoverBound}) is never above an optimum found without it:
 * the exhaustive enumeration's (non-negative lags) and CP-SAT's proved ones with activation traffic (no relaxation
 * posted), on seeded instances whose chip is barely larger than their largest partition, so that a partition's
 * writes compete with the previous one's crossbars. It is stronger than every other bound in some of them, so it is
 * exercised; the heads it raises are never above the starts of those optimal schedules, nor of the serial hint; and a
 * deliberately wrong variant, which lets no write of a partition start before the previous one
 * releases crossbars (no prefetch at all), is above the optimum in some, so the tests can fail.
 */
class HandoverBoundTest {

    /** Tallies over the instances checked. */
    private static final class Count {
        int instances;
        int strongest;
        int wrongBroken;
    }

    @Test
    void neverAboveTheEnumerationsOptimum() {
        Count count = new Count();
        for (long seed = 1; seed <= 30; seed++) {
            for (ScheduleTasks tasks : List.of(ExactReferenceTest.random(seed, 2), ExactReferenceTest.randomV2(seed, 2),
                    ExactReferenceTest.streaming(seed))) {
                for (ScheduleMode mode : ScheduleMode.values()) {
                    ScheduleInstance in = ScheduleInstance.of(tasks, mode, false);
                    long[] starts = SerialScheduler.exact(in);
                    check(in, starts, "seed " + seed + " " + mode, count);
                }
            }
        }
        report(count, 10);
    }

    /**
     * With activation traffic (negative lags, so no enumeration) and two or three partitions (so the bound chains
     * over two boundaries): CP-SAT's optimum proved without any relaxation, its schedule valid.
     */
    @Test
    void neverAboveCpSatsOptimumWithActivationTraffic() {
        Count count = new Count();
        for (long seed = 1; seed <= 8; seed++) {
            for (ScheduleTasks tasks : List.of(PhaseContainmentTest.randomWithActivations(seed),
                    RelaxationBoundTest.v2WithActivations(seed), RelaxationBoundTest.v2WithActivations(seed, 101))) {
                for (ScheduleMode mode : List.of(ScheduleMode.PREFETCH, ScheduleMode.FULL)) {
                    for (boolean loadRates : new boolean[] {true, false}) {
                        ScheduleInstance in = ScheduleInstance.of(tasks, mode, loadRates);
                        CpSatScheduler.Outcome o = CpSatScheduler.solveWithoutRelaxation(in,
                                SerialScheduler.hint(in, () -> false), 20, 8, seed);
                        String what = "seed " + seed + " " + mode + " rates " + loadRates;
                        assertTrue(o.optimal(), what + " not proved");
                        assertEquals(List.of(), ScheduleValidator.violations(tasks,
                                WriteScheduler.toSchedule(in, o.starts(), o.durations())));
                        check(in, o.starts(), what, count);
                    }
                }
            }
        }
        report(count, 3);
    }

    /** The exact knapsack equals the best subset, and the fractional one (used beyond a size) is never below it. */
    @Test
    void theKnapsackIsTheBestSubset() {
        Random rnd = new Random(5);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rnd.nextInt(8);
            long[] weight = new long[n];
            long[] value = new long[n];
            for (int i = 0; i < n; i++) {
                weight[i] = rnd.nextInt(12);
                value[i] = rnd.nextInt(100);
            }
            long cap = rnd.nextInt(30) - 2;
            long best = 0;
            for (int mask = 0; mask < 1 << n; mask++) {
                long w = 0;
                long v = 0;
                for (int i = 0; i < n; i++) {
                    if ((mask >> i & 1) == 1) {
                        w += weight[i];
                        v += value[i];
                    }
                }
                if (w <= Math.max(0, cap)) {
                    best = Math.max(best, v);
                }
            }
            assertEquals(best, HandoverBound.knapsack(weight, value, cap), "trial " + trial);
            if (cap > 0) {
                assertTrue(HandoverBound.fractional(weight, value, cap) >= best, "trial " + trial);
            }
        }
    }

    /**
     * The bound is at most the optimum, and the raised heads at most the starts of the optimal schedule and of the
     * serial hint (any schedule: they hold for all).
     */
    private static void check(ScheduleInstance in, long[] optimal, String what, Count count) {
        long optimum = SerialScheduler.makespan(in, optimal);
        long[] hint = SerialScheduler.hint(in, () -> false);
        long[] heads = HandoverBound.heads(in);
        for (int a = 0; a < in.size(); a++) {
            assertTrue(heads[a] <= optimal[a], what + ": activity " + a + " raised to " + heads[a] + ", starts at "
                    + optimal[a] + " in an optimal schedule");
            assertTrue(heads[a] <= hint[a], what + ": activity " + a + " raised to " + heads[a] + ", starts at "
                    + hint[a] + " in the serial hint");
        }
        long bound = HandoverBound.of(in);
        assertTrue(bound <= optimum, what + ": hand-over bound " + bound + " above the optimum " + optimum);
        count.instances++;
        if (bound > Math.max(in.lowerBound(), in.relaxation().best())) {
            count.strongest++;
        }
        if (HandoverBound.withoutPrefetch(in) > optimum) {
            count.wrongBroken++;
        }
    }

    private static void report(Count count, int least) {
        System.out.printf("hand-over bound: %d instances, strongest in %d, the wrong variant above the optimum in %d%n",
                count.instances, count.strongest, count.wrongBroken);
        assertTrue(count.strongest >= least, "the hand-over bound was strongest in only " + count.strongest
                + " instances: the test exercises little");
        assertTrue(count.wrongBroken > 0, "the wrong variant (no prefetch) was never above an optimum");
    }
}
