package org.compass.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.compass.formulations.StandardFormulations;
import org.compass.solver.ProblemFile;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Limits;
import org.compass.model.problem.Problem;
import org.compass.simulator.SimulationResult;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;
import org.compass.solver.plan.PlanValidator;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;

/**
 * The ranking study of issue 11 (item 5): does cost model v2 order plans the way the simulator does, and is
 * the model's optimum (the dp plan) near the best plan in the simulator? For each problem file (at the file's
 * batch and at batch 1, cost model v2) it builds seeded random feasible plans (random contiguous cuts, random
 * replication factors that fit the chip, each checked by {@link PlanValidator}) and every formulation's plan,
 * costs each with the cost model and simulates it, and reports Spearman's rank correlation of model and
 * simulated latency and the dp plan's simulated latency relative to the best simulated latency of all plans.
 *
 * <p>Usage: {@code RankingStudy [--plans 50] [--seed 1] [--files a.yaml,b.yaml] [--formulations dp,greedy,...]
 * [--limit SECONDS] [--csv FILE] [--plans-table]}; see {@code bench/ranking-study.sh}.
 */
public final class RankingStudy {

    static final List<String> FILES = List.of("problems/squeezenet.yaml", "problems/resnet.yaml", "problems/vgg.yaml");
    static final List<String> FORMULATIONS = List.of("dp", "greedy", "layerwise", "ga", "cpsat", "mip", "choco");

    /** One plan, costed and simulated. */
    public record Measured(String label, int partitions, double modelSeconds, double simSeconds, double solveSeconds) {
    }

    /** One problem at one batch: every plan, and the figures of the targets. */
    public record Study(String file, int batch, List<Measured> plans, List<String> notes) {

        /** Spearman's rank correlation of model latency and simulated latency over all plans (ties: mean ranks). */
        public double spearman() {
            return RankingStudy.spearman(plans.stream().mapToDouble(Measured::modelSeconds).toArray(),
                    plans.stream().mapToDouble(Measured::simSeconds).toArray());
        }

        /**
         * Spearman over the plans of two or more partitions (a one-partition plan puts the whole network, with its
         * slowest layer, before the global pool: where the cost model's stage start is furthest off).
         */
        public double spearmanMultiPartition() {
            List<Measured> r = plans.stream().filter(m -> m.partitions() > 1).toList();
            return RankingStudy.spearman(r.stream().mapToDouble(Measured::modelSeconds).toArray(),
                    r.stream().mapToDouble(Measured::simSeconds).toArray());
        }

        /** Spearman over the random plans only. */
        public double spearmanRandom() {
            List<Measured> r = plans.stream().filter(m -> m.label().startsWith("random")).toList();
            return RankingStudy.spearman(r.stream().mapToDouble(Measured::modelSeconds).toArray(),
                    r.stream().mapToDouble(Measured::simSeconds).toArray());
        }

        public Measured plan(String label) {
            return plans.stream().filter(m -> m.label().equals(label)).findFirst().orElseThrow();
        }

        /** The plan with the least simulated latency. */
        public Measured bestSimulated() {
            Measured best = plans.get(0);
            for (Measured m : plans) {
                if (m.simSeconds() < best.simSeconds()) {
                    best = m;
                }
            }
            return best;
        }

        /** The dp plan's simulated latency over the best simulated latency (1 when dp is the best). */
        public double dpOverBest() {
            return plan("dp").simSeconds() / bestSimulated().simSeconds();
        }

        public String key() {
            return Path.of(file).getFileName() + " B" + batch;
        }
    }

    private RankingStudy() {
    }

    public static void main(String[] args) throws IOException {
        int count = 50;
        long seed = 1;
        List<String> files = FILES;
        List<String> formulations = FORMULATIONS;
        double limit = 30;
        Path csv = null;
        boolean planTable = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--plans" -> count = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--files" -> files = List.of(args[++i].split(","));
                case "--formulations" -> formulations = List.of(args[++i].split(","));
                case "--limit" -> limit = Double.parseDouble(args[++i]);
                case "--csv" -> csv = Path.of(args[++i]);
                case "--plans-table" -> planTable = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; usage: RankingStudy "
                        + "[--plans 50] [--seed 1] [--files a.yaml,b.yaml] [--formulations dp,greedy,...] "
                        + "[--limit SECONDS] [--csv FILE] [--plans-table]");
            }
        }
        List<Study> studies = new ArrayList<>();
        for (String file : files) {
            Problem base = fileProblem(file);
            for (int batch : new LinkedHashSet<>(List.of(base.batch(), 1))) {
                long t0 = System.nanoTime();
                Study s = study(file, base.withBatch(batch), count, seed, formulations, limit);
                studies.add(s);
                System.err.printf(Locale.ROOT, "%-22s spearman %.4f  dp/best %.4f  (%d plans, %.0f s)%n", s.key(),
                        s.spearman(), s.dpOverBest(), s.plans().size(), (System.nanoTime() - t0) * 1e-9);
            }
        }
        System.out.println("Ranking study: cost model v2 against the simulator (latency), " + count
                + " random plans (seed " + seed + ") plus each formulation's plan");
        System.out.println();
        System.out.print(summary(studies));
        System.out.println();
        System.out.print(formulationTable(studies));
        for (Study s : studies) {
            for (String n : s.notes()) {
                System.out.println("note: " + s.key() + ": " + n);
            }
        }
        if (planTable) {
            System.out.println();
            System.out.print(planTable(studies));
        }
        String csvText = csv(studies);
        System.out.println();
        System.out.println("CSV:");
        System.out.print(csvText);
        if (csv != null) {
            Files.writeString(csv, csvText);
            System.err.println("wrote " + csv);
        }
    }

    /** A problem file under cost model v2 (its own batch, objective and chip). */
    public static Problem fileProblem(String file) {
        return ProblemFile.read(Path.of(file)).problem().withCostModel(CostModelVersion.V2);
    }

    /** Builds, costs and simulates the plans of one problem. */
    public static Study study(String file, Problem problem, int count, long seed, List<String> formulations,
                              double limit) {
        List<Measured> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        CostModel cm = new CostModel(problem);
        for (String f : formulations) {
            SolveRequest req = SolveRequest.of(problem).withLimits(new Limits(limit, 1, seed));
            long t0 = System.nanoTime();
            SolveResult r = StandardFormulations.registry().find(f).orElseThrow().solve(req);
            double secs = (System.nanoTime() - t0) * 1e-9;
            if (r.plan() == null) {
                notes.add(f + " returned no plan (" + r.status() + " after " + fmt("%.1f", secs) + " s); left out");
                continue;
            }
            if (!"dp".equals(f) && secs > limit) {
                notes.add(f + " took " + fmt("%.1f", secs) + " s (limit " + fmt("%.0f", limit) + " s)");
            }
            out.add(measure(f, problem, cm, r.plan(), secs));
        }
        Random rnd = new Random(seed * 1_000_003L + problem.batch());
        Set<List<Partition>> seen = new java.util.HashSet<>();
        int tries = 0;
        while (seen.size() < count) {
            if (++tries > 100 * count) {
                notes.add("only " + seen.size() + " distinct random plans in " + tries + " tries");
                break;
            }
            Plan p = randomPlan(problem, rnd);
            if (!PlanValidator.violations(problem, p).isEmpty() || !seen.add(p.partitions())) {
                continue;
            }
            out.add(measure("random" + seen.size(), problem, cm, p, 0));
        }
        return new Study(file, problem.batch(), out, notes);
    }

    static Measured measure(String label, Problem problem, CostModel cm, Plan plan, double solveSeconds) {
        PlanValidator.requireValid(problem, plan);
        Evaluation e = cm.evaluate(plan);
        SimulationResult s = Fidelity.simulate(problem, plan);
        return new Measured(label, plan.size(), e.latencySeconds(), s.latencySeconds(), solveSeconds);
    }

    /**
     * A random feasible plan: contiguous ranges of units (in unit order, a topological order), each filled up
     * to a random share of the chip's crossbars (a share drawn once per plan, then varied per range), and
     * replication factors drawn at random for a random share of the weighted units, each cut down to the
     * largest factor that still fits the crossbars left in its range.
     */
    public static Plan randomPlan(Problem problem, Random rnd) {
        MappedGraph g = problem.graph();
        long chip = problem.hardware().crossbars();
        int[] factors = problem.replication().toArray();
        int n = g.size();
        double fill = 0.1 + 0.9 * rnd.nextDouble();
        double replicate = rnd.nextDouble();
        List<Partition> parts = new ArrayList<>();
        int i = 0;
        while (i < n) {
            long cap = Math.min(chip, Math.max(1, Math.round(fill * chip * (0.5 + rnd.nextDouble()))));
            int j = i;
            long used = 0;
            while (j < n && (j == i || used + g.unit(j).crossbars() <= cap)) {
                used += g.unit(j).crossbars();
                j++;
            }
            int[] units = new int[j - i];
            int[] rep = new int[j - i];
            List<Integer> order = new ArrayList<>();
            for (int k = 0; k < units.length; k++) {
                units[k] = i + k;
                rep[k] = 1;
                order.add(k);
            }
            java.util.Collections.shuffle(order, rnd);
            long free = chip - used;
            for (int k : order) {
                long c = g.unit(units[k]).crossbars();
                if (c == 0 || rnd.nextDouble() >= replicate) {
                    continue;
                }
                int f = factors[rnd.nextInt(factors.length)];
                int idx = Arrays.binarySearch(factors, f);
                while (idx > 0 && (factors[idx] - 1) * c > free) {
                    idx--;
                }
                rep[k] = factors[idx];
                free -= (rep[k] - 1) * c;
            }
            parts.add(Partition.of(units, rep));
            i = j;
        }
        return new Plan(parts);
    }

    /** Spearman's rho: Pearson's correlation of the ranks, tied values getting their mean rank. */
    public static double spearman(double[] x, double[] y) {
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += rx[i];
            my += ry[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    static double[] ranks(double[] v) {
        int n = v.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && v[idx[j + 1]] == v[idx[i]]) {
                j++;
            }
            double mean = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[idx[k]] = mean;
            }
            i = j + 1;
        }
        return r;
    }

    static String summary(List<Study> studies) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"problem", "B", "plans", "spearman", ">= 0.95", "random only", "2+ partitions", "dp model",
            "dp sim", "best sim", "best plan", "dp/best", "<= 1.02", "model rank of best", "sim rank of dp"});
        for (Study s : studies) {
            Measured dp = s.plan("dp");
            Measured best = s.bestSimulated();
            double rho = s.spearman();
            cells.add(new String[] {Path.of(s.file()).getFileName().toString(), String.valueOf(s.batch()),
                String.valueOf(s.plans().size()), fmt("%.4f", rho), rho >= 0.95 ? "yes" : "NO",
                fmt("%.4f", s.spearmanRandom()), fmt("%.4f", s.spearmanMultiPartition()), FidelityMatrix.us(dp.modelSeconds()), FidelityMatrix.us(dp.simSeconds()),
                FidelityMatrix.us(best.simSeconds()), best.label(), fmt("%.4f", s.dpOverBest()),
                s.dpOverBest() <= 1.02 ? "yes" : "NO", String.valueOf(rank(s, best, true)),
                String.valueOf(rank(s, dp, false))});
        }
        return FidelityMatrix.align(cells, 2);
    }

    /** 1-based rank of a plan among all by model latency (model) or simulated latency (!model). */
    static int rank(Study s, Measured m, boolean model) {
        int r = 1;
        for (Measured o : s.plans()) {
            double a = model ? o.modelSeconds() : o.simSeconds();
            double b = model ? m.modelSeconds() : m.simSeconds();
            if (a < b) {
                r++;
            }
        }
        return r;
    }

    static String formulationTable(List<Study> studies) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"problem", "B", "plan", "parts", "model", "sim", "sim/model", "sim/best sim",
            "solve s"});
        for (Study s : studies) {
            double best = s.bestSimulated().simSeconds();
            for (Measured m : s.plans()) {
                if (m.label().startsWith("random")) {
                    continue;
                }
                cells.add(row(s, m, best));
            }
        }
        return "Each formulation's plan:\n" + FidelityMatrix.align(cells, 3);
    }

    static String planTable(List<Study> studies) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"problem", "B", "plan", "parts", "model", "sim", "sim/model", "sim/best sim",
            "solve s"});
        for (Study s : studies) {
            double best = s.bestSimulated().simSeconds();
            List<Measured> sorted = new ArrayList<>(s.plans());
            sorted.sort((a, b) -> Double.compare(a.modelSeconds(), b.modelSeconds()));
            for (Measured m : sorted) {
                cells.add(row(s, m, best));
            }
        }
        return "Every plan, by model latency:\n" + FidelityMatrix.align(cells, 3);
    }

    private static String[] row(Study s, Measured m, double best) {
        return new String[] {Path.of(s.file()).getFileName().toString(), String.valueOf(s.batch()), m.label(),
            String.valueOf(m.partitions()), FidelityMatrix.us(m.modelSeconds()), FidelityMatrix.us(m.simSeconds()),
            fmt("%.3f", m.simSeconds() / m.modelSeconds()), fmt("%.4f", m.simSeconds() / best),
            fmt("%.2f", m.solveSeconds())};
    }

    static String csv(List<Study> studies) {
        StringBuilder sb = new StringBuilder("problem,batch,plan,partitions,model_latency_s,sim_latency_s,ratio,solve_s\n");
        for (Study s : studies) {
            for (Measured m : s.plans()) {
                sb.append(String.join(",", Path.of(s.file()).getFileName().toString(), String.valueOf(s.batch()),
                        m.label(), String.valueOf(m.partitions()), fmt("%.6e", m.modelSeconds()),
                        fmt("%.6e", m.simSeconds()), fmt("%.5f", m.simSeconds() / m.modelSeconds()),
                        fmt("%.3f", m.solveSeconds()))).append('\n');
            }
        }
        return sb.toString();
    }

    static String fmt(String f, Object... a) {
        return String.format(Locale.ROOT, f, a);
    }
}
