package org.compass.solver.cost;

/**
 * The chain bound at every budget, and the rows that spending a budget writes at least.
 *
 * @param compute  per budget step b (0..budget): a floor under the compute phase of every vector whose open units
 *                 spend at most b steps together (seconds; non-increasing in b)
 * @param step     crossbars, or rows, per budget step
 * @param rowsNum  rows written per unit of the budget (crossbars or rows) by the open unit that writes the
 *                 fewest: numerator (1 when the budget is in rows)
 * @param rowsDen  ... denominator
 */
record ChainFloor(double[] compute, long step, long rowsNum, long rowsDen) {

    /**
     * Extra rows a vector spending b steps writes at least: what it spends, at least step * b since each
     * choice's steps are rounded down, times the fewest rows per unit spent of a unit that may spend.
     */
    long extraRows(int b) {
        return Math.floorDiv(rowsNum * step * b, rowsDen);
    }
}
