package org.compass.simulator;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.compass.formulations.dp.DpFormulation;
import org.compass.formulations.schedule.ScheduleResult;
import org.compass.model.problem.Problem;
import org.compass.solver.plan.Plan;
import org.compass.solver.schedule.Schedule;
import org.compass.solver.schedule.ScheduleMode;
import org.compass.solver.schedule.ScheduleRecord;
import org.compass.solver.SolveRequest;
import org.junit.jupiter.api.Test;

/**
 * A schedule the simulator must refuse: a prefetched partition's writes moved earlier, to when the previous
 * partition's stages start, so they rewrite crossbars that partition still computes on.
 */
class BrokenScheduleTest {

    @Test
    void aPrefetchedWriteOntoACrossbarStillInUseIsCaught() {
        Problem problem = CostModelAgreementTest.problem("squeezenet.yaml");
        Plan plan = new DpFormulation().solve(SolveRequest.of(problem)).plan();
        assertTrue(plan.size() >= 3, "the DP plan has " + plan.size() + " partitions");
        ScheduleResult s = ScheduleExecutionTest.schedule(problem, plan, ScheduleMode.PREFETCH);
        // the schedule as solved executes without a violation
        Simulator.run(Lowering.lower(problem, plan, s.schedule()));

        int moved = 2;
        double previousStages = Double.POSITIVE_INFINITY;
        double firstWrite = Double.POSITIVE_INFINITY;
        for (ScheduleRecord r : s.schedule().records()) {
            if (r.partition() == moved - 1 && r.kind() == ScheduleRecord.Kind.STAGE) {
                previousStages = Math.min(previousStages, r.start());
            }
            if (r.partition() == moved && r.kind() == ScheduleRecord.Kind.WRITE) {
                firstWrite = Math.min(firstWrite, r.start());
            }
        }
        double shift = firstWrite - previousStages;
        assertTrue(shift > 0, "partition " + moved + " is written after partition " + (moved - 1) + " starts computing");
        List<ScheduleRecord> records = new ArrayList<>();
        for (ScheduleRecord r : s.schedule().records()) {
            boolean early = r.partition() == moved
                    && (r.kind() == ScheduleRecord.Kind.WRITE || r.kind() == ScheduleRecord.Kind.WEIGHT_LOAD);
            records.add(early ? new ScheduleRecord(r.kind(), r.core(), r.partition(), r.unit(),
                    Math.max(0, r.start() - shift), Math.max(0, r.end() - shift), r.rows(), r.ports(), r.bytes()) : r);
        }
        Schedule broken = new Schedule(s.mode(), records);

        SimulationException e = assertThrows(SimulationException.class,
                () -> Simulator.run(Lowering.lower(problem, plan, broken)));
        String m = e.getMessage();
        assertTrue(m.matches("WRITE_ROWS '[^']+' replica \\d+ tile \\d+ crossbar \\d+ \\(partition " + moved
                + "\\) on core \\d+ at t=\\S+ s: crossbar \\d+ still holds tile \\d+ of replica \\d+ of '[^']+' "
                + "\\(partition \\d+\\), which has \\d+ of \\d+ bands done and still needs it"), m);
        int occupant = Integer.parseInt(m.replaceAll(".* of '[^']+' \\(partition (\\d+)\\), which has.*", "$1"));
        assertTrue(occupant < moved, "the crossbar is still needed by an earlier partition: " + m);
        // it fires at the moved write's time, while the earlier user computes, not at the solved schedule's time
        double at = Double.parseDouble(m.replaceAll(".* at t=(\\S+) s: .*", "$1"));
        assertTrue(at < firstWrite, "caught at " + at + " before the solved write start " + firstWrite);
    }
}
