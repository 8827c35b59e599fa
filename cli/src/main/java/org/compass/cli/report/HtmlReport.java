package org.compass.cli.report;

import java.util.ArrayList;
import java.util.List;
import org.compass.cli.Units;
import org.compass.formulations.schedule.ScheduleResult;
import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Unit;
import org.compass.model.network.Network;
import org.compass.model.problem.Problem;
import org.compass.simulator.PartitionTrace;
import org.compass.simulator.SimulationResult;
import org.compass.solver.Evaluation;
import org.compass.solver.Partition;
import org.compass.solver.PartitionCost;
import org.compass.solver.ScheduleEvaluation;
import org.compass.solver.ScheduleRecord;
import org.compass.solver.SolveResult;

/**
 * A self-contained HTML report of one solve: summary, the network drawn as a DAG coloured by partition,
 * a per-core timeline (of the write schedule when there is one, else of the v1 phases), per-partition time and
 * energy, and optionally the simulator's figures beside the cost model's, a sweep and the Pareto front.
 *
 * <p>The page has no scripts, fonts or links to fetch; pictures are inline SVG. It is written as XHTML
 * compatible markup, so an XML parser can check it. Every figure that the JSON result ({@code --json})
 * also holds carries that JSON key path and exact value ({@link Cell}).
 */
public final class HtmlReport {

    private static final double WIDTH = 1240;

    /**
     * What the report shows.
     *
     * @param source    where the problem came from (file name)
     * @param problem   the problem solved
     * @param result    the result of the chosen formulation
     * @param baselines results of the baselines (may be empty)
     * @param sweep     a sweep, or null
     * @param pareto    the Pareto front, or null
     * @param schedule  the write schedule of the result's plan ({@code --schedule}), or null
     * @param simulation the simulator's run of the result's plan ({@code --simulate}), or null
     * @param simulationViolation why the simulator stopped (then simulation is null), or null
     */
    public record Inputs(String source, Problem problem, SolveResult result, List<SolveResult> baselines,
                         Sweep sweep, ParetoFront pareto, ScheduleResult schedule, SimulationResult simulation,
                         String simulationViolation) {

        public Inputs {
            baselines = List.copyOf(baselines);
        }

        /** Inputs without a schedule or a simulation. */
        public Inputs(String source, Problem problem, SolveResult result, List<SolveResult> baselines, Sweep sweep,
                      ParetoFront pareto) {
            this(source, problem, result, baselines, sweep, pareto, null, null, null);
        }

        /** Whether the simulator ran (with or without a violation). */
        boolean simulated() {
            return simulation != null || simulationViolation != null;
        }
    }

    private HtmlReport() {
    }

    /** The whole page. */
    public static String render(Inputs in) {
        Html h = new Html();
        Problem problem = in.problem();
        SolveResult r = in.result();
        String title = "COMPASS: " + problem.network().name() + " on " + problem.hardware().name() + ", batch "
                + problem.batch();
        h.heading(1, null, title);
        h.paragraph("Problem file " + in.source() + ". Solved by " + r.formulation() + " (" + r.space().label()
                + " space) in " + Units.seconds(r.seconds()) + ". All times and energies come from the reference "
                + "cost model (v1)" + (in.schedule() != null ? ", except the write schedule's (" + in.schedule().mode().label()
                + ")" : "") + (in.simulated() ? (in.schedule() != null ? " and" : ", except") + " the simulator's" : "")
                + "; hover over any shape for its numbers.",
                "subtitle");
        h.raw("<nav><a href=\"#summary\">Summary</a> <a href=\"#dag\">Partitioning</a> "
                + "<a href=\"#timeline\">Timeline</a> <a href=\"#costs\">Time and energy</a>"
                + (in.simulated() && r.hasPlan() ? " <a href=\"#simulation\">Simulation</a>" : "")
                + (in.sweep() != null ? " <a href=\"#sweep\">Sweep</a>" : "")
                + (in.pareto() != null ? " <a href=\"#pareto\">Pareto front</a>" : "") + "</nav>\n");
        summary(h, in);
        if (r.hasPlan()) {
            partitioning(h, problem, r);
            if (in.schedule() != null) {
                scheduleTimeline(h, problem, r, in.schedule());
            } else {
                timeline(h, problem, r);
            }
            costs(h, problem, r);
            if (in.simulated()) {
                simulation(h, in);
            }
        } else {
            h.paragraph("There is no plan to draw: " + r.status() + (r.message().isEmpty() ? "" : " (" + r.message()
                    + ")") + ".", "warning");
        }
        if (in.sweep() != null) {
            sweep(h, problem, in.sweep());
        }
        if (in.pareto() != null) {
            pareto(h, in);
        }
        glossary(h, in);
        return "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n"
                + "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                + "<title>" + Markup.escape(title) + "</title>\n<style>\n" + Style.CSS + "</style>\n</head>\n<body>\n"
                + "<main>\n" + h.body() + "</main>\n</body>\n</html>\n";
    }

    private static void summary(Html h, Inputs in) {
        Problem problem = in.problem();
        SolveResult r = in.result();
        Network n = problem.network();
        Hardware hw = problem.hardware();
        MappedGraph g = problem.graph();
        h.heading(2, "summary", "Summary");
        long need = g.crossbarsNeeded();
        StringBuilder story = new StringBuilder();
        story.append(n.name()).append(" needs ").append(Units.count(need)).append(" crossbars to hold all its weights; ")
                .append(hw.name()).append(" has ").append(Units.count(hw.crossbars())).append(need > hw.crossbars()
                        ? String.format(" (%.1fx fewer), so the network is cut into partitions. ", (double) need / hw.crossbars())
                        : ", so it fits at once and the spare crossbars hold replicas of the slowest layers. ");
        if (r.hasPlan()) {
            Evaluation e = r.evaluation();
            story.append("The chip is programmed with one partition's weights, runs the whole batch of ")
                    .append(problem.batch()).append(" inputs through it, then is reprogrammed with the next. ")
                    .append(r.formulation()).append(" found ").append(r.plan().size()).append(r.plan().size() == 1
                            ? " partition" : " partitions").append(" optimizing ").append(problem.objective().label())
                    .append(": a batch takes ").append(Units.seconds(e.latencySeconds())).append(" (")
                    .append(Units.number(e.throughput())).append(" inferences/s) and ")
                    .append(Units.joules(e.energyJoules())).append('.');
            for (SolveResult b : in.baselines()) {
                if (b.hasPlan()) {
                    story.append(' ').append(capitalize(b.formulation())).append(" baseline: ")
                            .append(Units.ratio(b.evaluation().latencySeconds() / e.latencySeconds()))
                            .append(" the latency, ").append(Units.ratio(b.evaluation().edp() / e.edp()))
                            .append(" the EDP.");
                }
            }
            if (in.schedule() != null) {
                ScheduleEvaluation se = in.schedule().evaluation();
                story.append(" Scheduling the writes (mode ").append(in.schedule().mode().label())
                        .append(": ").append(modeText(in.schedule())).append(") brings the batch to ")
                        .append(Units.seconds(se.makespanSeconds())).append(", ").append(Units.ratio(se.speedup()))
                        .append(" faster than the ").append(Units.seconds(se.phaseSeconds()))
                        .append(" of the v1 phases (").append(Units.seconds(se.savedSeconds())).append(" of overlap).");
            }
            if (in.simulation() != null) {
                double sim = in.simulation().latencySeconds();
                story.append(" The simulator runs the plan in v1 phases in ").append(Units.seconds(sim)).append(" (")
                        .append(PartitionCharts.difference(sim, e.latencySeconds())).append(" against the cost model).");
            } else if (in.simulationViolation() != null) {
                story.append(" The simulator stopped the plan with a violation (see Simulation).");
            }
        } else {
            story.append(r.formulation()).append(" found no plan: ").append(r.status()).append('.');
        }
        h.paragraph(story.toString(), "story");
        h.raw(cards(in));
        List<List<Cell>> rows = new ArrayList<>();
        rows.add(List.of(Cell.of("network"), Cell.json(n.name(), "network.name", n.name()),
                Cell.of(n.size() + " nodes, " + n.weightedNodes().size() + " weighted layers, " + g.size() + " units")));
        rows.add(List.of(Cell.of("weights"), Cell.json(Units.count(n.crossbarWeights()), "network.weights",
                n.crossbarWeights()), Cell.of("held in crossbars")));
        rows.add(List.of(Cell.of("MACs per input"), Cell.json(Units.count(n.macs()), "network.macs", n.macs()),
                Cell.of("conv and linear multiply-accumulates")));
        rows.add(List.of(Cell.of("crossbars needed"), Cell.json(Units.count(need), "network.crossbars_needed", need),
                Cell.of("every layer once, no replicas")));
        rows.add(List.of(Cell.of("chip"), Cell.json(hw.name(), "hardware.name", hw.name()),
                Cell.of(hw.cores() + " cores x " + hw.crossbarsPerCore() + " crossbars of " + hw.crossbarRows() + "x"
                        + hw.crossbarCols() + ", " + hw.cellBits() + "-bit cells, " + hw.weightBits() + "-bit weights")));
        rows.add(List.of(Cell.of("chip crossbars"), Cell.json(Units.count(hw.crossbars()), "hardware.crossbars",
                hw.crossbars()), Cell.of(hw.cores() + " cores")));
        rows.add(List.of(Cell.of("batch"), Cell.json(Integer.toString(problem.batch()), "batch", problem.batch()),
                Cell.of("inputs per run of each partition")));
        rows.add(List.of(Cell.of("objective"), Cell.json(problem.objective().label(), "objective.name",
                problem.objective().label()), Cell.of(problem.pipeline().label() + " pipeline, replication "
                + problem.replication().factors())));
        rows.add(List.of(Cell.of("status"), Cell.json(r.status().name(), "status", r.status().name()),
                Cell.of(r.status().name().equals("OPTIMAL") ? "proven optimal in the " + r.space().label() + " space"
                        : r.message())));
        rows.add(List.of(Cell.of("objective value"), Cell.json(Units.number(r.objective()), "objective.value",
                r.objective()), Cell.of(objectiveUnit(problem))));
        rows.add(List.of(Cell.of("bound"), Cell.json(Units.number(r.bound()), "objective.bound", r.bound()),
                Cell.of("best proven bound")));
        rows.add(List.of(Cell.of("gap"), Cell.json(Units.percent(r.gap()), "objective.gap", r.gap()),
                Cell.of("|value - bound| / |value|")));
        if (in.schedule() != null) {
            ScheduleResult s = in.schedule();
            String k = "schedule_summary.";
            rows.add(List.of(Cell.of("schedule"), Cell.json(s.mode().label(), k + "mode", s.mode().label()),
                    Cell.of(modeText(s))));
            rows.add(List.of(Cell.of("schedule status"), Cell.json(s.status().name(), k + "status", s.status().name()),
                    Cell.of(s.message() + ", " + Units.seconds(s.seconds()))));
            rows.add(List.of(Cell.of("scheduled makespan"), Cell.json(Units.seconds(s.makespanSeconds()),
                    k + "makespan_s", s.makespanSeconds()), Cell.of(Units.ratio(s.evaluation().speedup())
                    + " faster than the v1 phases, " + Units.seconds(s.evaluation().savedSeconds()) + " saved")));
            rows.add(List.of(Cell.of("v1 phase latency"), Cell.json(Units.seconds(s.evaluation().phaseSeconds()),
                    k + "phase_latency_s", s.evaluation().phaseSeconds()), Cell.of("the same plan without overlap")));
            rows.add(List.of(Cell.of("makespan bound"), Cell.json(Units.seconds(s.boundSeconds()), k + "bound_s",
                    s.boundSeconds()), Cell.of("proven lower bound on the makespan")));
        }
        if (in.simulation() != null) {
            SimulationResult sim = in.simulation();
            rows.add(List.of(Cell.of("simulated latency"), Cell.json(Units.seconds(sim.latencySeconds()),
                    "simulation.latency_s", sim.latencySeconds()), Cell.of(PartitionCharts.difference(
                    sim.latencySeconds(), r.evaluation().latencySeconds()) + " against the cost model, "
                    + Units.count(sim.events()) + " events")));
        } else if (in.simulationViolation() != null) {
            rows.add(List.of(Cell.of("simulation"), Cell.of("violation"), Cell.of(in.simulationViolation())));
        }
        h.table("The problem and the result", List.of("what", "value", "details"), rows);
        if (r.hasPlan()) {
            comparison(h, in);
        }
    }

    private static String cards(Inputs in) {
        Problem problem = in.problem();
        SolveResult r = in.result();
        StringBuilder sb = new StringBuilder("<div class=\"cards\">\n");
        String gap = Double.isFinite(r.gap()) ? "gap " + Units.percent(r.gap()) : "gap unknown";
        card(sb, "status", r.status().name(), gap, r.status().name().equals("OPTIMAL") ? "good" : "warn");
        if (r.hasPlan()) {
            Evaluation e = r.evaluation();
            card(sb, "latency per batch", Units.seconds(e.latencySeconds()), "batch of " + problem.batch()
                    + (in.schedule() != null || in.simulated() ? ", v1 phases" : ""), null);
            if (in.schedule() != null) {
                ScheduleEvaluation se = in.schedule().evaluation();
                card(sb, "scheduled makespan", Units.seconds(se.makespanSeconds()), Units.ratio(se.speedup())
                        + " faster, " + in.schedule().mode().label() + " overlap", "good");
            }
            if (in.simulation() != null) {
                card(sb, "simulated latency", Units.seconds(in.simulation().latencySeconds()),
                        PartitionCharts.difference(in.simulation().latencySeconds(), e.latencySeconds())
                                + " vs cost model", null);
            } else if (in.simulationViolation() != null) {
                card(sb, "simulation", "violation", "see Simulation", "warn");
            }
            card(sb, "throughput", Units.number(e.throughput()) + " /s", "inferences per second", null);
            card(sb, "energy per batch", Units.joules(e.energyJoules()), Units.joules(e.energyJoules() / problem.batch())
                    + " per inference", null);
            card(sb, "EDP", Units.number(e.edp()) + " J s", "energy x latency", null);
            card(sb, "partitions", Integer.toString(r.plan().size()), Units.count(e.rowsWritten()) + " rows written", null);
            card(sb, "DRAM traffic", Units.bytes(e.dramBytes()), "peak " + Units.bytes(e.dramPeakBytes()) + " of activations", null);
            card(sb, "crossbar use", Units.percent(e.crossbarUtilization()), "time-weighted", null);
            card(sb, "lifetime", Units.duration(e.lifetimeSeconds()), Units.number(e.cellWritesPerSecond())
                    + " writes per cell per second (endurance " + Units.cycles(problem.hardware().enduranceCycles())
                    + ", ideal wear levelling)", null);
            org.compass.solver.TokenMetrics tk = e.tokens();
            if (tk != null) {
                boolean prefill = tk.phase().kind() == org.compass.model.problem.InferencePhase.Kind.PREFILL;
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

    private static void card(StringBuilder sb, String label, String value, String note, String cls) {
        sb.append("<div class=\"card").append(cls == null ? "" : " " + cls).append("\"><div class=\"card-label\">")
                .append(Markup.escape(label)).append("</div><div class=\"card-value\">").append(Markup.escape(value))
                .append("</div><div class=\"card-note\">").append(Markup.escape(note)).append("</div></div>\n");
    }

    private static void comparison(Html h, Inputs in) {
        SolveResult best = in.result();
        Evaluation b = best.evaluation();
        List<List<Cell>> rows = new ArrayList<>();
        rows.add(comparisonRow(best, b, "metrics."));
        for (SolveResult r : in.baselines()) {
            if (r.hasPlan()) {
                rows.add(comparisonRow(r, b, "baselines." + r.formulation() + "."));
            }
        }
        h.table("How the result compares with the paper's baselines (ratios: baseline / " + best.formulation()
                        + "; above 1 means " + best.formulation() + " is better)",
                List.of("formulation", "status", "partitions", "latency", "throughput /s", "energy", "EDP (J s)",
                        "latency ratio", "energy ratio", "EDP ratio"), rows);
    }

    private static List<Cell> comparisonRow(SolveResult r, Evaluation best, String prefix) {
        Evaluation e = r.evaluation();
        boolean main = prefix.equals("metrics.");
        return List.of(Cell.of(r.formulation()), Cell.of(r.status()),
                main ? Cell.of(r.plan().size()) : Cell.json(Integer.toString(r.plan().size()), prefix + "partitions", r.plan().size()),
                Cell.json(Units.seconds(e.latencySeconds()), prefix + "latency_s", e.latencySeconds()),
                Cell.json(Units.number(e.throughput()), prefix + "throughput_ips", e.throughput()),
                Cell.json(Units.joules(e.energyJoules()), prefix + "energy_j", e.energyJoules()),
                Cell.json(Units.number(e.edp()), prefix + "edp_js", e.edp()),
                Cell.number(Units.ratio(e.latencySeconds() / best.latencySeconds()), e.latencySeconds() / best.latencySeconds()),
                Cell.number(Units.ratio(e.energyJoules() / best.energyJoules()), e.energyJoules() / best.energyJoules()),
                Cell.number(Units.ratio(e.edp() / best.edp()), e.edp() / best.edp()));
    }

    private static void partitioning(Html h, Problem problem, SolveResult r) {
        h.heading(2, "dag", "Partitioning: the network as a graph");
        h.paragraph("Each box is a layer, in dependence order from left to right and row by row; its area grows "
                + "with the crossbars it needs (the small white boxes, such as pooling and additions, need none). "
                + "The colour is the partition it runs in. Red dashed edges cross partitions, so their tensor goes "
                + "through DRAM; the label gives its bytes for the batch. A dark badge (x4) counts replicas: copies "
                + "of a layer that share its work so that the slowest pipeline stage is shorter.");
        h.figure(DagDiagram.draw(problem, r.plan(), WIDTH), "Hover over a box or an edge for its numbers; byte labels that "
                + "would cover a box or another label are left out (the partition table has every DRAM transfer).");
        List<List<Cell>> rows = new ArrayList<>();
        MappedGraph g = problem.graph();
        int chip = problem.hardware().crossbars();
        for (int p = 0; p < r.plan().size(); p++) {
            Partition part = r.plan().partitions().get(p);
            PartitionCost c = r.evaluation().partitions().get(p);
            String k = "partitions." + p + ".";
            String first = g.unit(part.units().get(0)).name();
            String last = g.unit(part.units().get(part.size() - 1)).name();
            int maxR = part.replication().stream().mapToInt(Integer::intValue).max().orElse(1);
            long in = (long) problem.batch() * c.load().inBytes();
            long out = (long) problem.batch() * c.load().outBytes();
            rows.add(List.of(Cell.of("P" + p), Cell.of(part.size() == 1 ? first : first + " .. " + last),
                    Cell.of(part.size()),
                    Cell.json(Units.count(c.load().crossbars()), k + "crossbars", c.load().crossbars()),
                    Cell.of(Units.percent((double) c.load().crossbars() / chip)), Cell.of(maxR),
                    Cell.json(Units.count(c.load().rowsWritten()), k + "rows_written", c.load().rowsWritten()),
                    Cell.json(Units.bytes(in), k + "in_bytes", in), Cell.json(Units.bytes(out), k + "out_bytes", out)));
        }
        h.table("Partitions in execution order (in/out: activation bytes the batch loads from and stores to DRAM)",
                List.of("partition", "layers", "units", "crossbars", "of chip", "max replicas", "rows written",
                        "DRAM in", "DRAM out"), rows);
        h.details("Every layer: partition, crossbars and replicas (" + g.size() + " units)", () -> {
            List<List<Cell>> units = new ArrayList<>();
            int[] part = r.plan().partitionOfUnits(g.size());
            int[] rep = r.plan().replicationOfUnits(g.size());
            int[] rank = DagDiagram.ranks(g);
            for (Unit u : g.units()) {
                units.add(List.of(Cell.of(u.id()), Cell.of(u.name()), Cell.of(u.kind().name().toLowerCase()),
                        Cell.of("P" + part[u.id()]), Cell.of(rank[u.id()]), Cell.of(u.crossbars()),
                        Cell.of(u.weighted() ? rep[u.id()] : 0), Cell.of(Units.count(u.mvmSteps())),
                        Cell.of(Units.bytes(g.tensor(u.outputTensor()).bytes()))));
            }
            h.table(null, List.of("unit", "layer", "kind", "partition", "rank (x)", "crossbars", "replicas",
                    "MVM steps / input", "output / input"), units);
        });
    }

    private static void timeline(Html h, Problem problem, SolveResult r) {
        h.heading(2, "timeline", "Timeline: what each core does");
        h.paragraph("Each partition first writes its weights into the crossbars (orange) while they stream from DRAM, "
                + "then runs the batch (blue) while activations move to and from DRAM (purple). The next partition "
                + "starts when both are done. Durations are the cost model's phases; which core holds which layer "
                + "is drawn by packing each partition's crossbars onto the cores in layer order, since the v1 model "
                + "does not place layers on cores. Grey cores hold nothing in that partition.");
        List<Bar> bars = PhaseTimeline.bars(problem, r.plan(), r.evaluation());
        h.figure(Timeline.draw(bars, WIDTH, "per-core timeline of one batch"), null);
        phaseTable(h, r, bars);
    }

    private static void phaseTable(Html h, SolveResult r, List<Bar> bars) {
        List<List<Cell>> rows = new ArrayList<>();
        double t = 0;
        // compute bars per partition, counted in one pass (a pass per partition is quadratic at LLM scale)
        int[] computeBars = new int[r.plan().size()];
        for (Bar b : bars) {
            if (b.kind() == Bar.Kind.COMPUTE && b.partition() >= 0 && b.partition() < computeBars.length) {
                computeBars[b.partition()]++;
            }
        }
        String lanes = bars.stream().anyMatch(b -> b.lane().startsWith("cores")) ? " lanes" : " cores";
        for (int p = 0; p < r.plan().size(); p++) {
            PartitionCost c = r.evaluation().partitions().get(p);
            String k = "partitions." + p + ".time_s.";
            int busy = computeBars[p];
            rows.add(List.of(Cell.of("P" + p), Cell.number(Units.seconds(t), t),
                    Cell.json(Units.seconds(c.programSeconds()), k + "program", c.programSeconds()),
                    Cell.json(Units.seconds(c.computeSeconds()), k + "compute", c.computeSeconds()),
                    Cell.json(Units.seconds(c.ioSeconds()), k + "io", c.ioSeconds()),
                    Cell.number(Units.seconds(t + c.seconds()), t + c.seconds()),
                    Cell.of(busy + lanes)));
            t += c.seconds();
        }
        h.table("Phases of each partition (end = start + program + max(compute, I/O))",
                List.of("partition", "start", "program", "compute", "DRAM I/O", "end", "busy"), rows);
    }

    private static void scheduleTimeline(Html h, Problem problem, SolveResult r, ScheduleResult s) {
        h.heading(2, "timeline", "Timeline: the write schedule (" + s.mode().label() + ")");
        ScheduleEvaluation se = s.evaluation();
        h.paragraph("One bar per activity of the schedule: crossbar writes (orange) on the core whose write ports "
                + "they use, each weighted layer's pipeline stage running the batch (blue), and the DRAM channel "
                + "(purple) loading weights and moving activations. The schedule model does not place a layer's "
                + "crossbars on cores (like the v1 cost model), so stages have lanes of their own; stages that run "
                + "at the same time are stacked on extra lanes. The band on top shows when each partition computes "
                + "(with prefetch its writes start earlier, under the partitions before it). Makespan "
                + Units.seconds(se.makespanSeconds()) + " against " + Units.seconds(se.phaseSeconds())
                + " in the v1 phases (" + Units.ratio(se.speedup()) + " faster).");
        List<Bar> bars = ScheduleTimeline.bars(problem.graph(), problem.hardware().cores(), s.schedule());
        h.figure(Timeline.draw(bars, ScheduleTimeline.bands(s.schedule(), s.plan().size()), WIDTH,
                "per-core timeline of the write schedule"), "Hover over a bar for the layer, its rows or bytes "
                + "and its times. " + s.schedule().records().size() + " records: "
                + countOf(s, ScheduleRecord.Kind.WRITE) + " writes, "
                + countOf(s, ScheduleRecord.Kind.STAGE) + " stages, "
                + (s.schedule().records().size() - countOf(s, ScheduleRecord.Kind.WRITE)
                - countOf(s, ScheduleRecord.Kind.STAGE)) + " DRAM transfers.");
        List<List<Cell>> rows = new ArrayList<>();
        for (int p = 0; p < se.partitions().size(); p++) {
            ScheduleEvaluation.PartitionTiming pt = se.partitions().get(p);
            String k = "schedule_summary.partitions." + p + ".";
            rows.add(List.of(Cell.of("P" + p),
                    Cell.json(Units.seconds(pt.phaseSeconds()), k + "phase_s", pt.phaseSeconds()),
                    Cell.json(Units.seconds(pt.startSeconds()), k + "start_s", pt.startSeconds()),
                    Cell.json(Units.seconds(pt.finishSeconds()), k + "finish_s", pt.finishSeconds()),
                    Cell.json(Units.seconds(pt.savedSeconds()), k + "saved_s", pt.savedSeconds()),
                    Cell.of(span(s, p, ScheduleRecord.Kind.WRITE)),
                    Cell.of(span(s, p, ScheduleRecord.Kind.STAGE))));
        }
        rows.add(List.of(Cell.of("all"), Cell.json(Units.seconds(se.phaseSeconds()), "schedule_summary.phase_latency_s",
                se.phaseSeconds()), Cell.number(Units.seconds(0), 0), Cell.json(Units.seconds(se.makespanSeconds()),
                "schedule_summary.makespan_s", se.makespanSeconds()), Cell.number(Units.seconds(se.savedSeconds()),
                se.savedSeconds()), Cell.of(""), Cell.of("")));
        h.table("When each partition runs in the schedule (saved: v1 time minus what it adds to the makespan)",
                List.of("partition", "v1 time", "first record", "finish", "saved", "writes", "stages"), rows);
        h.details("The same plan in the v1 phases (no overlap)", () -> phaseTable(h, r,
                PhaseTimeline.bars(problem, r.plan(), r.evaluation())));
    }

    private static int countOf(ScheduleResult s, ScheduleRecord.Kind kind) {
        return s.schedule().ofKind(kind).size();
    }

    private static String span(ScheduleResult s, int partition, ScheduleRecord.Kind kind) {
        double from = Double.POSITIVE_INFINITY;
        double to = 0;
        for (ScheduleRecord r : s.schedule().records()) {
            if (r.partition() == partition && r.kind() == kind) {
                from = Math.min(from, r.start());
                to = Math.max(to, r.end());
            }
        }
        return from == Double.POSITIVE_INFINITY ? "-" : Units.seconds(from) + " \u2013 " + Units.seconds(to);
    }

    private static String modeText(ScheduleResult s) {
        return switch (s.mode()) {
            case NONE -> "the v1 phases, no overlap";
            case EARLY -> "a stage starts once its own weights are written";
            case PREFETCH -> "the next partitions' weights are written while one computes";
            case FULL -> "early stage starts and prefetched writes";
        };
    }

    private static void simulation(Html h, Inputs in) {
        SolveResult r = in.result();
        h.heading(2, "simulation", "Simulation: the plan on the crossbar simulator");
        if (in.simulation() == null) {
            h.paragraph("The simulator stopped the plan: " + in.simulationViolation(), "warning");
            return;
        }
        SimulationResult sim = in.simulation();
        Evaluation e = r.evaluation();
        h.paragraph("The simulator lowers the plan to per-core programs and runs them event by event, deriving every "
                + "time from the hardware parameters without the cost model. It runs the v1 phases (a partition's "
                + "writes start when the previous partition ends; the write schedule above is not simulated), so "
                + "its times are compared with the cost model's. Its pipeline fill is the real row-pipeline fill, "
                + "where the cost model charges each layer's whole fill, so heavily replicated partitions come out "
                + "faster in the simulator.");
        List<double[]> model = new ArrayList<>();
        List<double[]> simulated = new ArrayList<>();
        List<Bar> bars = new ArrayList<>();
        List<Timeline.Band> bands = new ArrayList<>();
        double t = 0;
        for (int p = 0; p < e.partitions().size(); p++) {
            PartitionCost c = e.partitions().get(p);
            PartitionTrace pt = sim.partitions().get(p);
            model.add(new double[] {c.programSeconds(), c.seconds()});
            simulated.add(new double[] {pt.programDoneSeconds() - pt.startSeconds(), pt.seconds()});
            bars.add(new Bar("cost model", Bar.Kind.WRITE, p, t, t + c.programSeconds(), "P" + p + " program"));
            bars.add(new Bar("cost model", Bar.Kind.COMPUTE, p, t + c.programSeconds(), t + c.seconds(),
                    "P" + p + " compute and I/O"));
            t += c.seconds();
        }
        for (PartitionTrace pt : sim.partitions()) {
            int p = pt.partition();
            bars.add(new Bar("simulated", Bar.Kind.WRITE, p, pt.startSeconds(), pt.programDoneSeconds(),
                    "P" + p + " program"));
            bars.add(new Bar("simulated", Bar.Kind.SIMULATED, p, pt.programDoneSeconds(), pt.endSeconds(),
                    "P" + p + " run"));
            bands.add(new Timeline.Band(p, pt.startSeconds(), pt.endSeconds(), "simulated partition " + p + ": "
                    + Units.seconds(pt.startSeconds()) + " to " + Units.seconds(pt.endSeconds())));
        }
        h.figure(PartitionCharts.simulated(model, simulated, WIDTH), "Beside each pair: the simulated time and its "
                + "difference from the cost model's (simulated / model - 1).");
        h.figure(Timeline.draw(bars, bands, WIDTH, "cost model and simulated timelines of one batch"),
                "The simulated partitions on top; the dotted lines mark where each starts in the simulator. The "
                + "simulator reports per-partition times, not per-core ones, so this is one lane each.");
        List<List<Cell>> rows = new ArrayList<>();
        for (int p = 0; p < e.partitions().size(); p++) {
            double m = e.partitions().get(p).seconds();
            double s = sim.partitions().get(p).seconds();
            PartitionTrace pt = sim.partitions().get(p);
            rows.add(List.of(Cell.of("P" + p), Cell.json(Units.seconds(m), "partitions." + p + ".time_s.total", m),
                    Cell.json(Units.seconds(s), "simulation.partition_latency_s." + p, s),
                    Cell.number(PartitionCharts.difference(s, m), m == 0 ? 0 : s / m - 1),
                    Cell.number(Units.seconds(pt.programDoneSeconds() - pt.startSeconds()),
                            pt.programDoneSeconds() - pt.startSeconds()),
                    Cell.number(Units.seconds(pt.endSeconds()), pt.endSeconds())));
        }
        rows.add(List.of(Cell.of("all"), Cell.json(Units.seconds(e.latencySeconds()), "metrics.latency_s",
                e.latencySeconds()), Cell.json(Units.seconds(sim.latencySeconds()), "simulation.latency_s",
                sim.latencySeconds()), Cell.number(PartitionCharts.difference(sim.latencySeconds(), e.latencySeconds()),
                sim.latencySeconds() / e.latencySeconds() - 1), Cell.of(""), Cell.of("")));
        h.table("Latency of each partition and of the batch: cost model and simulator", List.of("partition",
                "cost model", "simulated", "difference", "simulated program", "simulated end"), rows);
        List<List<Cell>> totals = new ArrayList<>();
        totals.add(simRow("energy", Units.joules(e.energyJoules()), "metrics.energy_j", e.energyJoules(),
                Units.joules(sim.energyJoules()), "simulation.energy_j", sim.energyJoules()));
        totals.add(simRow("DRAM bytes", Units.bytes(e.dramBytes()), "metrics.dram_bytes", e.dramBytes(),
                Units.bytes(sim.dramBytes()), "simulation.dram_bytes", sim.dramBytes()));
        totals.add(simRow("DRAM peak", Units.bytes(e.dramPeakBytes()), "metrics.dram_peak_bytes", e.dramPeakBytes(),
                Units.bytes(sim.dramPeakBytes()), "simulation.dram_peak_bytes", sim.dramPeakBytes()));
        totals.add(simRow("rows written", Units.count(e.rowsWritten()), "metrics.rows_written", e.rowsWritten(),
                Units.count(sim.rowsWritten()), "simulation.rows_written", sim.rowsWritten()));
        h.table("Energy and traffic: cost model and simulator", List.of("figure", "cost model", "simulated",
                "difference"), totals);
        h.paragraph("The simulator ran " + Units.count(sim.events()) + " events; the fullest core buffer held "
                + Units.bytes(sim.peakBufferBytes()) + " and the crossbars computed " + Units.percent(
                sim.activeUtilization()) + " of the time. It measures the DRAM peak at every instant, the cost model "
                + "only at partition boundaries, so its peak can be higher.");
    }

    private static List<Cell> simRow(String what, String modelText, String modelKey, double model, String simText,
                                     String simKey, double sim) {
        return List.of(Cell.of(what), Cell.json(modelText, modelKey, model), Cell.json(simText, simKey, sim),
                Cell.number(PartitionCharts.difference(sim, model), model == 0 ? 0 : sim / model - 1));
    }

    private static void costs(Html h, Problem problem, SolveResult r) {
        h.heading(2, "costs", "Time and energy of each partition");
        List<PartitionCost> costs = r.evaluation().partitions();
        h.figure(PartitionCharts.time(costs, WIDTH), "Compute and DRAM I/O overlap, so a partition takes program + "
                + "the longer of the two.");
        h.figure(PartitionCharts.energy(costs, WIDTH), null);
        List<List<Cell>> rows = new ArrayList<>();
        for (int p = 0; p < costs.size(); p++) {
            PartitionCost c = costs.get(p);
            String k = "partitions." + p + ".";
            rows.add(List.of(Cell.of("P" + p), Cell.json(Units.seconds(c.seconds()), k + "time_s.total", c.seconds()),
                    Cell.number(Units.joules(c.writeJoules()), c.writeJoules()),
                    Cell.number(Units.joules(c.dramJoules()), c.dramJoules()),
                    Cell.number(Units.joules(c.mvmJoules()), c.mvmJoules()),
                    Cell.number(Units.joules(c.staticJoules()), c.staticJoules()),
                    Cell.json(Units.joules(c.joules()), k + "energy_j", c.joules())));
        }
        Evaluation e = r.evaluation();
        String k = "metrics.energy_breakdown_j.";
        rows.add(List.of(Cell.of("all"), Cell.json(Units.seconds(e.latencySeconds()), "metrics.latency_s", e.latencySeconds()),
                Cell.json(Units.joules(e.writeJoules()), k + "write", e.writeJoules()),
                Cell.json(Units.joules(e.dramJoules()), k + "dram", e.dramJoules()),
                Cell.json(Units.joules(e.mvmJoules()), k + "mvm", e.mvmJoules()),
                Cell.json(Units.joules(e.staticJoules()), k + "static", e.staticJoules()),
                Cell.json(Units.joules(e.energyJoules()), "metrics.energy_j", e.energyJoules())));
        h.table("Time and energy by partition and component", List.of("partition", "time", "crossbar writes",
                "DRAM", "MVM", "static", "energy"), rows);
    }

    private static void sweep(Html h, Problem problem, Sweep s) {
        h.heading(2, "sweep", "Sweep over " + (s.parameter().equals("batch") ? "the batch size" : "the core count"));
        h.paragraph("Every point is a new solve at that " + s.parameter() + " with the objective "
                + problem.objective().label() + " (so dp's EDP is that of its " + problem.objective().label()
                + "-optimal plan)" + (s.parameter().equals("cores") ? "; static power is scaled with the core count, "
                + "and a missing point means the chip is too small for one column tile of some layer" : "") + ".");
        List<String> categories = s.values().stream().map(String::valueOf).toList();
        List<Charts.Series> thr = new ArrayList<>();
        List<Charts.Series> edp = new ArrayList<>();
        for (String f : Sweep.FORMULATIONS) {
            double[] t = new double[s.values().size()];
            double[] d = new double[s.values().size()];
            for (int i = 0; i < t.length; i++) {
                SolveResult r = s.results().get(i).get(f);
                t[i] = r != null && r.hasPlan() ? r.evaluation().throughput() : Double.NaN;
                d[i] = r != null && r.hasPlan() ? r.evaluation().edp() : Double.NaN;
            }
            thr.add(new Charts.Series(f, Palette.formulation(f), t));
            edp.add(new Charts.Series(f, Palette.formulation(f), d));
        }
        h.figure(Charts.lines("Throughput (higher is better)", categories, s.parameter(), "inferences/s",
                v -> Axis.tick(v, ""), thr, WIDTH, 330), null);
        h.figure(Charts.lines("Energy-delay product (lower is better)", categories, s.parameter(), "EDP (J s)",
                Axis::compact, edp, WIDTH, 330), null);
        List<List<Cell>> rows = new ArrayList<>();
        for (int i = 0; i < s.values().size(); i++) {
            List<Cell> row = new ArrayList<>();
            row.add(Cell.of(s.values().get(i)));
            SolveResult dp = s.results().get(i).get("dp");
            row.add(dp != null && dp.hasPlan() ? Cell.of(dp.plan().size()) : Cell.of("-"));
            for (boolean throughput : new boolean[] {true, false}) {
                for (String f : Sweep.FORMULATIONS) {
                    SolveResult r = s.results().get(i).get(f);
                    if (r == null || !r.hasPlan()) {
                        row.add(Cell.of(r == null ? "does not fit" : r.status().name()));
                    } else if (throughput) {
                        row.add(Cell.number(Units.number(r.evaluation().throughput()), r.evaluation().throughput()));
                    } else {
                        row.add(Cell.number(Units.number(r.evaluation().edp()), r.evaluation().edp()));
                    }
                }
            }
            rows.add(row);
        }
        List<String> header = new ArrayList<>(List.of(s.parameter(), "dp partitions"));
        for (String f : Sweep.FORMULATIONS) {
            header.add(f + " inferences/s");
        }
        for (String f : Sweep.FORMULATIONS) {
            header.add(f + " EDP (J s)");
        }
        h.table("Every point of the sweep", header, rows);
    }

    private static void pareto(Html h, Inputs in) {
        ParetoFront front = in.pareto();
        h.heading(2, "pareto", "Latency-energy trade-off (Pareto front)");
        h.paragraph("Each blue dot is a contiguous plan that no other contiguous plan beats in both latency and "
                + "energy (found by the exact dynamic program). The ringed points are the chosen plan and the "
                + "baselines; the chart is zoomed on the front, so far-away baselines are listed beside it.");
        List<Charts.Point> points = new ArrayList<>();
        double maxT = 0;
        double maxE = 0;
        for (int i = 0; i < front.points().size(); i++) {
            Evaluation e = front.points().get(i).evaluation();
            maxT = Math.max(maxT, e.latencySeconds());
            maxE = Math.max(maxE, e.energyJoules());
            points.add(new Charts.Point(e.latencySeconds(), e.energyJoules(), Palette.DP, 3.5, "front point " + i + ": "
                    + Units.seconds(e.latencySeconds()) + ", " + Units.joules(e.energyJoules()) + ", "
                    + front.points().get(i).plan().size() + " partitions"));
        }
        List<Charts.Point> marks = new ArrayList<>();
        List<String[]> legend = new ArrayList<>();
        legend.add(new String[] {"Pareto front", Palette.DP});
        List<SolveResult> all = new ArrayList<>();
        if (in.result().hasPlan()) {
            all.add(in.result());
            Evaluation c = in.result().evaluation();
            maxT = Math.max(maxT, c.latencySeconds());
            maxE = Math.max(maxE, c.energyJoules());
        }
        all.addAll(in.baselines());
        for (SolveResult r : all) {
            if (!r.hasPlan()) {
                continue;
            }
            Evaluation e = r.evaluation();
            boolean chosen = r == in.result();
            String colour = chosen ? "#111111" : Palette.formulation(r.formulation());
            String name = chosen ? r.formulation() + " (chosen)" : r.formulation();
            String where = Units.seconds(e.latencySeconds()) + ", " + Units.joules(e.energyJoules());
            if (chosen || (e.latencySeconds() <= 2 * maxT && e.energyJoules() <= 2 * maxE)) {
                marks.add(new Charts.Point(e.latencySeconds(), e.energyJoules(), colour, 6, name + ": " + where));
                legend.add(new String[] {name, colour});
            } else {
                legend.add(new String[] {name + " (off chart: " + where + ")", colour});
            }
        }
        h.figure(Charts.scatter("Energy against latency of one batch", "latency per batch", "energy per batch",
                v -> Axis.tick(v, "s"), v -> Axis.tick(v, "J"), points, marks, legend, WIDTH, 380), null);
        if (in.result().hasPlan()) {
            Evaluation c = in.result().evaluation();
            for (int i = 0; i < front.points().size(); i++) {
                Evaluation e = front.points().get(i).evaluation();
                if (e.latencySeconds() <= c.latencySeconds() && e.energyJoules() < c.energyJoules()) {
                    h.paragraph("Front point " + i + " is as fast as the chosen plan and needs "
                            + Units.percent(1 - e.energyJoules() / c.energyJoules()) + " less energy: the objective "
                            + in.problem().objective().label() + " does not look at energy, so among equally fast "
                            + "plans the chosen one is arbitrary. Optimize edp or energy to pick on the front.", "warning");
                    break;
                }
            }
        }
        List<List<Cell>> rows = new ArrayList<>();
        for (int i = 0; i < front.points().size(); i++) {
            ParetoFront.Point p = front.points().get(i);
            rows.add(paretoRow("front " + i, p.plan().size(), p.evaluation()));
        }
        for (SolveResult r : all) {
            if (r.hasPlan()) {
                rows.add(paretoRow(r == in.result() ? r.formulation() + " (chosen)" : r.formulation(), r.plan().size(),
                        r.evaluation()));
            }
        }
        h.table("The " + front.points().size() + " plans on the front, fastest first, then the chosen plan and the "
                + "baselines", List.of("plan", "partitions", "latency", "throughput /s", "energy", "EDP (J s)"), rows);
    }

    private static List<Cell> paretoRow(String name, int partitions, Evaluation e) {
        return List.of(Cell.of(name), Cell.of(partitions), Cell.number(Units.seconds(e.latencySeconds()),
                e.latencySeconds()), Cell.number(Units.number(e.throughput()), e.throughput()),
                Cell.number(Units.joules(e.energyJoules()), e.energyJoules()), Cell.number(Units.number(e.edp()), e.edp()));
    }

    private static void glossary(Html h, Inputs in) {
        h.heading(2, "terms", "Terms");
        h.raw("<dl>\n");
        term(h, "crossbar", "an array of memory cells that holds part of a layer's weights and multiplies a vector by "
                + "them in one step (MVM). A chip has a fixed number of them, spread over cores.");
        term(h, "partition", "a group of consecutive layers whose weights are on the chip at the same time. "
                + "Partitions run one after another; between them the crossbars are rewritten.");
        term(h, "replica", "an extra copy of a layer's weights, so several inputs' rows go through it at once: it "
                + "shortens the slowest pipeline stage at the price of crossbars.");
        term(h, "program / compute / DRAM I/O", "the three phases of a partition: writing its weights, running the "
                + "batch through its layer pipeline, and moving the activations that cross partitions to and from DRAM.");
        term(h, "EDP", "energy-delay product, energy times latency of one batch: lower is better for both at once.");
        term(h, "greedy, layerwise", "the baselines of the COMPASS paper: fill the chip layer by layer, or one layer "
                + "per partition.");
        if (in.schedule() != null) {
            term(h, "write schedule, makespan", "a timed plan of every weight load, crossbar write, pipeline stage and "
                    + "activation transfer that lets writes overlap computation (early stage starts, prefetched "
                    + "writes); its makespan is the batch latency it achieves, against the v1 phases.");
        }
        if (in.simulated()) {
            term(h, "simulator", "an event-by-event model of the chip that runs per-core programs lowered from the "
                    + "plan and checks them; it does not use the cost model, so agreement is evidence.");
        }
        h.raw("</dl>\n");
    }

    private static void term(Html h, String term, String text) {
        h.raw("<dt>" + Markup.escape(term) + "</dt><dd>" + Markup.escape(text) + "</dd>\n");
    }

    private static String objectiveUnit(Problem problem) {
        return switch (problem.objective()) {
            case THROUGHPUT -> "inferences per second";
            case LATENCY -> "seconds per batch";
            case ENERGY -> "joules per batch";
            case EDP -> "joule seconds";
        };
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
