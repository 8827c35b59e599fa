package org.compass.cli.report;

import java.util.ArrayList;
import java.util.List;
import org.compass.cli.format.Units;
import org.compass.cli.json.JsonPath;
import org.compass.cli.json.ResultDocument.HardwareFigures;
import org.compass.cli.json.ResultDocument.Metrics;
import org.compass.cli.json.ResultDocument.NetworkFigures;
import org.compass.cli.json.ResultDocument.ObjectiveFigures;
import org.compass.cli.json.ResultDocument.ScheduleSummary;
import org.compass.cli.json.ResultDocument;
import org.compass.cli.json.SimulationFigures;
import org.compass.cli.report.HtmlReport.Inputs;
import org.compass.formulations.schedule.ScheduleResult;
import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.network.Network;
import org.compass.model.problem.InferencePhase;
import org.compass.model.problem.Problem;
import org.compass.simulator.SimulationResult;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.schedule.ScheduleEvaluation;
import org.compass.solver.SolveResult;
import org.compass.solver.cost.TokenMetrics;

/** The report's summary: the story of the solve in words, cards of the headline figures, the problem and result
 * table, and the comparison with the paper's baselines. */
final class SummarySection {

    private SummarySection() {
    }

    static void write(Html h, Inputs in) {
        h.heading(2, "summary", "Summary");
        h.paragraph(story(in), "story");
        h.raw(cards(in));
        List<List<Cell>> rows = facts(in);
        h.table("The problem and the result", List.of("what", "value", "details"), rows);
        if (in.result().hasPlan()) {
            comparison(h, in);
        }
    }

    /** The solve in words: why the network is cut, what the plan achieves, and against what. */
    private static String story(Inputs in) {
        Problem problem = in.problem();
        Hardware hw = problem.hardware();
        long need = problem.graph().crossbarsNeeded();
        SolveResult r = in.result();
        StringBuilder story = new StringBuilder();
        story.append(problem.network().name()).append(" needs ").append(Units.count(need, "crossbar")).append(" to hold all its weights; ")
                .append(hw.name()).append(" has ").append(Units.count(hw.crossbars())).append(need > hw.crossbars()
                        ? String.format(" (%.1fx fewer), so the network is cut into partitions. ", (double) need / hw.crossbars())
                        : ", so it fits at once and the spare crossbars hold replicas of the slowest layers. ");
        if (r.hasPlan()) {
            Evaluation e = r.evaluation();
            ScheduleResult sr = in.schedule();
            story.append("The chip is programmed with one partition's weights, runs the whole batch of ")
                    .append(Units.count(problem.batch(), "input")).append(" through it, then is reprogrammed with the next. ")
                    .append(r.formulation()).append(" found ").append(Units.count(r.plan().size(), "partition"))
                    .append(" optimizing ").append(problem.objective().label());
            if (sr == null) {
                story.append(": a batch takes ");
            } else {
                story.append("; scheduling the writes (mode ").append(sr.mode().label()).append(": ")
                        .append(TimelineSection.modeText(sr)).append(") runs a batch in ");
            }
            story.append(Units.seconds(e.latencySeconds())).append(" (").append(Units.number(e.throughput()))
                    .append(" inferences/s) and ").append(Units.joules(e.energyJoules()));
            if (sr != null) {
                ScheduleEvaluation se = sr.evaluation();
                story.append(", ").append(Units.ratio(se.speedup())).append(" faster than the ")
                        .append(Units.seconds(se.phaseSeconds())).append(" of the ").append(problem.costModel().label())
                        .append(" phases (").append(Units.seconds(se.savedSeconds())).append(" of overlap)");
            }
            story.append('.');
            if (e.resident() != null) {
                story.append(' ').append(Units.count(e.resident().units(), "unit")).append(" stay resident across"
                        + " batches in ").append(Units.count(e.resident().crossbars(), "crossbar")).append(" reserved"
                        + " for the run (").append(Units.percent(e.resident().weightFraction()))
                        .append(" of the weights), written once instead of in every batch.");
            }
            for (SolveResult b : in.baselines()) {
                if (b.hasPlan()) {
                    story.append(' ').append(capitalize(b.formulation())).append(" baseline")
                            .append(sr == null ? "" : ", scheduled the same way").append(": ")
                            .append(Units.ratio(b.evaluation().latencySeconds() / e.latencySeconds()))
                            .append(" the latency, ").append(Units.ratio(b.evaluation().edp() / e.edp()))
                            .append(" the EDP.");
                }
            }
            if (in.simulation() != null) {
                double sim = in.simulation().latencySeconds();
                story.append(sr == null ? " The simulator runs the plan in phases in " : " The simulator executes the"
                        + " schedule in ").append(Units.seconds(sim)).append(" (")
                        .append(PartitionCharts.difference(sim, e.latencySeconds()))
                        .append(sr == null ? " against the cost model)." : " against its makespan).");
            } else if (in.simulationViolation() != null) {
                story.append(" The simulator stopped the plan with a violation (see Simulation).");
            }
        } else {
            story.append(r.formulation()).append(" found no plan: ").append(r.status()).append('.');
        }
        return story.toString();
    }

    /** The problem and the result, each figure tagged with its key in the JSON result. */
    private static List<List<Cell>> facts(Inputs in) {
        Problem problem = in.problem();
        SolveResult r = in.result();
        Network n = problem.network();
        Hardware hw = problem.hardware();
        MappedGraph g = problem.graph();
        long need = g.crossbarsNeeded();
        List<List<Cell>> rows = new ArrayList<>();
        JsonPath<ResultDocument> doc = in.json();
        JsonPath<NetworkFigures> net = doc.get(ResultDocument::network);
        JsonPath<HardwareFigures> chip = doc.get(ResultDocument::hardware);
        JsonPath<ObjectiveFigures> obj = doc.get(ResultDocument::objective);
        rows.add(List.of(Cell.of("network"), Cell.json(n.name(), net.get(NetworkFigures::name)),
                Cell.of(Units.count(n.size(), "node") + ", " + Units.count(n.weightedNodes().size(),
                        "weighted layer") + ", " + Units.count(g.size(), "unit"))));
        rows.add(List.of(Cell.of("weights"), Cell.json(Units.count(n.crossbarWeights()),
                net.get(NetworkFigures::weights)), Cell.of("held in crossbars")));
        rows.add(List.of(Cell.of("MACs per input"), Cell.json(Units.count(n.macs()), net.get(NetworkFigures::macs)),
                Cell.of("conv and linear multiply-accumulates")));
        rows.add(List.of(Cell.of("crossbars needed"), Cell.json(Units.count(need), net.get(NetworkFigures::crossbarsNeeded)),
                Cell.of("every layer once, no replicas")));
        rows.add(List.of(Cell.of("chip"), Cell.json(hw.name(), chip.get(HardwareFigures::name)),
                Cell.of(hw.cores() + " cores x " + hw.crossbarsPerCore() + " crossbars of " + hw.crossbarRows() + "x"
                        + hw.crossbarCols() + ", " + hw.cellBits() + "-bit cells, " + hw.weightBits() + "-bit weights")));
        rows.add(List.of(Cell.of("chip crossbars"), Cell.json(Units.count(hw.crossbars()),
                chip.get(HardwareFigures::crossbars)), Cell.of(hw.cores() + " cores")));
        rows.add(List.of(Cell.of("batch"), Cell.json(Integer.toString(problem.batch()), doc.get(ResultDocument::batch)),
                Cell.of("inputs per run of each partition")));
        rows.add(List.of(Cell.of("objective"), Cell.json(problem.objective().label(),
                obj.get(ObjectiveFigures::name)), Cell.of(problem.pipeline().label() + " pipeline, replication "
                + problem.replication().factors())));
        rows.add(List.of(Cell.of("status"), Cell.json(r.status().name(), doc.get(ResultDocument::status)),
                Cell.of(r.status().name().equals("OPTIMAL") ? "proven optimal in the " + r.space().label() + " space"
                        : r.message())));
        rows.add(List.of(Cell.of("objective value"), Cell.json(Units.number(r.objective()),
                obj.get(ObjectiveFigures::value)), Cell.of(objectiveUnit(problem))));
        rows.add(List.of(Cell.of("bound"), Cell.json(Units.number(r.bound()), obj.get(ObjectiveFigures::bound)),
                Cell.of(in.schedule() == null ? "best proven bound"
                        : "at the makespan's proven bound: over this plan's schedules (after --schedule-joint, over"
                        + " every contiguous plan's)")));
        rows.add(List.of(Cell.of("gap"), Cell.json(Units.percent(r.gap()), obj.get(ObjectiveFigures::gap)),
                Cell.of("|value - bound| / |value|")));
        if (in.schedule() != null && obj.value().phases() != null) {
            JsonPath<ResultDocument.PhaseObjective> ph = obj.get(ObjectiveFigures::phases);
            rows.add(List.of(Cell.of("objective in phases"), Cell.json(Units.number(ph.value().value()),
                    ph.get(ResultDocument.PhaseObjective::value)), Cell.of("the solve's value in the "
                    + problem.costModel().label() + " phase model (bound " + Units.number(ph.value().bound())
                    + ", gap " + Units.percent(ph.value().gap()) + ")")));
        }
        org.compass.solver.cost.ResidentMetrics rm = r.hasPlan() ? r.evaluation().resident() : null;
        if (rm != null) {
            JsonPath<ResultDocument.ResidentFigures> res = doc.get(ResultDocument::residentSet);
            rows.add(List.of(Cell.of("resident units"), Cell.json(Integer.toString(rm.units()),
                    res.get(ResultDocument.ResidentFigures::units)), Cell.of("written once, kept on chip across batches")));
            rows.add(List.of(Cell.of("resident crossbars"), Cell.json(Units.count(rm.crossbars()),
                    res.get(ResultDocument.ResidentFigures::crossbars)), Cell.of(Units.percent(rm.chipFraction())
                    + " of the chip, reserved for the run")));
            rows.add(List.of(Cell.of("resident weights"), Cell.json(Units.percent(rm.weightFraction()),
                    res.get(ResultDocument.ResidentFigures::weightFraction)), Cell.of(Units.bytes(rm.weightBytes())
                    + " no longer loaded and written per batch")));
        } else if (problem.residentAllowed() && r.hasPlan()) {
            rows.add(List.of(Cell.of("resident units"), Cell.of("none"),
                    Cell.of("no unit kept on chip both leaves room to stream the others and saves time")));
        }
        if (in.schedule() != null) {
            ScheduleResult s = in.schedule();
            JsonPath<ScheduleSummary> k = doc.get(ResultDocument::scheduleSummary);
            rows.add(List.of(Cell.of("schedule"), Cell.json(s.mode().label(), k.get(ScheduleSummary::mode)),
                    Cell.of(TimelineSection.modeText(s))));
            rows.add(List.of(Cell.of("schedule status"), Cell.json(s.status().name(), k.get(ScheduleSummary::status)),
                    Cell.of(s.message() + ", " + Units.seconds(s.seconds()))));
            rows.add(List.of(Cell.of("scheduled makespan"), Cell.json(Units.seconds(s.makespanSeconds()),
                    k.get(ScheduleSummary::makespanS)), Cell.of(Units.ratio(s.evaluation().speedup())
                    + " faster than the " + problem.costModel().label() + " phases, "
                    + Units.seconds(s.evaluation().savedSeconds()) + " saved")));
            rows.add(List.of(Cell.of(problem.costModel().label() + " phase latency"),
                    Cell.json(Units.seconds(s.evaluation().phaseSeconds()),
                    k.get(ScheduleSummary::phaseLatencyS)), Cell.of("the same plan without overlap")));
            rows.add(List.of(Cell.of("makespan bound"), Cell.json(Units.seconds(s.boundSeconds()),
                    k.get(ScheduleSummary::boundS)), Cell.of("proven lower bound on the makespan")));
        }
        if (in.simulation() != null) {
            SimulationResult sim = in.simulation();
            rows.add(List.of(Cell.of("simulated latency"), Cell.json(Units.seconds(sim.latencySeconds()),
                    SimulationSection.simulated(in).get(SimulationFigures.Measured::latencyS)), Cell.of(PartitionCharts.difference(
                    sim.latencySeconds(), r.evaluation().latencySeconds()) + (in.schedule() == null
                    ? " against the cost model, " : " against the schedule's makespan, ")
                    + Units.count(sim.events()) + " events")));
        } else if (in.simulationViolation() != null) {
            rows.add(List.of(Cell.of("simulation"), Cell.of("violation"), Cell.of(in.simulationViolation())));
        }
        return rows;
    }

    static String cards(Inputs in) {
        Problem problem = in.problem();
        SolveResult r = in.result();
        StringBuilder sb = new StringBuilder("<div class=\"cards\">\n");
        String gap = Double.isFinite(r.gap()) ? "gap " + Units.percent(r.gap()) : "gap unknown";
        if (in.schedule() != null && r.hasPlan()) {
            // the status is the partitioning solve's, proven in the phase model; the schedule has its own
            double phaseGap = in.document().objective().phases() == null ? Double.NaN
                    : in.document().objective().phases().gap();
            gap = (Double.isFinite(phaseGap) ? "gap " + Units.percent(phaseGap) : "gap unknown") + " in phases; schedule "
                    + in.schedule().status() + ", gap " + (Double.isFinite(r.gap()) ? Units.percent(r.gap()) : "unknown");
        }
        card(sb, "status", r.status().name(), gap, r.status().name().equals("OPTIMAL") ? "good" : "warn");
        if (r.hasPlan()) {
            Evaluation e = r.evaluation();
            ScheduleResult sr = in.schedule();
            card(sb, "latency per batch", Units.seconds(e.latencySeconds()), "batch of " + problem.batch()
                    + (sr != null ? ", scheduled (" + sr.mode().label() + ")" : in.simulated() ? ", "
                    + problem.costModel().label() + " phases" : ""), sr != null ? "good" : null);
            if (sr != null) {
                ScheduleEvaluation se = sr.evaluation();
                card(sb, "latency in phases", Units.seconds(se.phaseSeconds()), problem.costModel().label()
                        + " phases; the schedule is " + Units.ratio(se.speedup()) + " faster", null);
            }
            if (in.simulation() != null) {
                card(sb, "simulated latency", Units.seconds(in.simulation().latencySeconds()),
                        PartitionCharts.difference(in.simulation().latencySeconds(), e.latencySeconds())
                                + (sr != null ? " vs makespan" : " vs cost model"), null);
            } else if (in.simulationViolation() != null) {
                card(sb, "simulation", "violation", "see Simulation", "warn");
            }
            card(sb, "throughput", Units.number(e.throughput()) + " /s", "inferences per second", null);
            card(sb, "energy per batch", Units.joules(e.energyJoules()), Units.joules(e.energyJoules() / problem.batch())
                    + " per inference", null);
            card(sb, "EDP", Units.number(e.edp()) + " J s", "energy x latency", null);
            card(sb, "partitions", Integer.toString(r.plan().size()), Units.count(e.rowsWritten()) + " rows written", null);
            card(sb, "DRAM traffic", Units.bytes(e.dramBytes()), "peak " + Units.bytes(e.dramPeakBytes()) + " of activations", null);
            card(sb, "crossbar use", Units.percent(e.crossbarUtilization()), in.schedule() != null
                    ? "time-weighted, as the schedule holds them" : "time-weighted", null);
            card(sb, "lifetime", Units.duration(e.lifetimeSeconds()), Units.number(e.cellWritesPerSecond())
                    + " writes per cell per second (endurance " + Units.cycles(problem.hardware().enduranceCycles())
                    + ", ideal wear levelling)", null);
            if (e.resident() != null) {
                card(sb, "resident weights", Units.percent(e.resident().weightFraction()), Units.count(e.resident()
                        .crossbars(), "crossbar") + " reserved (" + Units.percent(e.resident().chipFraction())
                        + " of the chip); lifetime " + Units.duration(e.resident().lifetimeFixedSeconds())
                        + " if they stay in place", "good");
            }
            TokenMetrics tk = e.tokens();
            if (tk != null) {
                card(sb, "rows written per token", Units.number(tk.rowsWrittenPerToken()), "crossbar rows programmed"
                        + " per token" + (e.resident() != null ? ", resident units excluded" : ""), null);
                if (Double.isFinite(e.lifetimeSeconds())) {
                    // what resident weights raise: the tokens made before the cells wear out
                    card(sb, "tokens per lifetime", Units.number(tk.tokensPerSecond() * e.lifetimeSeconds()),
                            "endurance x chip rows / rows written per token"
                                    + (e.resident() != null ? " (resident crossbars moved now and then)" : ""), null);
                }
                boolean prefill = tk.phase().kind() == InferencePhase.Kind.PREFILL;
                card(sb, "tokens per second", Units.number(tk.tokensPerSecond()), Units.joules(tk.joulesPerToken())
                        + " per token; " + tk.phase(), null);
                card(sb, prefill ? "time to first token" : "time per output token",
                        Units.seconds(prefill ? tk.firstTokenSeconds() : tk.perTokenSeconds()), problem.batch()
                        + " sequences", null);
                card(sb, "KV cache", Units.bytes(tk.kvCacheBytes()), Units.bytes(tk.kvReadBytes()) + " read, "
                        + Units.bytes(tk.kvWriteBytes()) + " appended", null);
            }
        }
        return sb.append("</div>\n").toString();
    }

    static void card(StringBuilder sb, String label, String value, String note, String cls) {
        sb.append("<div class=\"card").append(cls == null ? "" : " " + cls).append("\"><div class=\"card-label\">")
                .append(Markup.escape(label)).append("</div><div class=\"card-value\">").append(Markup.escape(value))
                .append("</div><div class=\"card-note\">").append(Markup.escape(note)).append("</div></div>\n");
    }

    static void comparison(Html h, Inputs in) {
        SolveResult best = in.result();
        Evaluation b = best.evaluation();
        boolean scheduled = in.schedule() != null;
        List<List<Cell>> rows = new ArrayList<>();
        JsonPath<ResultDocument> doc = in.json();
        rows.add(comparisonRow(best, b, doc.get(ResultDocument::metrics), null,
                scheduled ? doc.get(ResultDocument::phaseMetrics) : null));
        for (SolveResult r : in.baselines()) {
            if (r.hasPlan()) {
                JsonPath<ResultDocument.BaselineFigures> baseline = doc.entry(ResultDocument::baselines, r.formulation());
                rows.add(comparisonRow(r, b, baseline.get(ResultDocument.BaselineFigures::metrics),
                        baseline.get(ResultDocument.BaselineFigures::partitions),
                        scheduled && baseline.value().phaseMetrics() != null
                                ? baseline.get(ResultDocument.BaselineFigures::phaseMetrics) : null));
            }
        }
        List<String> header = new ArrayList<>(List.of("formulation", "status", "partitions", "latency", "throughput /s",
                "energy", "EDP (J s)", "latency ratio", "energy ratio", "EDP ratio"));
        if (scheduled) {
            header.add("latency in phases");
        }
        h.table("How the result compares with the paper's baselines (" + (scheduled ? "every plan scheduled, "
                        + in.schedule().mode().label() + "; " : "") + "ratios: baseline / " + best.formulation()
                        + "; above 1 means " + best.formulation() + " is better)", header, rows);
    }

    /**
     * A row of the comparison; {@code partitions} is the JSON's partition count, null for the main result;
     * {@code phases} the phase metrics with a schedule (an extra column), else null.
     */
    static List<Cell> comparisonRow(SolveResult r, Evaluation best, JsonPath<Metrics> m,
                                            JsonPath<Integer> partitions, JsonPath<Metrics> phases) {
        Evaluation e = r.evaluation();
        List<Cell> row = new ArrayList<>(List.of(Cell.of(r.formulation()), Cell.of(r.status()),
                partitions == null ? Cell.of(r.plan().size()) : Cell.json(Integer.toString(r.plan().size()), partitions),
                Cell.json(Units.seconds(e.latencySeconds()), m.get(Metrics::latencyS)),
                Cell.json(Units.number(e.throughput()), m.get(Metrics::throughputIps)),
                Cell.json(Units.joules(e.energyJoules()), m.get(Metrics::energyJ)),
                Cell.json(Units.number(e.edp()), m.get(Metrics::edpJs)),
                Cell.number(Units.ratio(e.latencySeconds() / best.latencySeconds()), e.latencySeconds() / best.latencySeconds()),
                Cell.number(Units.ratio(e.energyJoules() / best.energyJoules()), e.energyJoules() / best.energyJoules()),
                Cell.number(Units.ratio(e.edp() / best.edp()), e.edp() / best.edp())));
        if (phases != null) {
            row.add(Cell.json(Units.seconds(phases.value().latencyS()), phases.get(Metrics::latencyS)));
        }
        return row;
    }

    static String objectiveUnit(Problem problem) {
        return switch (problem.objective()) {
            case THROUGHPUT -> "inferences per second";
            case LATENCY -> "seconds per batch";
            case ENERGY -> "joules per batch";
            case EDP -> "joule seconds";
        };
    }

    static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
