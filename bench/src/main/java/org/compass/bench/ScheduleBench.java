package org.compass.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.compass.formulations.dp.DpFormulation;
import org.compass.formulations.schedule.ScheduleResult;
import org.compass.formulations.schedule.WriteScheduler;
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
 * Write-scheduling benchmark: for each network, chip and batch, the DP's latency-optimal plan is scheduled in
 * every mode; prints makespans, gains over the phase model and solve times (median of {@code runs}).
 * Usage: {@code ScheduleBench [seconds-per-solve] [runs] [workers]}.
 */
public final class ScheduleBench {

    private ScheduleBench() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : WriteScheduler.DEFAULT_WORKERS;
        System.out.printf("time limit %.0f s per solve, %d CP-SAT workers, median of %d run(s)%n", seconds, workers, runs);
        System.out.printf("%-10s %-9s %5s %5s | %10s %10s %10s %10s | %6s %6s %6s | %-26s | %s%n", "network", "chip",
                "batch", "parts", "none", "early", "prefetch", "full", "early", "pref", "full",
                "status e/p/f", "solve s e/p/f");
        for (String net : List.of("resnet18", "vgg16", "squeezenet")) {
            for (String chip : List.of("compass-s", "compass-m", "compass-l")) {
                for (int batch : List.of(1, 16)) {
                    Problem problem = Problem.of(Zoo.build(net).orElseThrow(), HardwarePresets.byName(chip).orElseThrow(),
                            batch, Objective.LATENCY, PipelineMode.ROW, ReplicationSet.DEFAULT);
                    Plan plan = new DpFormulation().solve(SolveRequest.of(problem)).plan();
                    double[] makespan = new double[4];
                    String[] status = new String[4];
                    double[] solve = new double[4];
                    for (ScheduleMode mode : ScheduleMode.values()) {
                        List<Double> times = new ArrayList<>();
                        ScheduleResult r = null;
                        for (int i = 0; i < runs; i++) {
                            r = WriteScheduler.schedule(problem, plan, mode, seconds, workers, 1);
                            times.add(r.seconds());
                        }
                        Collections.sort(times);
                        makespan[mode.ordinal()] = r.makespanSeconds();
                        status[mode.ordinal()] = r.status().name().substring(0, 3)
                                + (r.message().startsWith("phase") ? "*" : "");
                        solve[mode.ordinal()] = times.get(times.size() / 2);
                    }
                    System.out.printf("%-10s %-9s %5d %5d | %10s %10s %10s %10s | %5.2fx %5.2fx %5.2fx | %-26s | %.2f/%.2f/%.2f%n",
                            net, chip, batch, plan.size(), us(makespan[0]), us(makespan[1]), us(makespan[2]),
                            us(makespan[3]), makespan[0] / makespan[1], makespan[0] / makespan[2],
                            makespan[0] / makespan[3], status[1] + "/" + status[2] + "/" + status[3],
                            solve[1], solve[2], solve[3]);
                }
            }
        }
    }

    private static String us(double s) {
        return String.format("%.1f us", s * 1e6);
    }
}
