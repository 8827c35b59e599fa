package org.compass.solver.schedule;

import java.util.ArrayList;
import java.util.List;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.cost.PartitionCost;
import org.compass.solver.plan.Plan;
import org.compass.solver.schedule.ScheduleTasks.PartitionTasks;
import org.compass.solver.schedule.ScheduleTasks.UnitTask;

/**
 * The v1 cost model written out as a schedule: partition p occupies [S_p, S_p + T(p)) with S_p the sum of the
 * earlier partitions' times (added in the same order as {@link CostModel#evaluate(Plan)}, so the makespan equals
 * its latency to the last bit). Inside it, weights load at a uniform rate over T_prog while the rows go
 * round-robin over all write ports (row i of the partition on port i mod P, in slot i div P, so the last row
 * is written after ceil(R / P) row times); stages run in their cost-model windows
 * ({@link CostModel#stageWindows}: v1 one lag after the previous weighted unit, v2 the DAG pipeline's) from
 * S_p + T_prog, T_prog being the cost model's (v2: max(W + h, L + b)); activations load and store at uniform rates over [S_p + T_prog, S_p + T(p)).
 */
public final class PhaseSchedule {

    private PhaseSchedule() {
    }

    /** The phase schedule of a valid plan. */
    public static Schedule build(org.compass.model.problem.Problem problem, Plan plan) {
        CostModel cm = new CostModel(problem);
        Evaluation eval = cm.evaluate(plan);
        ScheduleTasks tasks = ScheduleTasks.of(problem, plan);
        List<ScheduleRecord> records = new ArrayList<>();
        int ports = tasks.ports();
        int perCore = tasks.portsPerCore();
        double start = 0;
        for (int p = 0; p < plan.size(); p++) {
            PartitionCost c = eval.partitions().get(p);
            PartitionTasks pt = tasks.partitions().get(p);
            double next = start + c.seconds();
            double computeStart = start + c.programSeconds();
            long firstRow = 0;
            for (UnitTask u : pt.units()) {
                records.add(ScheduleRecord.weightLoad(p, u.unit(), start, computeStart, u.weightBytes()));
                long a = firstRow;
                long b = firstRow + u.rows();
                for (int k = 0; k < ports; k++) {
                    long i0 = a + Math.floorMod(k - a, ports);
                    if (i0 >= b) {
                        continue;
                    }
                    long count = (b - 1 - i0) / ports + 1;
                    long slot = i0 / ports;
                    records.add(ScheduleRecord.write(k / perCore, p, u.unit(), start + slot * tasks.rowSeconds(),
                            start + (slot + count) * tasks.rowSeconds(), count, 1));
                }
                firstRow = b;
                // the stage's window in the cost model (v1: one lag after the previous weighted unit)
                double s = computeStart + u.offsetSeconds();
                records.add(ScheduleRecord.stage(p, u.unit(), s, Math.min(s + u.stageSeconds(), next)));
            }
            records.add(ScheduleRecord.activations(ScheduleRecord.Kind.ACT_LOAD, p, computeStart, next, pt.inBytes()));
            records.add(ScheduleRecord.activations(ScheduleRecord.Kind.ACT_STORE, p, computeStart, next, pt.outBytes()));
            start = next;
        }
        return new Schedule(ScheduleMode.NONE, records);
    }
}
