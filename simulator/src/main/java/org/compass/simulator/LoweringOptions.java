package org.compass.simulator;

/**
 * Choices of the lowering.
 *
 * @param writeOrder            order and start times of each port's writes
 * @param writesAfterPrevious   whether a partition's weight loads and writes wait for the previous
 *                              partition to finish (the cost model's phases); false lets them overlap, which
 *                              is safe only with a write schedule that avoids crossbars still in use
 */
public record LoweringOptions(WriteOrder writeOrder, boolean writesAfterPrevious) {

    /** The cost model's phase semantics with the lowering's own write order. */
    public static final LoweringOptions DEFAULT = new LoweringOptions(WriteOrder.AS_LOWERED, true);
}
