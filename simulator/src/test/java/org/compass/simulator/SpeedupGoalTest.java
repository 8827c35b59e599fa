package org.compass.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.compass.formulations.dp.DpFormulation;
import org.compass.formulations.schedule.ScheduleResult;
import org.compass.formulations.schedule.WriteScheduler;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Problem;
import org.compass.solver.SolveRequest;
import org.compass.solver.plan.Plan;
import org.compass.solver.schedule.ScheduleMode;
import org.compass.solver.schedule.ScheduleTasks;
import org.compass.solver.schedule.ScheduleValidator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 12, item 4: scheduling gains at least 1.15x over the phases at batch 1 on compass-m, on ResNet-18 and
 * SqueezeNet, under cost model v2 (the default). The dp plan of the problem file is scheduled in mode {@code full}
 * by {@link WriteScheduler}; the schedule must pass {@link ScheduleValidator}, be at most phases / 1.15, and the
 * simulator must execute it within 3% of its makespan. ResNet-18 reaches it since the loads follow partition order
 * and a load may run at 90% of the bandwidth beside activation streams (docs/scheduling.md, "The 1.15x goal on
 * ResNet-18"): 278-283 us against 338.1 us in phases, simulated +1.24% (2026-12-01). CP-SAT runs to a limit, so
 * the schedule found depends on the machine's load; the limit is generous (30 s) and the test is slow. SqueezeNet's
 * execution is checked on a schedule of one CP-SAT worker (below).
 */
@Tag("slow")
class SpeedupGoalTest {

    @ParameterizedTest(name = "{0} on {1} batch 1 full")
    @CsvSource({"resnet.yaml,compass-m", "squeezenet.yaml,compass-m"})
    void theDpPlansFullScheduleGainsOnePointOneFiveTimes(String file, String chip) {
        Scheduled s = schedule(file, chip);
        assertTrue(s.makespan() <= s.phases() / 1.15, "at least 1.15x over the phases: " + s.makespan() + " s against "
                + s.phases());
    }

    /** The ResNet-18 schedule is executed by the simulator within 3% of its makespan (+1.24% to +1.29% measured). */
    @org.junit.jupiter.api.Test
    void theResNetScheduleIsExecutedWithinThreePercent() {
        Scheduled s = schedule("resnet.yaml", "compass-m");
        assertEquals(1.0, s.simulated() / s.makespan(), 0.03, "latency within 3% of the makespan");
    }

    /**
     * The SqueezeNet schedule is executed by the simulator within 3% of its makespan. Solved with one CP-SAT worker
     * and a fixed seed, so that the schedule is the same on every run that proves it (85.528 us, OPTIMAL within 30 s
     * here; 82.962 us before the model wrote tiles through one port each): with 8 workers the optimal schedule
     * returned depended on thread timing, and some simulated +3.15% and (1 worker, FEASIBLE) +4.32% before
     * docs/scheduling.md "Tiles through ports". Measured 2026-12-01: seed 1 -0.96%, seed 3 -0.32% (both OPTIMAL).
     * Another optimal schedule: {@link #anotherOptimalSqueezeNetScheduleIsExecutedWithinThreePercent}.
     */
    @org.junit.jupiter.api.Test
    void theSqueezeNetScheduleIsExecutedWithinThreePercent() {
        Scheduled s = schedule("squeezenet.yaml", "compass-m", 1, 1);
        assertEquals(1.0, s.simulated() / s.makespan(), 0.03, "latency within 3% of the makespan");
    }

    /**
     * Seed 2 proves another schedule of the same makespan (85.528 us, OPTIMAL in 10 s with one worker). The simulator
     * ran it in 88.879 us (+3.92%) until 2026-12-01: partition 1's unit 29 (12 tiles in 4 replicas, 48 tiles on the 16
     * cores' 16 ports) was written 55.57-64.60 us where the schedule has 55.25-61.01 us, its loads in tile order (a
     * port's first tile among the last loaded) and two replicas of each 256-row tile on one port (5.1 us of rows
     * after the tile's load). Since a scheduled unit's tiles load in {@link LoadOrder}'s order (the hungriest port
     * first) and a tile's replicas go to different cores (docs/scheduling.md, "Tiles through ports"): 86.727 us
     * (+1.40%, 2026-12-01; +3.09% with the load order alone, +3.54% with the placement alone).
     */
    @org.junit.jupiter.api.Test
    void anotherOptimalSqueezeNetScheduleIsExecutedWithinThreePercent() {
        Scheduled s = schedule("squeezenet.yaml", "compass-m", 1, 2);
        assertEquals(1.0, s.simulated() / s.makespan(), 0.03, "latency within 3% of the makespan");
    }

    /** A valid schedule's phases, makespan and simulated latency, seconds. */
    private record Scheduled(double phases, double makespan, double simulated) {
    }

    private static Scheduled schedule(String file, String chip) {
        return schedule(file, chip, WriteScheduler.DEFAULT_WORKERS, 1);
    }

    private static Scheduled schedule(String file, String chip, int workers, long seed) {
        Problem problem = CostModelAgreementTest.problem(file).withBatch(1).withCostModel(CostModelVersion.V2);
        problem = problem.withHardware(HardwarePresets.byName(chip).orElseThrow());
        Plan dp = new DpFormulation().solve(SolveRequest.of(problem)).plan();
        ScheduleResult s = WriteScheduler.schedule(problem, dp, ScheduleMode.FULL, 30, workers, seed);
        assertEquals(List.of(), ScheduleValidator.violations(ScheduleTasks.of(problem, dp), s.schedule()));
        double phases = s.evaluation().phaseSeconds();
        double makespan = s.makespanSeconds();
        SimulationResult sim = Simulator.run(Lowering.lower(problem, dp, s.schedule()));
        System.out.printf(Locale.ROOT, "%s %s b1 full: phases %.4e makespan %.4e (%.3fx, %s, bound %.4e) sim %.4e (%+.2f%%)%n",
                file, chip, phases, makespan, phases / makespan, s.status(), s.boundSeconds(), sim.latencySeconds(),
                100 * (sim.latencySeconds() / makespan - 1));
        return new Scheduled(phases, makespan, sim.latencySeconds());
    }
}
