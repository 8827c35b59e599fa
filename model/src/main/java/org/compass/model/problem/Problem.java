package org.compass.model.problem;

import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.network.Network;
import org.compass.model.network.SizeLimits;

/**
 * One partitioning problem: a network mapped on a chip, a batch size, an objective and the settings of the
 * cost model. Solver settings (time, threads, seed) are kept apart in {@link Limits}.
 *
 * @param minLifetimeSeconds a floor on the chip's lifetime in continuous operation under the plan (seconds; 0 for
 *                           none): a plan is feasible only if endurance x chip rows x latency / rows written per
 *                           batch reaches it ({@code docs/cost-model.md}, "Lifetime")
 * @param phase              the language-model inference phase (prefill of S tokens, or a decode step with L tokens
 *                           cached; {@link InferencePhase#NONE} for other networks): the network is built for it, and
 *                           the batch is then B sequences ({@code docs/llm.md})
 * @param resident           whether plans may keep units resident across batches (decode steps): written once into
 *                           crossbars reserved for them, never rewritten ({@link ResidentMode}; docs/llm.md)
 * @param sliceCrossbars     the most crossbars of one column slice of a layer larger than it (0: the chip's, slices
 *                           that fill the chip); the graph is mapped with it ({@link MappedGraph#build(Network,
 *                           Hardware, int)})
 */
public record Problem(Network network, Hardware hardware, int batch, Objective objective,
                      PipelineMode pipeline, ReplicationSet replication, MappedGraph graph,
                      CostModelVersion costModel, double minLifetimeSeconds, InferencePhase phase,
                      ResidentMode resident, int sliceCrossbars) {

    /** Seconds in a (Julian) year of 365.25 days, the unit of {@code min_lifetime_years}. */
    public static final double YEAR_SECONDS = 365.25 * 86400;

    public Problem {
        if (batch <= 0 || batch > SizeLimits.BATCH) {
            throw new IllegalArgumentException("batch must be 1 to " + SizeLimits.BATCH + ", got " + batch);
        }
        if (!(minLifetimeSeconds >= 0) || Double.isInfinite(minLifetimeSeconds)) {
            throw new IllegalArgumentException("minimum lifetime must be a finite number of seconds >= 0, got "
                    + minLifetimeSeconds);
        }
        if (phase == null) {
            throw new IllegalArgumentException("phase must not be null (InferencePhase.NONE for none)");
        }
        if (resident == null) {
            throw new IllegalArgumentException("resident must not be null (ResidentMode.NONE for none)");
        }
        if (sliceCrossbars < 0) {
            throw new IllegalArgumentException("slice crossbars must be >= 0 (0: the chip's), got " + sliceCrossbars);
        }
    }

    /** A problem whose plans keep no weights resident. */
    public Problem(Network network, Hardware hardware, int batch, Objective objective, PipelineMode pipeline,
                   ReplicationSet replication, MappedGraph graph, CostModelVersion costModel, double minLifetimeSeconds,
                   InferencePhase phase) {
        this(network, hardware, batch, objective, pipeline, replication, graph, costModel, minLifetimeSeconds, phase,
                ResidentMode.NONE, 0);
    }

    /** A problem without a lifetime floor, in the phase the network's graph fixes ({@link InferencePhase#ofGraph}). */
    public Problem(Network network, Hardware hardware, int batch, Objective objective, PipelineMode pipeline,
                   ReplicationSet replication, MappedGraph graph, CostModelVersion costModel, double minLifetimeSeconds) {
        this(network, hardware, batch, objective, pipeline, replication, graph, costModel, minLifetimeSeconds,
                InferencePhase.ofGraph(network));
    }

    /** A problem without a lifetime floor, in the phase the network's graph fixes ({@link InferencePhase#ofGraph}). */
    public Problem(Network network, Hardware hardware, int batch, Objective objective, PipelineMode pipeline,
                   ReplicationSet replication, MappedGraph graph, CostModelVersion costModel) {
        this(network, hardware, batch, objective, pipeline, replication, graph, costModel, 0,
                InferencePhase.ofGraph(network));
    }

    /** Maps the network on the chip and bundles the settings, under {@link CostModelVersion#DEFAULT}. */
    public static Problem of(Network network, Hardware hardware, int batch, Objective objective,
                             PipelineMode pipeline, ReplicationSet replication) {
        return new Problem(network, hardware, batch, objective, pipeline, replication,
                MappedGraph.build(network, hardware), CostModelVersion.DEFAULT);
    }

    /** The same problem with another pipeline mode. */
    public Problem withPipeline(PipelineMode newPipeline) {
        return new Problem(network, hardware, batch, objective, newPipeline, replication, graph, costModel,
                minLifetimeSeconds, phase, resident, sliceCrossbars);
    }

    /** The same problem evaluated with another version of the cost model. */
    public Problem withCostModel(CostModelVersion version) {
        return new Problem(network, hardware, batch, objective, pipeline, replication, graph, version,
                minLifetimeSeconds, phase, resident, sliceCrossbars);
    }

    /** The same problem with another batch size. */
    public Problem withBatch(int newBatch) {
        return new Problem(network, hardware, newBatch, objective, pipeline, replication, graph, costModel,
                minLifetimeSeconds, phase, resident, sliceCrossbars);
    }

    /** The same problem with another objective. */
    public Problem withObjective(Objective newObjective) {
        return new Problem(network, hardware, batch, newObjective, pipeline, replication, graph, costModel,
                minLifetimeSeconds, phase, resident, sliceCrossbars);
    }

    /** The same network and settings on another chip (re-mapped). */
    public Problem withHardware(Hardware newHardware) {
        return of(network, newHardware, batch, objective, pipeline, replication).withCostModel(costModel)
                .withMinLifetime(minLifetimeSeconds).withPhase(phase, network).withResident(resident)
                .withSliceCrossbars(sliceCrossbars);
    }

    /** The same problem with another lifetime floor (seconds; 0 for none). */
    public Problem withMinLifetime(double seconds) {
        return new Problem(network, hardware, batch, objective, pipeline, replication, graph, costModel, seconds,
                phase, resident, sliceCrossbars);
    }

    /**
     * The same settings with an inference phase and the network built for it (re-mapped onto the chip).
     *
     * @param newPhase   the phase
     * @param newNetwork the network built for that phase (a decoder's prefill or decode-step graph)
     */
    public Problem withPhase(InferencePhase newPhase, Network newNetwork) {
        MappedGraph g = newNetwork == network ? graph : MappedGraph.build(newNetwork, hardware, sliceCrossbars);
        return new Problem(newNetwork, hardware, batch, objective, pipeline, replication, g, costModel,
                minLifetimeSeconds, newPhase, resident, sliceCrossbars);
    }

    /** The same problem with plans allowed (AUTO) or not (NONE) to keep weights resident across batches. */
    public Problem withResident(ResidentMode mode) {
        return new Problem(network, hardware, batch, objective, pipeline, replication, graph, costModel,
                minLifetimeSeconds, phase, mode, sliceCrossbars);
    }

    /**
     * The same problem with layers larger than {@code crossbars} split into column slices of at most that many
     * (0: slices that fill the chip), re-mapped.
     */
    public Problem withSliceCrossbars(int crossbars) {
        if (crossbars == sliceCrossbars) {
            return this;
        }
        return new Problem(network, hardware, batch, objective, pipeline, replication,
                MappedGraph.build(network, hardware, crossbars), costModel, minLifetimeSeconds, phase, resident,
                crossbars);
    }

    /** Whether plans may keep units resident across batches. */
    public boolean residentAllowed() {
        return resident == ResidentMode.AUTO;
    }

    /** Tokens one batch pushes through the network: B x S in prefill, B in decode, 0 without a phase. */
    public long tokensPerBatch() {
        return (long) batch * phase.tokensPerSequence();
    }

    /** Whether plans must reach a lifetime: a floor is set and the chip's cells wear. */
    public boolean hasLifetimeLimit() {
        return minLifetimeSeconds > 0 && Double.isFinite(hardware.enduranceCycles());
    }
}
