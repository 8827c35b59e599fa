package org.compass.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.compass.formulations.dp.DpFormulation;
import org.compass.formulations.schedule.ScheduleResult;
import org.compass.formulations.schedule.WriteScheduler;
import org.compass.model.problem.Problem;
import org.compass.solver.Plan;
import org.compass.solver.ScheduleMode;
import org.compass.solver.SolveRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Executing write schedules: DP plans of the three problem files, scheduled in every mode, simulated. */
class ScheduleExecutionTest {

    /** CP-SAT time per schedule: enough for a valid (usually optimal) schedule, short enough for a unit test. */
    static final double SECONDS = 2;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String file : List.of("resnet.yaml", "vgg.yaml", "squeezenet.yaml")) {
            for (ScheduleMode m : ScheduleMode.values()) {
                out.add(Arguments.of(file, m));
            }
        }
        return out.stream();
    }

    static ScheduleResult schedule(Problem problem, Plan plan, ScheduleMode mode) {
        return WriteScheduler.schedule(problem, plan, mode, SECONDS, 2, 1);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void executesTheSchedule(String file, ScheduleMode mode) {
        Problem problem = CostModelAgreementTest.problem(file);
        Plan plan = new DpFormulation().solve(SolveRequest.of(problem)).plan();
        ScheduleResult s = schedule(problem, plan, mode);
        SimulationResult phases = Simulator.run(Lowering.lower(problem, plan));
        SimulationResult sim = Simulator.run(Lowering.lower(problem, plan, s.schedule()));
        double makespan = s.makespanSeconds();
        double v1 = s.evaluation().phaseSeconds();
        System.out.printf(Locale.ROOT, "%s %-8s parts %3d  v1 %.4e  makespan %.4e (%+.2f%%)  sim %.4e  sim/makespan %+.2f%%"
                        + "  phases sim %.4e  sim/phases %+.2f%%  events %d  %s%n", file, mode.label(), plan.size(), v1,
                makespan, 100 * (makespan / v1 - 1), sim.latencySeconds(), 100 * (sim.latencySeconds() / makespan - 1),
                phases.latencySeconds(), 100 * (sim.latencySeconds() / phases.latencySeconds() - 1), sim.events(),
                s.message());
        ChipModel d = ChipModel.defaults(problem.hardware());
        ChipModel staging = new ChipModel(d.bufferBytesPerCore() * 1024, d.linkBytesPerSecond(), d.linkLatencySeconds(),
                d.vectorElementsPerSecond(), 1 << 20, d.adcBits());
        SimulationResult big = Simulator.run(Lowering.lower(problem, plan, s.schedule()), staging);
        System.out.printf(Locale.ROOT, "   unbounded staging: sim %.4e  sim/makespan %+.2f%%%n", big.latencySeconds(),
                100 * (big.latencySeconds() / makespan - 1));
        for (int p = 0; p < plan.size(); p++) {
            var pt = s.evaluation().partitions().get(p);
            var st = sim.partitions().get(p);
            System.out.printf(Locale.ROOT, "   p%d sched %.4e..%.4e  sim %.4e..%.4e prog %.4e%n", p, pt.startSeconds(),
                    pt.finishSeconds(), st.startSeconds(), st.endSeconds(), st.programDoneSeconds());
        }
        assertEquals(phases.rowsWritten(), sim.rowsWritten(), "rows written");
        assertEquals(phases.dramBytes(), sim.dramBytes(), "DRAM bytes");
    }
}
