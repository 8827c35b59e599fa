package org.compass.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.compass.cli.format.Units;
import org.compass.formulations.dp.DpFormulation;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Limits;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.zoo.Zoo;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;

/**
 * How fast dp solves the zoo (issue 11: "dp solves every zoo network in well under a second"): every zoo network on
 * each chip at each batch, throughput objective, row pipeline, cost model v2, one thread, solved {@code runs} times
 * in one JVM (the first run of a case warms it); it prints the status, gap, the plan's throughput (inferences per
 * second, to check that a faster search finds the same optimum) and the median of the runs' wall and CPU
 * seconds per case, then how many cases are OPTIMAL and how many take under one second.
 *
 * <p>Usage: {@code DpZooSweep [RUNS=3] [SECONDS=30] [NETWORKS=all] [CHIPS=compass-s,compass-m,compass-l]
 * [BATCHES=1,16]}, lists comma-separated. Progress goes to standard error; the table to standard output. The
 * timing is the solve's alone (building the network is left out), as the CLI prints it.
 */
public final class DpZooSweep {

    private DpZooSweep() {
    }

    /** One case's figures: medians over the runs. */
    private record Row(String network, String chip, int batch, String status, double gap, double wall, double cpu,
                       int parts, double objective) {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 30;
        List<String> networks = args.length > 2 && !"all".equals(args[2]) ? Arrays.asList(args[2].split(","))
                : new ArrayList<>(Zoo.names());
        List<String> chips = Arrays.asList((args.length > 3 ? args[3] : "compass-s,compass-m,compass-l").split(","));
        int[] batches = Arrays.stream((args.length > 4 ? args[4] : "1,16").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Progress progress = Progress.onStandardError("dp-zoo-sweep", networks.size() * chips.size() * batches.length);
        List<Row> rows = new ArrayList<>();
        for (String network : networks) {
            for (String chip : chips) {
                for (int batch : batches) {
                    Problem p = Problem.of(Zoo.build(network).orElseThrow(() -> new IllegalArgumentException(
                                    "no zoo network " + network)), HardwarePresets.byName(chip).orElseThrow(() ->
                                    new IllegalArgumentException("no preset " + chip)), batch, Objective.THROUGHPUT,
                            PipelineMode.ROW, ReplicationSet.DEFAULT).withCostModel(CostModelVersion.V2);
                    SolveRequest request = SolveRequest.of(p).withLimits(new Limits(seconds, 1, 1));
                    double[] wall = new double[runs];
                    double[] cpu = new double[runs];
                    SolveResult r = null;
                    for (int i = 0; i < runs; i++) {
                        long c0 = threads.getCurrentThreadCpuTime();
                        long w0 = System.nanoTime();
                        r = new DpFormulation().solve(request);
                        wall[i] = (System.nanoTime() - w0) / 1e9;
                        cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
                    }
                    rows.add(new Row(network, chip, batch, r.status().name(), r.gap(), median(wall), median(cpu),
                            r.plan().size(), r.objective()));
                    progress.done(network + " " + chip + " B" + batch + " " + r.status());
                }
            }
        }
        print(rows, runs, seconds);
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static void print(List<Row> rows, int runs, double seconds) {
        System.out.printf(Locale.ROOT, "dp, cost model v2, throughput, row pipeline, 1 thread, -t %s, median of %d"
                + " runs in one JVM%n%n", Units.seconds(seconds), runs);
        System.out.printf(Locale.ROOT, "%-14s  %-9s  %5s  %-8s  %6s  %5s  %14s  %9s  %9s%n", "network", "chip", "batch",
                "status", "gap", "parts", "throughput", "wall", "cpu");
        int optimal = 0;
        int fast = 0;
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "%-14s  %-9s  %5d  %-8s  %6s  %5d  %14s  %9s  %9s%n", r.network(), r.chip(),
                    r.batch(), r.status(), Double.isNaN(r.gap()) ? "-" : String.format(Locale.ROOT, "%.2f%%",
                            100 * r.gap()), r.parts(), String.format(Locale.ROOT, "%.3f inf/s", r.objective()),
                    String.format(Locale.ROOT, "%.3f s", r.wall()),
                    String.format(Locale.ROOT, "%.3f s", r.cpu()));
            optimal += "OPTIMAL".equals(r.status()) ? 1 : 0;
            fast += r.wall() < 1 ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "%n%d of %d cases OPTIMAL; %d of %d under 1 s (median wall)%n", optimal,
                rows.size(), fast, rows.size());
    }
}
