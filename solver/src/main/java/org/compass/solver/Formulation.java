package org.compass.solver;

import java.util.Set;
import org.compass.model.problem.SearchSpace;

/**
 * A way to find a plan: an exact algorithm, a solver model or a heuristic, all scored by {@link CostModel}.
 */
public interface Formulation {

    /** Short name used in files and on the command line. */
    String name();

    /** One line saying what it is. */
    String description();

    /** The spaces it can search. */
    Set<SearchSpace> spaces();

    /** Whether a finished run proves optimality in its space (heuristics return false). */
    boolean exact();

    /** Solves the request; never throws for a time limit (returns FEASIBLE or UNKNOWN instead). */
    SolveResult solve(SolveRequest request);
}
