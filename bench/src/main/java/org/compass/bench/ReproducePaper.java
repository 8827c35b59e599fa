package org.compass.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.compass.formulations.StandardFormulations;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.problem.Limits;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.zoo.Zoo;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.FormulationRegistry;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;
import org.compass.solver.cost.ReplicationChooser;
import org.compass.solver.cost.ReplicationChooser.Option;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;

/**
 * Re-runs the COMPASS paper's comparison (VGG-16, ResNet-18, SqueezeNet on compass-s/m/l at batch 16;
 * greedy, layerwise, the paper's GA and the exact DP; throughput, then EDP) and a batch sweep of ResNet-18
 * on compass-m, and writes the tables as Markdown next to the paper's reported ratios.
 *
 * <p>Usage: {@code ReproducePaper [OUTPUT.md]} (standard output without an argument); see
 * {@code bench/reproduce-paper.sh}.
 */
public final class ReproducePaper {

    static final String[] NETWORKS = {"vgg16", "resnet18", "squeezenet1_0"};
    static final String[] LABELS = {"VGG-16", "ResNet-18", "SqueezeNet"};
    static final String[] CHIPS = {"compass-s", "compass-m", "compass-l"};
    static final String[] FORMULATIONS = {"greedy", "layerwise", "ga", "dp"};
    static final int BATCH = 16;
    /** The batch sizes of the ResNet-18 sweeps. */
    static final int[] SWEEP_BATCHES = {1, 2, 4, 8, 16, 32, 64};
    /**
     * The cases the run solves, one progress line each: the throughput, EDP and boundaries tables (a network on a
     * chip each), the GA's seeds for both objectives, and the two batch sweeps.
     */
    static final int CASES = 5 * NETWORKS.length * CHIPS.length + 2 * SWEEP_BATCHES.length;
    static final int SEEDS = 5;

    /** The paper's reported throughput gains over greedy and layerwise, per network (VGG, ResNet, SqueezeNet). */
    static final double[] PAPER_TP_GREEDY = {1.80, 1.71, 2.24};
    static final double[] PAPER_TP_LAYERWISE = {1.56, 1.31, 1.98};
    static final double PAPER_TP_GREEDY_AVG = 1.78;
    static final double PAPER_EDP_GREEDY_AVG = 1.28;
    static final double PAPER_EDP_LAYERWISE_AVG = 2.08;

    private final FormulationRegistry registry = StandardFormulations.registry();
    private final StringBuilder md = new StringBuilder();
    private final org.compass.model.problem.CostModelVersion costModel;
    private final Progress progress = Progress.onStandardError("reproduce-paper", CASES);

    private ReproducePaper(org.compass.model.problem.CostModelVersion costModel) {
        this.costModel = costModel;
    }

    /** Arguments: [--cost-model v1|v2] [output file]; without a file the tables go to standard output. */
    public static void main(String[] args) throws IOException {
        org.compass.model.problem.CostModelVersion version = org.compass.model.problem.CostModelVersion.V1;
        String file = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--cost-model") && i + 1 < args.length) {
                version = org.compass.model.problem.CostModelVersion.valueOf(args[++i].toUpperCase(java.util.Locale.ROOT));
            } else {
                file = args[i];
            }
        }
        ReproducePaper r = new ReproducePaper(version);
        String text = r.run(file != null ? file : "(standard output)");
        if (file != null) {
            Path out = Path.of(file);
            Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".results", ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            System.err.println("wrote " + out);
        } else {
            System.out.print(text);
        }
    }

    private Problem problem(String network, String chip, int batch, Objective objective) {
        return Problem.of(Zoo.build(network).orElseThrow(), HardwarePresets.byName(chip).orElseThrow(), batch,
                objective, PipelineMode.ROW, ReplicationSet.DEFAULT).withCostModel(costModel);
    }

    private Map<String, SolveResult> solveAll(Problem p, long seed) {
        Map<String, SolveResult> out = new LinkedHashMap<>();
        for (String f : FORMULATIONS) {
            SolveRequest req = SolveRequest.of(p).withLimits(new Limits(600, 1, seed));
            out.put(f, registry.find(f).orElseThrow().solve(req));
        }
        progress.done(label(p) + ": " + String.join(", ", FORMULATIONS));
        return out;
    }

    /** A case as progress lines name it: "resnet18 on compass-m, batch 16, throughput". */
    private static String label(Problem p) {
        return p.network().name() + " on " + p.hardware().name() + ", batch " + p.batch() + ", "
                + p.objective().label();
    }

    String run(String target) {
        line("# The COMPASS paper's comparison, reproduced");
        line("");
        line("Made by `bench/reproduce-paper.sh` (which runs `java -cp bench/target/benchmarks.jar "
                + "org.compass.bench.ReproducePaper" + (costModel == org.compass.model.problem.CostModelVersion.V2
                ? " --cost-model v2 " : " ") + target + "`), cost model " + costModel.name().toLowerCase(
                java.util.Locale.ROOT) + ". Batch " + BATCH
                + ", row pipeline, replication factors " + ReplicationSet.DEFAULT.factors()
                + ", GA seed 1 (population 100, 30 generations). All figures come from the shared cost model "
                + "(`CostModel`); the discussion of where the shape differs from the paper is in the last section.");
        line("");
        throughputTable();
        edpTable();
        boundariesVersusReplication();
        seedSpread();
        batchSweep();
        discussion();
        return md.toString();
    }

    private void throughputTable() {
        line("## Throughput objective (inferences/s, batch " + BATCH + ")");
        line("");
        line("| network | chip | greedy | layerwise | ga | exact (dp) | exact/greedy | exact/layerwise | ga/greedy "
                + "| exact/ga | ga time | dp time |");
        line("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        double[][] byNet = new double[NETWORKS.length][4];
        double[] all = new double[4];
        for (int n = 0; n < NETWORKS.length; n++) {
            for (String chip : CHIPS) {
                Map<String, SolveResult> r = solveAll(problem(NETWORKS[n], chip, BATCH, Objective.THROUGHPUT), 1);
                double g = tp(r, "greedy");
                double l = tp(r, "layerwise");
                double ga = tp(r, "ga");
                double dp = tp(r, "dp");
                double[] ratios = {dp / g, dp / l, ga / g, dp / ga};
                for (int i = 0; i < 4; i++) {
                    byNet[n][i] += ratios[i] / CHIPS.length;
                    all[i] += ratios[i] / (CHIPS.length * NETWORKS.length);
                }
                line(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.2fx | %.2fx | %.2fx | %.3fx | %s | %s |",
                        LABELS[n], chip, num(g), num(l), num(ga), num(dp), ratios[0], ratios[1], ratios[2], ratios[3],
                        ms(r.get("ga").seconds()), ms(r.get("dp").seconds())));
            }
        }
        line("");
        line("Averages over the three chips (arithmetic mean of the ratios), next to the paper's reported ratios "
                + "(COMPASS, i.e. its GA, over each baseline):");
        line("");
        line("| network | exact/greedy | paper GA/greedy | exact/layerwise | paper GA/layerwise | ga/greedy | exact/ga |");
        line("|---|---:|---:|---:|---:|---:|---:|");
        for (int n = 0; n < NETWORKS.length; n++) {
            line(String.format(Locale.ROOT, "| %s | %.2fx | %.2fx | %.2fx | %.2fx | %.2fx | %.3fx |", LABELS[n],
                    byNet[n][0], PAPER_TP_GREEDY[n], byNet[n][1], PAPER_TP_LAYERWISE[n], byNet[n][2], byNet[n][3]));
        }
        double paperLayerwiseAvg = Arrays.stream(PAPER_TP_LAYERWISE).average().orElseThrow();
        line(String.format(Locale.ROOT, "| **average** | %.2fx | %.2fx | %.2fx | %.2fx (mean of the three) | %.2fx | %.3fx |",
                all[0], PAPER_TP_GREEDY_AVG, all[1], paperLayerwiseAvg, all[2], all[3]));
        line("");
    }

    private void edpTable() {
        line("## EDP objective (J s per batch of " + BATCH + "; ratios are EDP improvements, baseline EDP / EDP)");
        line("");
        line("| network | chip | greedy | layerwise | ga | exact (dp) | exact vs greedy | exact vs layerwise "
                + "| ga vs greedy | exact vs ga | ga time | dp time |");
        line("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        double[] all = new double[4];
        for (int n = 0; n < NETWORKS.length; n++) {
            for (String chip : CHIPS) {
                Map<String, SolveResult> r = solveAll(problem(NETWORKS[n], chip, BATCH, Objective.EDP), 1);
                double g = edp(r, "greedy");
                double l = edp(r, "layerwise");
                double ga = edp(r, "ga");
                double dp = edp(r, "dp");
                double[] ratios = {g / dp, l / dp, g / ga, ga / dp};
                for (int i = 0; i < 4; i++) {
                    all[i] += ratios[i] / (CHIPS.length * NETWORKS.length);
                }
                line(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.2fx | %.2fx | %.2fx | %.3fx | %s | %s |",
                        LABELS[n], chip, num(g), num(l), num(ga), num(dp), ratios[0], ratios[1], ratios[2], ratios[3],
                        ms(r.get("ga").seconds()), ms(r.get("dp").seconds())));
            }
        }
        line(String.format(Locale.ROOT, "| **average** | | | | | | %.2fx (paper GA: %.2fx) | %.2fx (paper GA: %.2fx) "
                + "| %.2fx | %.3fx | | |", all[0], PAPER_EDP_GREEDY_AVG, all[1], PAPER_EDP_LAYERWISE_AVG, all[2], all[3]));
        line("");
    }

    /** How much the GA's result depends on its seed: exact/ga over seeds 1..SEEDS. */
    private void seedSpread() {
        line("## The GA over " + SEEDS + " seeds (exact/ga: how far the GA stays from the optimum)");
        line("");
        line("| network | chip | objective | best seed | median | worst seed | seeds that found the optimum |");
        line("|---|---|---|---:|---:|---:|---:|");
        for (Objective o : new Objective[] {Objective.THROUGHPUT, Objective.EDP}) {
            for (int n = 0; n < NETWORKS.length; n++) {
                for (String chip : CHIPS) {
                    Problem p = problem(NETWORKS[n], chip, BATCH, o);
                    SolveResult dp = registry.find("dp").orElseThrow().solve(SolveRequest.of(p));
                    double[] gaps = new double[SEEDS];
                    int hits = 0;
                    for (int s = 0; s < SEEDS; s++) {
                        SolveResult ga = registry.find("ga").orElseThrow()
                                .solve(SolveRequest.of(p).withLimits(new Limits(600, 1, s + 1)));
                        gaps[s] = o.maximize() ? dp.objective() / ga.objective() : ga.objective() / dp.objective();
                        hits += gaps[s] <= 1 + 1e-9 ? 1 : 0;
                    }
                    progress.done(label(p) + ": dp, ga seeds 1-" + SEEDS);
                    Arrays.sort(gaps);
                    line(String.format(Locale.ROOT, "| %s | %s | %s | %.4fx | %.4fx | %.4fx | %d of %d |", LABELS[n], chip,
                            o.label(), gaps[0], gaps[SEEDS / 2], gaps[SEEDS - 1], hits, SEEDS));
                }
            }
        }
        line("");
    }

    private void batchSweep() {
        line("## Batch sweep: ResNet-18 on compass-m, throughput objective");
        line("");
        line("| batch | greedy (inf/s) | layerwise | ga | exact (dp) | exact/greedy | exact/layerwise | ga/greedy "
                + "| exact/ga | dp partitions | dp energy/inference | writes+DRAM share of dp energy |");
        line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int b : SWEEP_BATCHES) {
            Map<String, SolveResult> r = solveAll(problem("resnet18", "compass-m", b, Objective.THROUGHPUT), 1);
            double g = tp(r, "greedy");
            double l = tp(r, "layerwise");
            double ga = tp(r, "ga");
            double dp = tp(r, "dp");
            Evaluation e = r.get("dp").evaluation();
            line(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %.2fx | %.2fx | %.2fx | %.3fx | %d | %s | %.0f%% |",
                    b, num(g), num(l), num(ga), num(dp), dp / g, dp / l, ga / g, dp / ga, r.get("dp").plan().size(),
                    String.format(Locale.ROOT, "%.1f uJ", 1e6 * e.energyJoules() / b),
                    100 * (e.writeJoules() + e.dramJoules()) / e.energyJoules()));
        }
        line("");
        line("## Batch sweep: ResNet-18 on compass-m, EDP objective (EDP per batch, J s)");
        line("");
        line("| batch | greedy | layerwise | ga | exact (dp) | exact vs greedy | exact vs layerwise | ga vs greedy "
                + "| exact vs ga |");
        line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int b : SWEEP_BATCHES) {
            Map<String, SolveResult> r = solveAll(problem("resnet18", "compass-m", b, Objective.EDP), 1);
            double g = edp(r, "greedy");
            double l = edp(r, "layerwise");
            double ga = edp(r, "ga");
            double dp = edp(r, "dp");
            line(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %.2fx | %.2fx | %.2fx | %.3fx |",
                    b, num(g), num(l), num(ga), num(dp), g / dp, l / dp, g / ga, ga / dp));
        }
        line("");
    }

    /**
     * Splits each baseline's gap to the optimum into its boundaries and its replication rule: the baseline's
     * own partitions re-replicated with the exact inner solver ({@link ReplicationChooser#best}).
     */
    private void boundariesVersusReplication() {
        line("## Where the baselines lose: boundaries or replication (throughput objective)");
        line("");
        line("Each baseline's partitions kept, replication re-chosen optimally per partition "
                + "(`ReplicationChooser.best`, the DP's inner problem). Inferences/s.");
        line("");
        line("| network | chip | greedy | greedy cuts, best replication | layerwise | layerwise cuts, best replication "
                + "| exact (dp) | greedy partitions | dp partitions |");
        line("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        for (int n = 0; n < NETWORKS.length; n++) {
            for (String chip : CHIPS) {
                Problem p = problem(NETWORKS[n], chip, BATCH, Objective.THROUGHPUT);
                Map<String, SolveResult> r = solveAll(p, 1);
                double gb = bestReplication(p, r.get("greedy").plan());
                double lb = bestReplication(p, r.get("layerwise").plan());
                line(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %d | %d |", LABELS[n], chip,
                        num(tp(r, "greedy")), num(gb), num(tp(r, "layerwise")), num(lb), num(tp(r, "dp")),
                        r.get("greedy").plan().size(), r.get("dp").plan().size()));
            }
        }
        line("");
    }

    /** Throughput of the plan's partitions with the best replication of each. */
    private static double bestReplication(Problem p, Plan plan) {
        CostModel cm = new CostModel(p);
        List<Partition> parts = new ArrayList<>();
        for (Partition part : plan.partitions()) {
            Option o = ReplicationChooser.best(cm, part.unitArray(), p.objective());
            parts.add(Partition.of(part.unitArray(), o.replication()));
        }
        return cm.evaluate(new Plan(parts)).throughput();
    }

    private void discussion() {
        // the discussion quotes v1's figures; under v2 a short one says what moved and why
        String name = costModel == org.compass.model.problem.CostModelVersion.V2 ? "discussion-v2.md" : "discussion.md";
        try (InputStream in = ReproducePaper.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the bench jar");
            }
            md.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double tp(Map<String, SolveResult> r, String f) {
        return r.get(f).evaluation().throughput();
    }

    private static double edp(Map<String, SolveResult> r, String f) {
        return r.get(f).evaluation().edp();
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static String ms(double seconds) {
        return String.format(Locale.ROOT, "%.1f ms", 1e3 * seconds);
    }

    private void line(String s) {
        md.append(s).append('\n');
    }
}
