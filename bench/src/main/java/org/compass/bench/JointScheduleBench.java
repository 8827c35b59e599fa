package org.compass.bench;

import java.util.List;
import org.compass.formulations.dp.DpFormulation;
import org.compass.formulations.schedule.JointScheduler;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.zoo.Zoo;
import org.compass.solver.plan.Plan;
import org.compass.solver.schedule.ScheduleMode;
import org.compass.solver.SolveRequest;

/**
 * Joint partition + schedule benchmark: local search over the DP plan's cuts, scored by the full-overlap
 * makespan. Usage: {@code JointScheduleBench [seconds-per-case] [seconds-per-schedule]}.
 */
public final class JointScheduleBench {

    private JointScheduleBench() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 60;
        double perSolve = args.length > 1 ? Double.parseDouble(args[1]) : 1;
        System.out.printf("joint search %.0f s per case, %.1f s per schedule, mode full%n", seconds, perSolve);
        System.out.printf("%-10s %-9s %5s | %10s %10s | %6s | %5s %5s | %s -> %s%n", "network", "chip", "batch",
                "DP+full", "joint", "gain", "evals", "moves", "DP cuts", "joint cuts");
        for (String net : List.of("resnet18", "squeezenet")) {
            for (String chip : List.of("compass-s", "compass-m", "compass-l")) {
                for (int batch : List.of(1, 16)) {
                    Problem problem = Problem.of(Zoo.build(net).orElseThrow(), HardwarePresets.byName(chip).orElseThrow(),
                            batch, Objective.LATENCY, PipelineMode.ROW, ReplicationSet.DEFAULT);
                    Plan plan = new DpFormulation().solve(SolveRequest.of(problem)).plan();
                    JointScheduler.Result r = JointScheduler.optimize(problem, plan, ScheduleMode.FULL, seconds,
                            perSolve, 8, 1);
                    System.out.printf("%-10s %-9s %5d | %7.1f us %7.1f us | %5.3fx | %5d %5d | %s -> %s%n", net, chip,
                            batch, r.start().makespanSeconds() * 1e6, r.schedule().makespanSeconds() * 1e6,
                            r.start().makespanSeconds() / r.schedule().makespanSeconds(), r.evaluations(), r.moves(),
                            plan.boundaries(), r.plan().boundaries());
                }
            }
        }
    }
}
