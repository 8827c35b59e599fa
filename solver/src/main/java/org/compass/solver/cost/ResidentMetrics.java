package org.compass.solver.cost;

/**
 * What a plan's resident units hold and save (docs/llm.md, "Resident weights"); part of the cost model's
 * {@link Evaluation} when the plan keeps any unit resident.
 *
 * @param units              resident units
 * @param crossbars          crossbars reserved for them for the whole run, replicas included
 * @param chipFraction       crossbars / the chip's crossbars
 * @param weightBytes        their weight bytes, no longer loaded from DRAM in every batch
 * @param weightFraction     weightBytes / the weight bytes of every weighted unit of the network
 * @param rowsOnce           crossbar rows their one-time write programs (replicas included), not charged per batch
 * @param setupSeconds       that one-time program phase (T_prog of those rows and bytes), not charged per batch
 * @param lifetimeFixedSeconds lifetime in continuous operation if the resident crossbars stay where they are: the
 *                           streamed rows then wear only the chip's other crossbars (levelled among them); infinite
 *                           when nothing is streamed or cells do not wear
 */
public record ResidentMetrics(int units, long crossbars, double chipFraction, long weightBytes, double weightFraction,
                              long rowsOnce, double setupSeconds, double lifetimeFixedSeconds) {
}
