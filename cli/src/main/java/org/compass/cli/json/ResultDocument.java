package org.compass.cli.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.problem.InferencePhase;
import org.compass.model.problem.Problem;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.cost.PartitionCost;
import org.compass.solver.SolveResult;
import org.compass.solver.cost.TokenMetrics;

/**
 * The JSON result of {@code compass-solve --json}: one record component per key, in the order written (key
 * names are the contract scripts rely on, docs/report.md). Optional parts are left out when absent: the message
 * when empty, the metrics and partitions without a plan, the baselines with {@code --no-baselines}, the
 * simulation without {@code --simulate}, the schedule without {@code --schedule}.
 *
 * @param status              OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN, ...
 * @param formulation         the formulation that solved it
 * @param space               the search space
 * @param solveSeconds        wall time of the solve, seconds
 * @param message             the solver's note, if any
 * @param network             the network's size
 * @param hardware            the chip
 * @param batch               inputs per run of each partition
 * @param phase               the language-model inference phase, when the problem is one (docs/llm.md)
 * @param pipeline            row or image
 * @param costModel           the cost model every figure is computed with: v1 or v2 (docs/cost-model.md)
 * @param replicationFactors  the replication factors allowed
 * @param objective           the objective, its value, bound and gap (with {@code --schedule}: at the scheduled
 *                            makespan, and in phases under {@code phases})
 * @param sliceCrossbars      the most crossbars of a layer's column slice when set (left out: slices fill the chip)
 * @param resident            whether the problem allows resident weights ("auto"; left out when it does not)
 * @param metrics             the cost model's figures of the plan (with {@code --schedule}: run by its schedule, the
 *                            latency being the makespan and the static energy charged over it)
 * @param phaseMetrics        with {@code --schedule}: the cost model's figures of the same plan in phases
 * @param residentSet         the plan's resident units and what they hold and save (left out when it keeps none)
 * @param partitions          the plan, partition by partition
 * @param baselines           the baselines' figures by name
 * @param simulation          the simulator's figures ({@code --simulate})
 * @param scheduleSummary     the write schedule's figures ({@code --schedule})
 * @param schedule            the write schedule's records ({@code --schedule})
 */
public record ResultDocument(String status, String formulation, String space, double solveSeconds,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) String message, NetworkFigures network,
                             HardwareFigures hardware, int batch,
                             @JsonInclude(JsonInclude.Include.NON_NULL) PhaseFigures phase, String pipeline, String costModel,
                             List<Integer> replicationFactors,
                             ObjectiveFigures objective,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Integer sliceCrossbars,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String resident,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Metrics metrics,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Metrics phaseMetrics,
                             @JsonInclude(JsonInclude.Include.NON_NULL) ResidentFigures residentSet,
                             @JsonInclude(JsonInclude.Include.NON_NULL) List<PartitionFigures> partitions,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, BaselineFigures> baselines,
                             @JsonInclude(JsonInclude.Include.NON_NULL) SimulationFigures simulation,
                             @JsonInclude(JsonInclude.Include.NON_NULL) ScheduleSummary scheduleSummary,
                             @JsonInclude(JsonInclude.Include.NON_NULL) List<ScheduleEntry> schedule) {

    /**
     * The document of a result, its baselines (none: left out), and the simulation and schedule when they ran
     * (null: left out).
     */
    public static ResultDocument of(Problem problem, SolveResult result, List<SolveResult> baselines,
                                    SimulationFigures simulation, ScheduleSummary summary, List<ScheduleEntry> schedule) {
        List<Scheduled> b = new ArrayList<>();
        for (SolveResult r : baselines) {
            b.add(new Scheduled(r, null, null));
        }
        return of(problem, new Scheduled(result, null, summary), b, simulation, schedule);
    }

    /**
     * The document of a result and its baselines (none: left out), each with its schedule's figures when scheduled
     * ({@code --schedule}): the metrics and the objective are then the scheduled ones, the phase figures beside
     * them ({@code phase_metrics}, {@code objective.phases}).
     */
    public static ResultDocument of(Problem problem, Scheduled main, List<Scheduled> baselines,
                                    SimulationFigures simulation, List<ScheduleEntry> schedule) {
        SolveResult result = main.result();
        Map<String, BaselineFigures> b = null;
        if (!baselines.isEmpty()) {
            b = new LinkedHashMap<>();
            for (Scheduled s : baselines) {
                SolveResult r = s.result();
                if (r.hasPlan()) {
                    b.put(r.formulation(), new BaselineFigures(Metrics.of(r.evaluation()), r.objective(), r.plan().size(),
                            s.phases() == null ? null : Metrics.of(s.phases().evaluation()), s.summary()));
                }
            }
        }
        SolveResult phases = main.phases();
        return new ResultDocument(result.status().name(), result.formulation(), result.space().label(),
                result.seconds(), result.message(), NetworkFigures.of(problem), HardwareFigures.of(problem),
                problem.batch(), PhaseFigures.of(problem), problem.pipeline().label(), problem.costModel().label(),
                problem.replication().factors(),
                new ObjectiveFigures(problem.objective().label(), result.objective(), result.bound(), result.gap(),
                        phases == null ? null : new PhaseObjective(phases.objective(), phases.bound(), phases.gap())),
                problem.sliceCrossbars() > 0 ? problem.sliceCrossbars() : null,
                problem.residentAllowed() ? problem.resident().label() : null,
                result.hasPlan() ? Metrics.of(result.evaluation()) : null,
                phases != null && phases.hasPlan() ? Metrics.of(phases.evaluation()) : null,
                result.hasPlan() ? ResidentFigures.of(problem, result) : null,
                result.hasPlan() ? PartitionFigures.of(problem, result) : null, b, simulation, main.summary(),
                schedule);
    }

    /**
     * What the document is made of for one plan (not written itself): its result, and when it was scheduled, the
     * result at the scheduled makespan in {@code result}, the phase model's in {@code phases} and the schedule's
     * summary; without a schedule {@code phases} and {@code summary} are null.
     */
    public record Scheduled(SolveResult result, SolveResult phases, ScheduleSummary summary) {
    }

    /** The network: nodes, weighted layers, units after tiling, MACs and weights per input, crossbars to hold it. */
    public record NetworkFigures(String name, int nodes, int weightedLayers, int units, long macs, long weights,
                                 long crossbarsNeeded) {
        static NetworkFigures of(Problem problem) {
            MappedGraph g = problem.graph();
            return new NetworkFigures(problem.network().name(), problem.network().size(),
                    problem.network().weightedNodes().size(), g.size(), problem.network().macs(),
                    problem.network().crossbarWeights(), g.crossbarsNeeded());
        }
    }

    /** The chip; {@code endurance_cycles} is null when cells do not wear. */
    public record HardwareFigures(String name, int cores, int crossbars, int crossbarRows, int crossbarCols, int cellBits,
                                  int weightBits, int activationBits, double enduranceCycles) {
        static HardwareFigures of(Problem problem) {
            var hw = problem.hardware();
            return new HardwareFigures(hw.name(), hw.cores(), hw.crossbars(), hw.crossbarRows(), hw.crossbarCols(),
                    hw.cellBits(), hw.weightBits(), hw.activationBits(), hw.enduranceCycles());
        }
    }

    /**
     * The language-model inference phase: its name, the prompt's tokens (prefill) or the cached context's
     * (decode), and the tokens a batch processes.
     */
    public record PhaseFigures(String name, @JsonInclude(JsonInclude.Include.NON_NULL) Long promptTokens,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Long contextTokens, long tokensPerBatch) {
        /** The phase of an LLM problem, null for any other. */
        static PhaseFigures of(Problem problem) {
            InferencePhase phase = problem.phase();
            if (!phase.isLlm()) {
                return null;
            }
            boolean prefill = phase.kind() == InferencePhase.Kind.PREFILL;
            return new PhaseFigures(phase.kind().label(), prefill ? (long) phase.tokens() : null,
                    prefill ? null : (long) phase.tokens(), problem.tokensPerBatch());
        }
    }

    /**
     * The objective's name, the plan's value, the best proven bound and the relative gap (null: not known). With
     * {@code --schedule} the value is the objective at the scheduled makespan and the bound is its value at the
     * schedule's bound (for this plan and mode; after the joint search, over every contiguous plan);
     * {@code phases} then has the solve's figures in the phase model.
     */
    public record ObjectiveFigures(String name, double value, double bound, double gap,
                                   @JsonInclude(JsonInclude.Include.NON_NULL) PhaseObjective phases) {
    }

    /** The solve's objective value, bound and gap in the phase model (with {@code --schedule}). */
    public record PhaseObjective(double value, double bound, double gap) {
    }

    /**
     * The cost model's figures of a plan; {@code lifetime_s} is null when unlimited (no writes, or cells that do
     * not wear). For a language-model phase also the per-token figures (docs/llm.md): tokens per second, joules
     * per token, the time to first token (prefill) or per output token (decode), the KV cache's bytes held,
     * read and appended, rows written per token, and the tokens made in the lifetime (tokens/s x lifetime_s =
     * endurance x chip rows / rows per token, what resident weights raise; null when the lifetime is unlimited);
     * left out for other networks.
     */
    public record Metrics(double latencyS, double throughputIps, double energyJ, double edpJs, long dramBytes,
                          long dramPeakBytes, long rowsWritten, double crossbarUtilization, double cellWritesPerS,
                          double lifetimeS, EnergyBreakdown energyBreakdownJ,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Double tokensPerS,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Double joulesPerToken,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Double timeToFirstTokenS,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Double timePerOutputTokenS,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Long kvCacheBytes,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Long kvReadBytes,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Long kvWriteBytes,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Double rowsWrittenPerToken,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Double tokensPerLifetime) {
        public static Metrics of(Evaluation e) {
            TokenMetrics tk = e.tokens();
            boolean prefill = tk != null && tk.phase().kind() == InferencePhase.Kind.PREFILL;
            return new Metrics(e.latencySeconds(), e.throughput(), e.energyJoules(), e.edp(), e.dramBytes(),
                    e.dramPeakBytes(), e.rowsWritten(), e.crossbarUtilization(), e.cellWritesPerSecond(),
                    e.lifetimeSeconds(), new EnergyBreakdown(e.writeJoules(), e.dramJoules(), e.mvmJoules(),
                    e.staticJoules()),
                    tk == null ? null : tk.tokensPerSecond(), tk == null ? null : tk.joulesPerToken(),
                    prefill ? tk.firstTokenSeconds() : null, tk != null && !prefill ? tk.perTokenSeconds() : null,
                    tk == null ? null : tk.kvCacheBytes(), tk == null ? null : tk.kvReadBytes(),
                    tk == null ? null : tk.kvWriteBytes(), tk == null ? null : tk.rowsWrittenPerToken(),
                    tk == null || Double.isInfinite(e.lifetimeSeconds()) ? null
                            : tk.tokensPerSecond() * e.lifetimeSeconds());
        }
    }

    /**
     * The plan's resident units (docs/llm.md, "Resident weights"): their ids and layers, the crossbars reserved for
     * them and their share of the chip, their weight bytes and share of the network's, the rows and seconds of their
     * one-time write (not in the latency), and the lifetime if they stay where they are ({@code null}: unlimited).
     */
    public record ResidentFigures(int units, List<Integer> unitIds, List<String> layers, long crossbars,
                                  double chipFraction, long weightBytes, double weightFraction, long rowsOnce,
                                  double setupS, double lifetimeFixedS) {
        /** The figures of a result whose plan keeps units resident, null otherwise. */
        static ResidentFigures of(Problem problem, SolveResult result) {
            org.compass.solver.cost.ResidentMetrics m = result.evaluation().resident();
            if (m == null) {
                return null;
            }
            List<String> names = new ArrayList<>();
            for (int u : result.plan().resident()) {
                names.add(problem.graph().unit(u).name());
            }
            return new ResidentFigures(m.units(), result.plan().resident(), names, m.crossbars(), m.chipFraction(),
                    m.weightBytes(), m.weightFraction(), m.rowsOnce(), m.setupSeconds(), m.lifetimeFixedSeconds());
        }
    }

    /** Energy of one batch by component, joules. */
    public record EnergyBreakdown(double write, double dram, double mvm, @JsonProperty("static") double staticPower) {
    }

    /**
     * One partition: its layers and unit ids with their replication, crossbars, rows written, the batch's DRAM
     * activation bytes in and out, its phase times and energy.
     */
    public record PartitionFigures(List<String> layers, List<Integer> units, List<Integer> replication, long crossbars,
                                   long rowsWritten, long inBytes, long outBytes, PartitionTimes timeS,
                                   double energyJ) {
        static List<PartitionFigures> of(Problem problem, SolveResult result) {
            List<PartitionFigures> out = new ArrayList<>();
            List<org.compass.solver.plan.Partition> parts = result.plan().partitions();
            for (int p = 0; p < parts.size(); p++) {
                org.compass.solver.plan.Partition part = parts.get(p);
                PartitionCost c = result.evaluation().partitions().get(p);
                List<String> names = new ArrayList<>();
                for (int u : part.units()) {
                    names.add(problem.graph().unit(u).name());
                }
                out.add(new PartitionFigures(names, part.units(), part.replication(), c.load().crossbars(),
                        c.load().rowsWritten(), problem.batch() * c.load().inBytes(),
                        problem.batch() * c.load().outBytes(),
                        new PartitionTimes(c.programSeconds(), c.computeSeconds(), c.ioSeconds(), c.seconds()),
                        c.joules()));
            }
            return out;
        }
    }

    /** A partition's phases, seconds: total = program + max(compute, io). */
    public record PartitionTimes(double program, double compute, double io, double total) {
    }

    /**
     * A baseline: the metrics of its plan, its objective value and its partition count; with {@code --schedule} its
     * plan is scheduled in the same mode, the metrics and the objective are then the scheduled ones, beside the
     * phase metrics and the schedule's summary.
     */
    public record BaselineFigures(@JsonUnwrapped Metrics metrics, double objective, int partitions,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) Metrics phaseMetrics,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) ScheduleSummary schedule) {
    }

    /**
     * The write schedule's summary: mode, status, makespan against the phase latency, bound (null when there is
     * none), time.
     */
    public record ScheduleSummary(String mode, String status, double makespanS, double phaseLatencyS, Double boundS,
                                  double solveSeconds, String message, List<PartitionTiming> partitions) {
    }

    /** When a partition runs in the schedule, its v1 time and the time its overlap saves, seconds. */
    public record PartitionTiming(double startS, double finishS, double phaseS, double savedS) {
    }

    /**
     * One record of the write schedule: kind, core, partition, unit, start and end in seconds; rows and ports for
     * a write, bytes for a transfer.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScheduleEntry(String kind, int core, int partition, int unit, double startS, double endS,
                                Long rows, Integer ports, Long bytes) {
    }
}
