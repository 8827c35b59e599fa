package org.compass.solver.cost;

/**
 * The chain bound at every budget, and the rows that spending a budget writes at least.
 *
 * @param budget   the budgets (crossbars, or rows) at which the floor falls, ascending from 0
 * @param compute  parallel to budget: a floor under the compute phase of every vector whose open units spend
 *                 together at least that budget and less than the next one (seconds; decreasing)
 * @param rowsNum  rows written per unit of the budget (crossbars or rows) by the open unit that writes the
 *                 fewest: numerator (1 when the budget is in rows)
 * @param rowsDen  ... denominator
 */
record ChainFloor(long[] budget, double[] compute, long rowsNum, long rowsDen) {

    /**
     * Extra rows a vector spending at least {@code budget[j]} writes at least: what it spends times the fewest
     * rows per unit spent of a unit that may spend.
     */
    long extraRows(int j) {
        return Math.floorDiv(rowsNum * budget[j], rowsDen);
    }
}
