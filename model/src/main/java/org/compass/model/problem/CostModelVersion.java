package org.compass.model.problem;

import org.compass.model.Labelled;

/** Which version of the cost model a problem is evaluated with ({@code docs/cost-model.md}). */
public enum CostModelVersion implements Labelled {
    /**
     * The first version ({@code cost_model: v1}), the default until 2026-11-30: the row-pipeline fill is charged
     * per layer, unreplicated and summed over the layers; MVM issue, input preparation, interconnect and vector
     * units are free. Kept for comparison with the COMPASS paper; the simulator measured 0.61x-0.97x of its latency (docs/fidelity.md).
     */
    V1("v1"),
    /**
     * The second version and the default ({@code cost_model: v2}): a pipeline whose stages start when their producers have made the rows they need, at the
     * replicated rate, along the partition's longest path; vector-unit work takes time; a partition's period
     * is bounded below by the chip's MVM issue, input preparation, interconnect and vector throughput.
     */
    V2("v2");

    /**
     * What a problem is evaluated with when it does not say: v2, the model that agrees with the simulator
     * (docs/fidelity.md).
     */
    public static final CostModelVersion DEFAULT = V2;

    private final String label;

    CostModelVersion(String label) {
        this.label = label;
    }

    /** The name used in files. */
    @Override
    public String label() {
        return label;
    }

    /** The version with the given label, or null. */
    public static CostModelVersion byLabel(String text) {
        return Labelled.byLabel(CostModelVersion.class, text);
    }
}
