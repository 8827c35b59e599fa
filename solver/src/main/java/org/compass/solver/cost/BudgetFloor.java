package org.compass.solver.cost;

/**
 * A floor of {@link ChainBound} as a function of a budget b (crossbars, rows, or steps of them): non-increasing in
 * b, +infinity where the budget cannot pay for anything. Mutable scratch storage that the chain bound reuses
 * between calls; two representations, as the budget's resolution makes one or the other cheaper:
 * {@link DenseFloor} (a value per budget step: a few hundred steps, loops the JIT vectorizes) and
 * {@link SparseFloor} (the budgets where the value falls: exact budgets of up to a hundred thousand rows). Every
 * operation gives the same values in both. The arguments of an operation are of the same representation and are
 * not this one.
 */
interface BudgetFloor {

    /** Makes this f(b) = v at every budget. */
    void constant(double v);

    /** Makes this +infinity at every budget (the neutral element of a minimum). */
    void infinite();

    /**
     * Makes this g(b) = (f(b - shift) + a) + c for b from 0 to {@code cap} (the two additions in that order, as
     * the floors are defined), +infinity below {@code shift}.
     */
    void shifted(BudgetFloor f, long shift, double a, double c, long cap);

    /**
     * Makes this the pointwise larger ({@code larger}) or smaller of itself and g, with g as in {@link #shifted},
     * at budgets from 0 to {@code cap}: the shift and the merge in one pass. This floor holds budgets up to
     * {@code cap} at least, or is constant.
     */
    void fold(BudgetFloor f, long shift, double a, double c, long cap, boolean larger);

    /**
     * Folds one choice of a stage with at most one producer into this floor of the stage's end: g(r) =
     * max((start(r) + t) + steady, (end(r) + hop) + tail) for r from 0 to {@code cap - shift} ((start(r) + t) +
     * steady alone when {@code end} is null), shifted by {@code shift}. This floor becomes g where {@code replace},
     * else the smaller of itself and g: the values of {@link #shifted}, a larger {@link #fold} and a smaller one in
     * turn, in one pass (the chain bound's most frequent step).
     */
    void foldStage(BudgetFloor start, double t, double steady, BudgetFloor end, double hop, double tail, long shift,
                   long cap, boolean replace);

    /** The budgets at which the function falls, ascending from 0 (copies). */
    long[] costs();

    /** Parallel to {@link #costs}: the function's value from each of those budgets on (copies). */
    double[] values();
}
