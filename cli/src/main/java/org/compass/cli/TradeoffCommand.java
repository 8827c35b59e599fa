package org.compass.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.compass.cli.format.Units;
import org.compass.formulations.dp.DpFormulation;
import org.compass.model.InputException;
import org.compass.model.problem.Problem;
import org.compass.solver.ProblemFile;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code compass-solve tradeoff FILE}: throughput against lifetime and batch size. For each batch it solves the
 * problem without a lifetime floor and under each floor asked for, with the dp (exact outside the band of
 * docs/cost-model.md, "Lifetime"), and prints the throughput, energy and rows written per inference, the
 * lifetime, the longest lifetime any plan reaches, the throughput each floor leaves and what it costs; then, per
 * floor, the smallest batch listed that meets it ("which batch buys five years").
 *
 * <p>A command rather than a {@code pareto --against lifetime} front: the question is asked at a few batch sizes
 * and a few round lifetimes (a year, five years), and the batch, which the front would hold fixed, is the lever
 * that buys lifetime (a larger batch rewrites the weights less often per inference).
 */
@Command(name = "tradeoff", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Throughput against chip lifetime and batch size (dp): which batch buys N years.")
final class TradeoffCommand implements Callable<Integer> {

    /** The shared option tradeoff does not take (its floors are --years); hidden from its help. */
    static final List<String> REFUSED = List.of("--min-lifetime-years");

    @ParentCommand
    CompassSolve parent;

    @Mixin
    ProblemFileMixin input;

    @Mixin
    ProblemOptions options;

    @Option(names = "--batches", paramLabel = "B,B,...", split = ",", defaultValue = "1,16,256",
            description = "Batch sizes (default 1,16,256).")
    List<Integer> batches;

    @Option(names = "--years", paramLabel = "Y,Y,...", split = ",", defaultValue = "1,5",
            description = "Lifetime floors in years of continuous operation (default 1,5).")
    List<Double> years;

    @Option(names = "--csv", description = "Print one CSV row per batch and floor instead of the tables.")
    boolean csv;

    /** One solve: the batch, the floor in years (0 for none), its result. */
    private record Row(int batch, double years, SolveResult result) {
    }

    @Override
    public Integer call() {
        if (options.formulation != null && !options.formulation.trim().equalsIgnoreCase("dp")) {
            throw new InputException("tradeoff: -f " + options.formulation + ": the trade-off is computed with the"
                    + " dp; drop -f");
        }
        if (options.minLifetimeYears != null) {
            throw new InputException("tradeoff: --min-lifetime-years: the floors are given with --years Y,Y,...");
        }
        for (int b : batches) {
            if (b < 1 || b > 1_000_000) {
                throw new InputException("tradeoff: --batches: expected batch sizes from 1 to 1,000,000, got '" + b
                        + "'");
            }
        }
        for (double y : years) {
            if (!(y > 0 && y <= 1e6)) {
                throw new InputException("tradeoff: --years: expected years from 0 to 1,000,000 (exclusive of 0), got '"
                        + y + "'");
            }
        }
        ProblemFile pf = options.load(input.file, parent.progress());
        options.refuseResident(pf, "tradeoff", "the trade-off is computed without resident weights yet");
        Problem base = pf.problem().withMinLifetime(0);
        PrintWriter out = parent.out();
        List<Row> rows = new ArrayList<>();
        List<Double> longest = new ArrayList<>();
        for (int b : batches) {
            Problem p = base.withBatch(b);
            parent.progress().println("tradeoff: batch " + b + "...");
            parent.progress().flush();
            rows.add(new Row(b, 0, solve(p, pf)));
            longest.add(DpFormulation.longestLifetimeSeconds(p));
            for (double y : years) {
                rows.add(new Row(b, y, solve(p.withMinLifetime(y * Problem.YEAR_SECONDS), pf)));
            }
        }
        if (csv) {
            out.println("network,hardware,batch,min_lifetime_years,status,throughput_ips,energy_per_inference_j,"
                    + "rows_per_inference,lifetime_s,longest_lifetime_s,throughput_lost");
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                Row free = rows.get(i - i % (years.size() + 1));
                Evaluation e = r.result().evaluation();
                out.printf(Locale.ROOT, "%s,%s,%d,%s,%s,%s,%s,%s,%s,%s,%s%n", base.network().name(),
                        base.hardware().name(), r.batch(), r.years(), r.result().status(),
                        e == null ? "" : e.throughput(), e == null ? "" : e.energyJoules() / r.batch(),
                        e == null ? "" : e.rowsWritten() / (double) r.batch(), e == null ? "" : inf(e.lifetimeSeconds()),
                        inf(longest.get(i / (years.size() + 1))), lost(free, r));
            }
            out.flush();
            return ExitCodes.OK;
        }
        out.printf("%s: %s on %s (endurance %s cycles), %s pipeline, dp, cost model %s%n%n", input.file,
                base.network().name(), base.hardware().name(), Units.cycles(base.hardware().enduranceCycles()),
                base.pipeline().label(), base.costModel().label());
        List<String> header = new ArrayList<>(List.of("batch", "throughput/s", "energy/inf", "rows/inf", "lifetime",
                "longest"));
        for (double y : years) {
            header.add(label(y) + ": throughput/s");
            header.add("lost");
        }
        TextTable t = new TextTable(header.toArray(new String[0]));
        for (int i = 0; i < rows.size(); i += years.size() + 1) {
            Row free = rows.get(i);
            Evaluation e = free.result().evaluation();
            List<Object> cells = new ArrayList<>(List.of(free.batch(), e == null ? "-" : Units.number(e.throughput()),
                    e == null ? "-" : Units.joules(e.energyJoules() / free.batch()),
                    e == null ? "-" : Units.number(e.rowsWritten() / (double) free.batch()),
                    e == null ? "-" : Units.duration(e.lifetimeSeconds()),
                    Units.duration(longest.get(i / (years.size() + 1)))));
            for (int j = 1; j <= years.size(); j++) {
                Row r = rows.get(i + j);
                cells.add(r.result().hasPlan() ? Units.number(r.result().evaluation().throughput())
                        + (r.result().status() == org.compass.solver.Status.OPTIMAL ? "" : " *")
                        : r.result().status().name());
                cells.add(r.result().hasPlan() ? Units.percent(Double.parseDouble(lost(free, r))) : "-");
            }
            t.row(cells.toArray());
        }
        out.print(t.render());
        out.println("lifetime: in continuous operation at the plan's own throughput; longest: of any plan at that"
                + " batch; lost: throughput the floor costs; * FEASIBLE, not proven best (docs/cost-model.md)");
        for (double y : years) {
            Integer first = null;
            for (int i = 0; i < batches.size() && first == null; i++) {
                if (rows.get(i * (years.size() + 1) + 1 + years.indexOf(y)).result().hasPlan()) {
                    first = batches.get(i);
                }
            }
            out.println(first == null ? label(y) + ": no batch listed buys it (the longest lifetime is in the table)"
                    : label(y) + ": the smallest batch listed that buys it is " + first);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String label(double years) {
        return (years == Math.rint(years) ? String.valueOf((long) years) : String.valueOf(years))
                + (years == 1 ? " year" : " years");
    }

    private static SolveResult solve(Problem p, ProblemFile pf) {
        return new DpFormulation().solve(SolveRequest.of(p).withLimits(pf.settings().limits()));
    }

    /** The share of the free plan's throughput a floor costs, "" without both plans. */
    private static String lost(Row free, Row r) {
        if (!free.result().hasPlan() || !r.result().hasPlan()) {
            return "";
        }
        return String.valueOf(1 - r.result().evaluation().throughput() / free.result().evaluation().throughput());
    }

    private static String inf(double v) {
        return Double.isInfinite(v) ? "inf" : String.valueOf(v);
    }
}
