package org.compass.model.problem;

import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.network.Network;
import org.compass.model.network.SizeLimits;

/**
 * One partitioning problem: a network mapped on a chip, a batch size, an objective and the settings of the
 * cost model. Solver settings (time, threads, seed) are kept apart in {@link Limits}.
 */
public record Problem(Network network, Hardware hardware, int batch, Objective objective,
                      PipelineMode pipeline, ReplicationSet replication, MappedGraph graph,
                      CostModelVersion costModel) {

    public Problem {
        if (batch <= 0 || batch > SizeLimits.BATCH) {
            throw new IllegalArgumentException("batch must be 1 to " + SizeLimits.BATCH + ", got " + batch);
        }
    }

    /** Maps the network on the chip and bundles the settings. */
    public static Problem of(Network network, Hardware hardware, int batch, Objective objective,
                             PipelineMode pipeline, ReplicationSet replication) {
        return new Problem(network, hardware, batch, objective, pipeline, replication,
                MappedGraph.build(network, hardware), CostModelVersion.V1);
    }

    /** The same problem with another pipeline mode. */
    public Problem withPipeline(PipelineMode newPipeline) {
        return new Problem(network, hardware, batch, objective, newPipeline, replication, graph, costModel);
    }

    /** The same problem evaluated with another version of the cost model. */
    public Problem withCostModel(CostModelVersion version) {
        return new Problem(network, hardware, batch, objective, pipeline, replication, graph, version);
    }

    /** The same problem with another batch size. */
    public Problem withBatch(int newBatch) {
        return new Problem(network, hardware, newBatch, objective, pipeline, replication, graph, costModel);
    }

    /** The same problem with another objective. */
    public Problem withObjective(Objective newObjective) {
        return new Problem(network, hardware, batch, newObjective, pipeline, replication, graph, costModel);
    }

    /** The same network and settings on another chip (re-mapped). */
    public Problem withHardware(Hardware newHardware) {
        return of(network, newHardware, batch, objective, pipeline, replication).withCostModel(costModel);
    }
}
