package org.compass.bench;

import java.nio.file.Path;
import java.util.List;
import org.compass.formulations.dp.DpFormulation;
import org.compass.formulations.schedule.ScheduleResult;
import org.compass.formulations.schedule.WriteScheduler;
import org.compass.model.hardware.HardwarePresets;
import org.compass.solver.ProblemFile;
import org.compass.model.problem.Problem;
import org.compass.solver.cost.CostModel;
import org.compass.solver.plan.Plan;
import org.compass.solver.schedule.ScheduleMode;
import org.compass.solver.SolveRequest;

/**
 * Issue 12, item 1: how far each schedule of the problem files' dp plans is from its bound. For each file, batch 1
 * and 16, and the modes early, prefetch and full: the phase latency, the makespan, the bound, the gap
 * (makespan - bound) / makespan, the status and the seconds. Usage:
 * {@code ScheduleGapBench [seconds] [workers] [chips] [FILE...]} (defaults 10 s, 2 workers, each file's own chip,
 * the three problem files). {@code chips} is {@code file} (the file's own chip) or a comma-separated list of
 * presets, e.g. {@code compass-s,compass-m,compass-l}: the item asks for every file on each of the three chips.
 */
public final class ScheduleGapBench {

    private ScheduleGapBench() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        List<String> chips = args.length > 2 && !args[2].equals("file") ? List.of(args[2].split(",")) : List.of("");
        List<String> files = args.length > 3 ? List.of(args).subList(3, args.length)
                : List.of("problems/resnet.yaml", "problems/squeezenet.yaml", "problems/vgg.yaml");
        System.out.printf("time limit %.1f s, %d CP-SAT workers%n", seconds, workers);
        System.out.printf("%-26s %-9s %5s %5s %-8s | %11s %11s %11s %6s | %-8s %6s | %s%n", "problem", "chip",
                "batch", "parts", "mode", "phases", "makespan", "bound", "gap", "status", "s", "message");
        for (String file : files) {
            for (String chip : chips) {
                for (int batch : List.of(1, 16)) {
                    measure(file, chip, batch, seconds, workers);
                }
            }
        }
    }

    /** Prints one line per mode for the dp plan of {@code file} on {@code chip} (empty: the file's own) at a batch. */
    private static void measure(String file, String chip, int batch, double seconds, int workers) {
        Problem problem = ProblemFile.read(Path.of(file)).problem().withBatch(batch);
        if (!chip.isEmpty()) {
            problem = problem.withHardware(HardwarePresets.byName(chip)
                    .orElseThrow(() -> new IllegalArgumentException("no chip " + chip)));
        }
        Plan plan = new DpFormulation().solve(SolveRequest.of(problem)).plan();
        double phases = new CostModel(problem).evaluate(plan).latencySeconds();
        for (ScheduleMode mode : List.of(ScheduleMode.EARLY, ScheduleMode.PREFETCH, ScheduleMode.FULL)) {
            ScheduleResult r = WriteScheduler.schedule(problem, plan, mode, seconds, workers, 1);
            double gap = (r.makespanSeconds() - r.boundSeconds()) / r.makespanSeconds();
            System.out.printf("%-26s %-9s %5d %5d %-8s | %11s %11s %11s %5.1f%% | %-8s %6.2f | %s%n", file,
                    problem.hardware().name(), batch, plan.size(), mode.label(), us(phases),
                    us(r.makespanSeconds()), us(r.boundSeconds()), 100 * gap, r.status(), r.seconds(), r.message());
        }
    }

    private static String us(double s) {
        return String.format("%.1f us", s * 1e6);
    }
}
