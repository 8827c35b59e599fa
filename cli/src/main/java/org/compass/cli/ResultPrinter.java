package org.compass.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.compass.cli.format.Units;
import org.compass.cli.report.PartitionRuns;
import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.network.Network;
import org.compass.model.problem.InferencePhase;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.plan.Partition;
import org.compass.solver.cost.PartitionCost;
import org.compass.solver.cost.ResidentMetrics;
import org.compass.solver.schedule.ScheduleMode;
import org.compass.solver.SolveResult;
import org.compass.solver.cost.TokenMetrics;

/** Prints a problem summary, a plan's partition table, its totals and the comparison with baselines. */
final class ResultPrinter {

    /** Rows of a partition table shown in full; a longer table shows its first and last {@link #ENDS} rows. */
    static final int MAX_ROWS = 40;
    /** Rows shown at each end of a summarised partition table. */
    static final int ENDS = 10;

    private final PrintWriter out;
    private final boolean allRows;

    ResultPrinter(PrintWriter out) {
        this(out, false);
    }

    /** @param allRows every row of a long partition table (else its first and last {@link #ENDS} rows) */
    ResultPrinter(PrintWriter out, boolean allRows) {
        this.out = out;
        this.allRows = allRows;
    }

    void summary(Problem problem, String source) {
        Network n = problem.network();
        Hardware hw = problem.hardware();
        MappedGraph g = problem.graph();
        out.printf("Problem   %s%n", source);
        out.printf("Network   %s: %s, %s, %s weights, %s MACs/input%n", n.name(), Units.count(n.size(), "node"),
                Units.count(n.weightedNodes().size(), "weighted layer"), Units.count(n.crossbarWeights()),
                Units.count(n.macs()));
        out.printf("Chip      %s: %s x %s of %dx%d (%d-bit cells, %d-bit weights) = %s%n", hw.name(),
                Units.count(hw.cores(), "core"), Units.count(hw.crossbarsPerCore(), "crossbar"), hw.crossbarRows(),
                hw.crossbarCols(), hw.cellBits(), hw.weightBits(), Units.count(hw.crossbars(), "crossbar"));
        long need = g.crossbarsNeeded();
        out.printf("Fit       the network needs %s: %s%n", Units.count(need, "crossbar"), need <= hw.crossbars()
                ? "fits on chip" : String.format("%.1fx the chip, so it must be partitioned", (double) need / hw.crossbars()));
        out.printf("Setting   batch %d, objective %s, %s pipeline, replication %s, cost model %s%s%n", problem.batch(),
                problem.objective().label(), problem.pipeline().label(), problem.replication().factors(),
                problem.costModel().label(),
                (problem.sliceCrossbars() > 0 ? ", column slices of at most " + Units.count(problem.sliceCrossbars(),
                        "crossbar") : "") + (problem.residentAllowed()
                        ? ", resident weights allowed (written once, kept across batches)" : "")
                        + (problem.hasLifetimeLimit() ? ", lifetime at least " + new java.math.BigDecimal(
                        problem.minLifetimeSeconds() / Problem.YEAR_SECONDS).round(new java.math.MathContext(6))
                        .stripTrailingZeros().toPlainString() + " years (a floor on every plan)" : ""));
        InferencePhase phase = problem.phase();
        if (phase.kind() == InferencePhase.Kind.PREFILL) {
            out.printf("Phase     prefill: %s x a prompt of %s (latency = time to first token)%n",
                    Units.count(problem.batch(), "sequence"), Units.count(phase.tokens(), "token"));
        } else if (phase.kind() == InferencePhase.Kind.DECODE) {
            out.printf("Phase     decode: %s x 1 new token per step, %s cached (latency = time per"
                    + " output token)%n", Units.count(problem.batch(), "sequence"), Units.count(phase.tokens(), "token"));
        }
        out.println();
    }

    /** The solve's line and its plan's partition table, the phase model's figures per partition. */
    void table(Problem problem, SolveResult r) {
        out.printf("%s (%s space): %s in %s%s%n", r.formulation(), r.space().label(), r.status(),
                Units.seconds(r.seconds()), r.message().isEmpty() ? "" : " - " + r.message());
        if (!r.hasPlan()) {
            return;
        }
        TextTable t = new TextTable("#", "layers", "units", "xbars", "util", "max r", "rows written", "program",
                "compute", "io", "time");
        List<Partition> parts = r.plan().partitions();
        MappedGraph g = problem.graph();
        int chip = problem.hardware().crossbars();
        boolean grouped = false;
        List<Object[]> rows = new ArrayList<>();
        for (PartitionRuns.Run run : PartitionRuns.of(g, r.plan(), r.evaluation().partitions(),
                PartitionRuns.TABLE_FIGURES)) {
            int p = run.first();
            int q = run.last();
            Partition part = parts.get(p);
            PartitionCost c = r.evaluation().partitions().get(p);
            String first = g.unit(part.units().get(0)).name();
            String last = g.unit(parts.get(q).units().get(parts.get(q).size() - 1)).name();
            String layers = part.size() == 1 && q == p ? first : first + " .. " + last;
            String index = q == p ? String.valueOf(p) : p + "-" + q;
            if (q > p) {
                layers += " (each)";
                grouped = true;
            }
            int maxR = part.replication().stream().mapToInt(Integer::intValue).max().orElse(1);
            long kept = part.units().stream().filter(r.plan().resident()::contains).count();
            rows.add(new Object[] {index, layers, kept == 0 ? String.valueOf(part.size())
                    : part.size() + " (" + kept + " res)", Units.count(c.load().crossbars()),
                    Units.percent((double) c.load().crossbars() / chip), maxR, Units.count(c.load().rowsWritten()),
                    Units.seconds(c.programSeconds()), Units.seconds(c.computeSeconds()),
                    Units.seconds(c.ioSeconds()), Units.seconds(c.seconds())});
        }
        boolean summarised = !allRows && rows.size() > MAX_ROWS;
        for (int i = 0; i < rows.size(); i++) {
            if (summarised && i == ENDS) {
                t.row("...", Units.count(rows.size() - 2L * ENDS, "row") + " not shown", "", "", "", "", "", "", "",
                        "", "");
                i = rows.size() - ENDS;
            }
            t.row(rows.get(i));
        }
        out.print(t.render());
        if (summarised) {
            out.printf("(%s of the plan's %s shown: the first and last %d; --all-partitions shows every row)%n",
                    Units.count(2L * ENDS, "row"), Units.count(rows.size(), "row"), ENDS);
        }
        if (r.plan().hasResident()) {
            out.println("(xbars and rows written: the streamed units; 'res' units are resident, their crossbars"
                    + " reserved for the run)");
        }
        if (grouped) {
            out.println("(a row 'i-j ... (each)' stands for consecutive partitions with identical figures: one column slice each)");
        }
        out.println();
    }

    /**
     * A plan's totals: latency, energy, EDP, tokens, DRAM, crossbars, lifetime and objective. With a schedule
     * ({@code phases} and {@code schedule} not null) {@code r} carries the figures at the scheduled makespan and
     * each line ends with the phase model's figure, labelled.
     */
    void totals(Problem problem, SolveResult r, SolveResult phases, ScheduleMode schedule) {
        totals(problem, r, phases, schedule, false);
    }

    /**
     * {@link #totals(Problem, SolveResult, SolveResult, ScheduleMode)}; {@code joint} when the schedule came from
     * the joint search, whose bound holds over every contiguous plan's schedules, not only this plan's.
     */
    void totals(Problem problem, SolveResult r, SolveResult phases, ScheduleMode schedule, boolean joint) {
        Evaluation e = r.evaluation();
        Evaluation p = phases == null ? null : phases.evaluation();
        String inPhases = "; in phases (" + problem.costModel().label() + ") ";
        out.printf("Latency     %s per batch of %d%s  (throughput %s inferences/s)%s%n", Units.seconds(e.latencySeconds()),
                problem.batch(), p == null ? "" : ", scheduled (" + schedule.label() + ")", Units.number(e.throughput()),
                p == null ? "" : inPhases + Units.seconds(p.latencySeconds()) + " (" + Units.number(p.throughput())
                        + " inferences/s)");
        out.printf("Energy      %s  (writes %s, DRAM %s, MVM %s, static %s%s)%s%n", Units.joules(e.energyJoules()),
                Units.joules(e.writeJoules()), Units.joules(e.dramJoules()), Units.joules(e.mvmJoules()),
                Units.joules(e.staticJoules()), p == null ? "" : " over the makespan",
                p == null ? "" : inPhases + Units.joules(p.energyJoules()));
        out.printf("EDP         %s J s%s%n", Units.number(e.edp()), p == null ? "" : inPhases + Units.number(p.edp()) + " J s");
        TokenMetrics tk = e.tokens();
        if (tk != null) {
            boolean prefill = tk.phase().kind() == InferencePhase.Kind.PREFILL;
            out.printf("Tokens      %s tokens/s, %s per token, %s %s%n", Units.number(tk.tokensPerSecond()),
                    Units.joules(tk.joulesPerToken()), prefill ? "time to first token" : "time per output token",
                    Units.seconds(prefill ? tk.firstTokenSeconds() : tk.perTokenSeconds()));
            out.printf("KV cache    %s in DRAM after the %s, %s read, %s appended%n", Units.bytes(tk.kvCacheBytes()),
                    prefill ? "prefill" : "step", Units.bytes(tk.kvReadBytes()), Units.bytes(tk.kvWriteBytes()));
        }
        out.printf("DRAM        %s moved, peak %s of activations%s%n", Units.bytes(e.dramBytes()),
                Units.bytes(e.dramPeakBytes()), e.tokens() != null ? " and KV cache" : "");
        out.printf("Crossbars   %s written%s, %s time-weighted utilization%s%n", Units.count(e.rowsWritten(), "row"),
                tk == null ? "" : " (" + Units.number(tk.rowsWrittenPerToken()) + " per token)",
                Units.percent(e.crossbarUtilization()), p == null ? ""
                        : " (held from a layer's first write to its stage's end)" + inPhases
                        + Units.percent(p.crossbarUtilization()));
        ResidentMetrics rm = e.resident();
        if (rm != null) {
            out.printf("Resident    %s kept on chip: %s reserved (%s of the chip), %s of the weight bytes; written"
                    + " once (%s, %s), not per batch%n", Units.count(rm.units(), "unit"),
                    Units.count(rm.crossbars(), "crossbar"), Units.percent(rm.chipFraction()),
                    Units.percent(rm.weightFraction()), Units.count(rm.rowsOnce(), "row"), Units.seconds(rm.setupSeconds()));
        } else if (problem.residentAllowed() && r.status() == org.compass.solver.Status.OPTIMAL) {
            out.println("Resident    none: no unit kept on chip both leaves room to stream the others and saves time");
        } else if (problem.residentAllowed()) {
            out.println("Resident    none in this plan (not proven best: see the status line)");
        }
        out.printf("Lifetime    %s in continuous operation  (%s writes per cell per second, endurance %s cycles,"
                + " ideal wear levelling)%s%n", Units.duration(e.lifetimeSeconds()), Units.number(e.cellWritesPerSecond()),
                Units.cycles(problem.hardware().enduranceCycles()),
                p == null ? "" : inPhases + Units.duration(p.lifetimeSeconds()));
        if (rm != null) {
            out.printf("            %s if the resident crossbars stay where they are (the streamed rows then wear the"
                    + " other %s)%n", Units.duration(rm.lifetimeFixedSeconds()),
                    Units.count(problem.hardware().crossbars() - rm.crossbars(), "crossbar"));
        }
        Objective o = problem.objective();
        if (p == null) {
            out.printf("Objective   %s = %s (%s)%n%n", o.label(), Units.objective(o, r.objective()),
                    proof(o, r.bound(), r.gap(), ""));
        } else {
            // a throughput gap is relative to the throughput; the schedule's lines give the makespan's, 1 - T_b / T
            // (a trial read 32.7% here and 24.6% on the Joint line as two different gaps)
            String onMakespan = o.maximize() && r.bound() > 0 && Double.isFinite(r.bound()) && r.gap() > 0
                    ? ", " + Units.percent(1 - r.objective() / r.bound()) + " on the makespan" : "";
            out.printf("Objective   %s = %s scheduled (%s%s)%s%s (%s)%n%n", o.label(), Units.objective(o, r.objective()),
                    proof(o, r.bound(), r.gap(), joint ? " over every contiguous plan's schedules"
                            : " over this plan's schedules"), onMakespan, inPhases,
                    Units.objective(o, phases.objective()), proof(o, phases.bound(), phases.gap(), ""));
        }
    }

    /** "bound B{over}, gap G", or "no bound{over}" when there is none (a heuristic, or a plan no solver proved). */
    private static String proof(Objective o, double bound, double gap, String over) {
        return Double.isNaN(bound) || Double.isInfinite(bound) ? "no bound" + over
                : "bound " + Units.objective(o, bound) + over + ", gap " + Units.percent(gap);
    }

    void comparison(Problem problem, SolveResult best, List<SolveResult> others) {
        comparison(problem, best, others, null, null, null);
    }

    /**
     * The comparison with the baselines. With a schedule ({@code mode} not null) every row is its plan scheduled in
     * that mode: {@code best} and {@code others} carry the figures at the makespans, {@code phases} (the main
     * result's first, then the baselines', parallel to {@code others}) the phase latencies, and
     * {@code statuses} each schedule's status.
     */
    void comparison(Problem problem, SolveResult best, List<SolveResult> others, ScheduleMode mode,
                    List<SolveResult> phases, List<String> statuses) {
        if (!best.hasPlan() || others.isEmpty()) {
            return;
        }
        boolean scheduled = mode != null;
        List<String> header = new java.util.ArrayList<>(List.of("formulation", "status", "partitions", "latency",
                "throughput/s", "energy", "EDP (J s)", "speedup", "EDP gain"));
        if (scheduled) {
            header.addAll(List.of("schedule", "in phases"));
        }
        TextTable t = new TextTable(header.toArray(String[]::new));
        addRow(t, best, best, scheduled ? phases.get(0) : null, scheduled ? statuses.get(0) : null);
        List<String> notes = new java.util.ArrayList<>();
        for (int i = 0; i < others.size(); i++) {
            SolveResult r = others.get(i);
            if (r.hasPlan()) {
                addRow(t, r, best, scheduled ? phases.get(i + 1) : null, scheduled ? statuses.get(i + 1) : null);
            } else {
                // a baseline without a plan (e.g. one that does not honour a lifetime floor) says why
                List<Object> cells = new java.util.ArrayList<>(List.of(r.formulation(), r.status()));
                while (cells.size() < header.size()) {
                    cells.add("-");
                }
                t.row(cells.toArray());
                notes.add(r.formulation() + ": " + r.message());
            }
        }
        out.println("Comparison (" + (scheduled ? "every plan scheduled, " + mode.label() + "; " : "")
                + "speedup and EDP gain of " + best.formulation() + " over each row"
                + (scheduled ? "; in phases: the " + problem.costModel().label() + " phase latency" : "") + ")");
        out.print(t.render());
        for (String note : notes) {
            out.println("  " + note);
        }
        residentAndLifetime(problem.batch(), best, others);
        out.println();
    }

    /**
     * With resident weights, what they buy in writes and lifetime beside the same formulation's plan without them
     * (issue 14 item 4: the streamed crossbars take the per-batch writes, the resident ones are written once): rows
     * written per token (per inference for other networks), the levelled lifetime, and the tokens (inferences) made
     * in it, endurance x chip rows / rows per token.
     */
    private void residentAndLifetime(int batch, SolveResult best, List<SolveResult> others) {
        Evaluation e = best.evaluation();
        if (e.resident() == null) {
            return;
        }
        for (SolveResult r : others) {
            if (!r.formulation().equals(best.formulation() + " without resident") || !r.hasPlan()) {
                continue;
            }
            Evaluation w = r.evaluation();
            boolean tokens = e.tokens() != null;
            String unit = tokens ? "token" : "inference";
            double perNow = tokens ? e.tokens().rowsWrittenPerToken() : e.rowsWritten() / (double) batch;
            double perWithout = tokens ? w.tokens().rowsWrittenPerToken() : w.rowsWritten() / (double) batch;
            double rateNow = tokens ? e.tokens().tokensPerSecond() : e.throughput();
            double rateWithout = tokens ? w.tokens().tokensPerSecond() : w.throughput();
            String made = Double.isInfinite(e.lifetimeSeconds()) || Double.isInfinite(w.lifetimeSeconds()) ? ""
                    : String.format(java.util.Locale.ROOT, "; %ss per lifetime %s -> %s (%s)", unit,
                    Units.number(rateWithout * w.lifetimeSeconds()), Units.number(rateNow * e.lifetimeSeconds()),
                    signed(rateNow * e.lifetimeSeconds() / (rateWithout * w.lifetimeSeconds()) - 1));
            out.printf("  resident weights: rows written per %s %s -> %s (%s); lifetime %s -> %s (levelled; %s if the"
                    + " resident crossbars stay put)%s%n", unit, Units.number(perWithout), Units.number(perNow),
                    signed(perNow / perWithout - 1), Units.duration(w.lifetimeSeconds()),
                    Units.duration(e.lifetimeSeconds()), Units.duration(e.resident().lifetimeFixedSeconds()), made);
        }
    }

    private static String signed(double fraction) {
        return (fraction >= 0 ? "+" : "") + Units.percent(fraction);
    }

    private static void addRow(TextTable t, SolveResult r, SolveResult best, SolveResult phases, String schedule) {
        Evaluation e = r.evaluation();
        Evaluation b = best.evaluation();
        List<Object> cells = new java.util.ArrayList<>(List.of(r.formulation(), r.status(), r.plan().size(),
                Units.seconds(e.latencySeconds()), Units.number(e.throughput()), Units.joules(e.energyJoules()),
                Units.number(e.edp()), Units.ratio(e.latencySeconds() / b.latencySeconds()), Units.ratio(e.edp() / b.edp())));
        if (phases != null) {
            cells.add(schedule);
            cells.add(Units.seconds(phases.evaluation().latencySeconds()));
        }
        t.row(cells.toArray());
    }
}
