package org.compass.formulations.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.compass.solver.schedule.ScheduleMode;
import org.compass.solver.schedule.ScheduleTasks;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 1: the precedences the crossbars and the staging buffer imply ({@link ImpliedPrecedences}) lose no
 * schedule. On seeded instances whose chip is barely larger than their largest partition and whose buffer holds
 * about one unit (so both apply), every optimal schedule found without them and the serial hint obey them, and the
 * optimum with them is the optimum without: the exhaustive enumeration's (non-negative lags) and CP-SAT's proved
 * ones with activation traffic. A deliberately wrong variant, the crossbar precedence between every pair of
 * neighbouring units whether or not they fit together, raises the optimum in some, so the test can fail.
 */
class ImpliedPrecedencesTest {

    /** Tallies over the instances checked. */
    private static final class Count {
        int instances;
        int lags;
        int wrongAbove;
    }

    @Test
    void theEnumerationsOptimumObeysThemAndStaysTheSame() {
        Count count = new Count();
        for (long seed = 1; seed <= 30; seed++) {
            for (ScheduleTasks tasks : List.of(ExactReferenceTest.random(seed, 2), ExactReferenceTest.randomV2(seed, 2),
                    ExactReferenceTest.streaming(seed))) {
                for (ScheduleMode mode : List.of(ScheduleMode.PREFETCH, ScheduleMode.FULL)) {
                    String what = "seed " + seed + " " + mode;
                    ScheduleInstance without = ScheduleInstance.withoutImpliedPrecedences(tasks, mode, false);
                    long[] optimal = SerialScheduler.exact(without);
                    long optimum = SerialScheduler.makespan(without, optimal);
                    ScheduleInstance with = ScheduleInstance.of(tasks, mode, false);
                    assertEquals(optimum, SerialScheduler.makespan(with, SerialScheduler.exact(with)), what);
                    check(without, optimal, what, count);
                    ScheduleInstance wrong = ScheduleInstance.withoutImpliedPrecedences(tasks, mode, false);
                    wrong.lags.addAll(ImpliedPrecedences.everyPair(wrong));
                    if (SerialScheduler.makespan(wrong, SerialScheduler.exact(wrong)) > optimum) {
                        count.wrongAbove++;
                    }
                }
            }
        }
        report(count, 30);
        assertTrue(count.wrongAbove > 0, "the wrong variant (every pair) was never above an optimum");
    }

    /**
     * With activation traffic (negative lags, so no enumeration) and two or three partitions: CP-SAT's optimum
     * proved without any relaxation, with and without the implied precedences; a proof that the other instance's
     * schedule beats is refuted and made again ({@link RefutedProofs}).
     */
    @Test
    void cpSatsOptimumWithActivationTrafficObeysThemAndStaysTheSame() {
        Count count = new Count();
        RefutedProofs refuted = new RefutedProofs();
        for (long seed = 1; seed <= 8; seed++) {
            for (ScheduleTasks tasks : List.of(PhaseContainmentTest.randomWithActivations(seed),
                    RelaxationBoundTest.v2WithActivations(seed), RelaxationBoundTest.v2WithActivations(seed, 101))) {
                for (ScheduleMode mode : List.of(ScheduleMode.PREFETCH, ScheduleMode.FULL)) {
                    for (boolean loadRates : new boolean[] {true, false}) {
                        String what = "seed " + seed + " " + mode + " rates " + loadRates;
                        ScheduleInstance without = ScheduleInstance.withoutImpliedPrecedences(tasks, mode, loadRates);
                        CpSatScheduler.Outcome o = CpSatScheduler.solveWithoutRelaxation(without,
                                SerialScheduler.hint(without, () -> false), 20, 8, seed);
                        assertTrue(o.optimal(), what + " not proved without them");
                        ScheduleInstance with = ScheduleInstance.of(tasks, mode, loadRates);
                        CpSatScheduler.Outcome p = CpSatScheduler.solveWithoutRelaxation(with,
                                SerialScheduler.hint(with, () -> false), 20, 8, seed);
                        assertTrue(p.optimal(), what + " not proved with them");
                        // with's schedule is one of without's (it obeys more lags), and without's, once checked to
                        // obey every implied lag, one of with's: each refutes a proof of the other that it beats
                        o = refuted.checked(without, o, p, seed, what + " without them");
                        check(without, o.starts(), what, count);
                        p = refuted.checked(with, p, o, seed, what + " with them");
                        assertEquals(o.makespan(), p.makespan(), what);
                    }
                }
            }
        }
        report(count, 10);
        System.out.printf("implied precedences: %d of CP-SAT's proofs refuted by a valid shorter schedule%n",
                refuted.refuted());
    }

    /** The optimal schedule and the serial hint of the instance without them obey every implied lag. */
    private static void check(ScheduleInstance without, long[] optimal, String what, Count count) {
        long[] hint = SerialScheduler.hint(without, () -> false);
        for (long[] lag : ImpliedPrecedences.of(without)) {
            int from = (int) lag[0];
            int to = (int) lag[1];
            assertTrue(optimal[to] >= optimal[from] + lag[2], what + ": " + without.type.get(to) + " " + to
                    + " starts at " + optimal[to] + " before " + without.type.get(from) + " " + from + " ends at "
                    + (optimal[from] + lag[2]) + " in an optimal schedule");
            assertTrue(hint[to] >= hint[from] + lag[2], what + ": the serial hint breaks the lag " + from + " -> " + to);
            count.lags++;
        }
        count.instances++;
    }

    private static void report(Count count, int least) {
        System.out.printf("implied precedences: %d instances, %d lags checked, the wrong variant above the optimum "
                + "in %d (tried by the enumeration only)%n", count.instances, count.lags, count.wrongAbove);
        assertTrue(count.lags >= least, "only " + count.lags + " implied lags: the test exercises little");
    }
}
