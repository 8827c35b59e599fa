package org.compass.solver;

/** How a solve ended. */
public enum Status {
    /** A plan with a proof that none is better. */
    OPTIMAL,
    /** A plan without a proof (time limit or heuristic); a bound may be known. */
    FEASIBLE,
    /** Proven that no plan exists. */
    INFEASIBLE,
    /** No plan and no proof. */
    UNKNOWN
}
