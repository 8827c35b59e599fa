package org.compass.cli.report;

/** Colours of the report: one per partition (cycling) and one per kind of activity or energy. */
public final class Palette {

    // Okabe-Ito and Tableau-like hues that stay distinct for common colour-vision deficiencies
    private static final String[] PARTITIONS = {
        "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
        "#b07aa1", "#ff9da7", "#9c755f", "#86bcb6", "#d4a6c8", "#a0cbe8"
    };

    /** Weight writes (programming the crossbars). */
    public static final String WRITE = "#e8a33d";
    /** Crossbar compute. */
    public static final String COMPUTE = "#3c7dc4";
    /** DRAM traffic. */
    public static final String DRAM = "#8e6bbf";
    /** Simulated time (beside the cost model's compute colour). */
    public static final String SIMULATED = "#2a9d8f";
    /** Idle time. */
    public static final String IDLE = "#d9d9d9";
    /** Static power. */
    public static final String STATIC = "#9a9a9a";
    /** Edges that cross partitions, so go through DRAM. */
    public static final String CROSSING = "#c0392b";

    /** The formulations' line colours in sweeps and Pareto plots. */
    public static final String DP = "#1f6fb2";
    /** Greedy baseline. */
    public static final String GREEDY = "#d35400";
    /** Layerwise baseline. */
    public static final String LAYERWISE = "#7f8c8d";

    private Palette() {
    }

    /** The colour of partition p. */
    public static String partition(int p) {
        return PARTITIONS[Math.floorMod(p, PARTITIONS.length)];
    }

    /** The colour of a formulation's series. */
    public static String formulation(String name) {
        return switch (name) {
            case "greedy" -> GREEDY;
            case "layerwise" -> LAYERWISE;
            default -> DP;
        };
    }
}
