package org.compass.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.compass.formulations.dp.DpFormulation;
import org.compass.formulations.schedule.DpJointScheduler;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Problem;
import org.compass.solver.SolveRequest;
import org.compass.solver.control.Cancellation;
import org.compass.solver.control.ProgressListener;
import org.compass.solver.plan.Plan;
import org.compass.solver.plan.PlanValidator;
import org.compass.solver.schedule.ScheduleMode;
import org.compass.solver.schedule.ScheduleTasks;
import org.compass.solver.schedule.ScheduleValidator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 12, item 2: the joint DP's result (its plan and schedule) on the problem files is valid, never worse than
 * the dp plan's schedule, and executed by the simulator within 3% of its makespan. CP-SAT runs with one worker and a
 * fixed seed ({@link #WORKERS}): with 8 the schedule returned depended on thread timing even where it was proved
 * optimal; with one, a proved result is the same on every run (a FEASIBLE one still depends on how far the search got
 * within its 10 s).
 */
@Tag("slow")
class JointScheduleExecutionTest {

    /** CP-SAT workers: one, so that the search (and a proved schedule) does not depend on thread timing. */
    private static final int WORKERS = 1;

    @ParameterizedTest(name = "{0} batch {1} {2}")
    @CsvSource({"squeezenet.yaml,1,EARLY"})
    void theJointScheduleIsValidNeverWorseAndExecuted(String file, int batch, ScheduleMode mode) {
        check(file, batch, mode);
    }

    /**
     * Under cost model v2, the default: the joint DP's result on the problem files (ranges at their v2
     * latency-best replication, durations from v2) is valid, never worse than the dp plan's schedule, and executed
     * by the simulator within 3%.
     */
    @ParameterizedTest(name = "v2 {0} batch {1} {2}")
    // squeezenet.yaml b1 prefetch: +4.04% before the model wrote tiles through one port each and the simulator paced
    // scheduled loads (docs/scheduling.md, "Tiles through ports"); +1.94% after (2026-12-01, 1 worker)
    @CsvSource({"squeezenet.yaml,1,EARLY", "squeezenet.yaml,1,FULL", "resnet.yaml,1,FULL", "resnet.yaml,16,PREFETCH",
            "vgg.yaml,1,FULL", "squeezenet.yaml,1,PREFETCH"})
    void theJointScheduleUnderCostModelTwoIsExecuted(String file, int batch, ScheduleMode mode) {
        check(file, batch, mode, CostModelVersion.V2);
    }

    /**
     * resnet.yaml at batch 1, early start, v2. Before the CP model charged v2's program head and tail, the joint DP
     * proved cuts [16, 21, 25, 27, 30] at 314.505 us by splitting the dp plan's last partition into 27-29 and 30-31
     * (32 crossbars): the simulator ran it in 330.179 us (+4.98%). Per partition, the simulator's program phases were
     * the cost model's T_prog = max(W + h, L + b) (40.6 us against T_prog 40.23 us for partition 1, 12.57 us against
     * 12.56 us for the small last one) where the schedule gave max(W, L) (35.2 us, 10.0 us). With the head and tail
     * (ScheduleInstance, without prefetch) the joint DP keeps five partitions: 320.049 us, simulated 324.431 us
     * (+1.37%; the dp plan's schedule 320.119 us, simulated 321.791 us, +0.52%; 2026-12-01).
     */
    @ParameterizedTest(name = "v2 {0} batch {1} {2}")
    @CsvSource({"resnet.yaml,1,EARLY"})
    void theJointEarlyScheduleOfResnetUnderCostModelTwoIsExecuted(String file, int batch, ScheduleMode mode) {
        check(file, batch, mode, CostModelVersion.V2);
    }

    /**
     * resnet.yaml at batch 16 with prefetch: the result is the dp plan's own schedule (FEASIBLE), and which
     * schedule CP-SAT returns within the time limit used to decide the simulator's agreement: +0.14% to +3.50% by
     * CP-SAT run (CI +3.55%), because rule 9 let units larger than the staging buffer load ahead of their writes
     * and end their writes before their loads. With rule 10 (docs/scheduling.md, "Streaming through the staging
     * buffer") the 72 runs of {@code WriteScheduler.schedule(problem, dp, PREFETCH or FULL, 0.2-4 s, 1/2/8
     * workers, seeds 1-3)} were within -0.41% to +0.14% (2026-11-30).
     */
    @ParameterizedTest(name = "{0} batch {1} {2}")
    @CsvSource({"resnet.yaml,16,PREFETCH"})
    void theJointScheduleOfAFeasibleCaseIsExecuted(String file, int batch, ScheduleMode mode) {
        check(file, batch, mode);
    }

    /**
     * The joint plan of squeezenet.yaml at batch 1 in mode full (cuts [7, 27] when first measured) has a partition of
     * 128 crossbar tiles on the 128 of compass-s; the scheduled placement gave tiles indices beyond the core's last
     * crossbar ("crossbar 16 does not exist"). Fixed by interval colouring (ScheduledPlacementTest, which also places
     * that plan's full schedule). Since then the joint DP returns the dp plan's own schedule here ("start", two
     * partitions); it runs but misses 3% in most runs, by schedule: -12.30%, -3.01%, -3.95%, -12.30%, +0.60% (five
     * runs, 2026-11-30). The simulator runs ahead of the schedule (SimulationResult.partitions() against the
     * evaluation's partitions, -12.30% run): the schedule's stages last v1's stage times (fill per layer,
     * unreplicated), partition 0 computes 5.9-219.9 us scheduled and ends at 127.5 us simulated; partition 1's writes
     * end at 203.1 us in both, its stages start at 219.9 us scheduled (after partition 0) and at 203.1 us simulated:
     * 221.7 us simulated, makespan 252.8 us. Re-measured 2026-12-01 with one worker (issue 12, after "Tiles through
     * ports"): -13.11% and +0.59% in two runs, by the schedule the 10 s search reached. <b>Not fixed, by decision</b>:
     * cost model v1 is kept only to compare with the paper, and its batch-1 stage times (fill per layer, unreplicated)
     * are longer than what the chip does (the same plan's phases simulate 37.7% faster than v1); a schedule keeping
     * them is met early by the simulator whenever partition 1's writes end before partition 0's v1 stages. Changing
     * v1's stage times would change v1; v2, the default, is the model the simulator is checked against (the v2 cases
     * above, all within 3%).
     */
    @org.junit.jupiter.api.Disabled("v1 by decision (docs/scheduling.md, 'Tiles through ports'): sim/makespan -13.11%"
            + " and +0.59% in two 1-worker runs (2026-12-01; -12.30%..+0.60% before): v1's stage times are longer than"
            + " the chip's, partition 1 computes before the schedule's v1 end of partition 0")
    @org.junit.jupiter.api.Test
    void aPartitionFillingTheChipIsExecuted() {
        check("squeezenet.yaml", 1, ScheduleMode.FULL);
    }

    /**
     * After main's CP-model changes (sched12c: 90%-rate weight loads) were merged, resnet.yaml batch 1 full hit the
     * placement defect above (crossbar 16 on core 3, partition 0 of 224 tiles). After the fix it runs, and the result
     * depends on the schedule CP-SAT returns (8 workers): in 25 runs (2026-11-30) 23 within -0.77%..+2.71%, two
     * beyond 3%: +3.07% and +3.78%, both the dp plan's own schedule ("start"). Per unit, in the +2.71% run of the same
     * kind, the simulator writes some units long after their scheduled writes: unit 16 (partition 1) at 113.5 us
     * against 21.8-33.3 us, unit 24 (partition 2) at 175.4 us against 101.0-102.3 us, unit 31 (partition 4) at
     * 358.4 us against 194.0-199.2 us, and the last partition's writes end 26.9 us late. These schedules load units of
     * later partitions before earlier partitions' units, while per core SYNC_PW holds a partition's weight loads until
     * the earlier partitions' loads are issued: unit 16 waits for unit 12's load (partition 0, scheduled at 95.3 us),
     * unit 24 for unit 20's (partition 1, 160.1 us), unit 31 for unit 26's (partition 3, 295.3 us). The presumed cause,
     * not isolated (dropping SYNC_PW moved 12 other schedules by at most 0.65 points; no late-write schedule came up in
     * those runs). Since the CP model keeps weight loads in partition order (the simulator's SYNC_PW order) and, with
     * one CP-SAT worker, the dp plan's own schedule (398.8 us, FEASIBLE) simulated +0.16% in each of two runs
     * (2026-12-01).
     */
    @ParameterizedTest(name = "{0} batch {1} {2}")
    @CsvSource({"resnet.yaml,1,FULL"})
    void theDpPlansMergedScheduleIsExecuted(String file, int batch, ScheduleMode mode) {
        check(file, batch, mode);
    }

    /**
     * squeezenet.yaml batch 1 prefetch, the dp plan's own schedule: -9.89% in four runs of five, -1.25% in one
     * (2026-11-30; -8.78% when first measured). The simulator runs ahead of the schedule (SimulationResult.partitions()
     * against the evaluation's partitions): partition 0 computes 18.8-232.8 us scheduled (v1's stage times: fill per
     * layer, unreplicated) and ends at 143.4 us simulated; partition 1's writes are scheduled 18.8-209.4 us as
     * partition 0 frees crossbars and end at 213.1 us simulated, where its stages start, while the schedule starts them
     * after partition 0 (232.8 us): 239.4 us simulated, makespan 265.7 us. The same plan's plain phases simulate 37.7%
     * faster than v1 (197.3 us against 316.9 us), so v1's batch-1 stage times cannot be met by a schedule that keeps
     * them; under cost model v2 the same case is within 3% (+1.17% and +1.88%, 1 s and 4 s, 8 workers; issue 12,
     * after rule 10). Re-measured 2026-12-01 with one worker: -8.21% and -2.13% in two runs, by the schedule reached.
     * Not fixed, by decision: v1's stage times, as {@link #aPartitionFillingTheChipIsExecuted}.
     */
    @org.junit.jupiter.api.Disabled("v1 by decision (docs/scheduling.md, 'Tiles through ports'): sim/makespan -8.21%"
            + " and -2.13% in two 1-worker runs (2026-12-01; -9.89% in 4 of 5 before): v1's stage times are longer"
            + " than the chip's")
    @ParameterizedTest(name = "{0} batch {1} {2}")
    @CsvSource({"squeezenet.yaml,1,PREFETCH"})
    void theDpPlansPrefetchScheduleIsExecuted(String file, int batch, ScheduleMode mode) {
        check(file, batch, mode);
    }

    private static void check(String file, int batch, ScheduleMode mode) {
        check(file, batch, mode, CostModelVersion.V1);
    }

    private static void check(String file, int batch, ScheduleMode mode, CostModelVersion version) {
        Problem problem = CostModelAgreementTest.problem(file).withBatch(batch).withCostModel(version);
        Plan dp = new DpFormulation().solve(SolveRequest.of(problem)).plan();
        DpJointScheduler.Result r = DpJointScheduler.optimize(problem, dp, mode, 10, WORKERS, 1, Cancellation.NEVER,
                ProgressListener.NONE);
        assertEquals(List.of(), PlanValidator.violations(problem, r.plan()));
        assertEquals(List.of(), ScheduleValidator.violations(ScheduleTasks.of(problem, r.plan()),
                r.schedule().schedule()));
        assertTrue(r.schedule().makespanSeconds() <= r.start().makespanSeconds(), "never worse than the dp plan");
        SimulationResult sim = Simulator.run(Lowering.lower(problem, r.plan(), r.schedule().schedule()));
        double makespan = r.schedule().makespanSeconds();
        System.out.printf(Locale.ROOT, "%s %s b%d %-8s dp plan %.4e joint %.4e (%s, %s) bound %.4e sim %.4e (%+.2f%%)%n",
                version.label(), file, batch, mode.label(), r.start().makespanSeconds(), makespan, r.source(), r.schedule().status(),
                r.dpSeconds(), sim.latencySeconds(), 100 * (sim.latencySeconds() / makespan - 1));
        assertEquals(1.0, sim.latencySeconds() / makespan, 0.03, "latency within 3% of the makespan");
    }
}
