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

    /**
     * Whether it honours a problem's lifetime floor ({@code Problem.minLifetimeSeconds}); one that does not
     * returns {@link #lifetimeRefusal} for such a problem instead of a plan that may wear the chip out sooner.
     */
    default boolean honoursLifetimeLimit() {
        return false;
    }

    /**
     * Whether it chooses resident weights when a problem allows them ({@code resident: auto}; docs/llm.md): dp,
     * cpsat and mip do. Others would return plans that keep nothing resident, which are valid but not what was asked.
     */
    default boolean searchesResident() {
        return false;
    }

    /**
     * The result of a formulation that does not honour lifetime floors for a problem that has one (UNKNOWN, no plan,
     * a message naming the formulation that does), or null when the problem has none.
     */
    static SolveResult lifetimeRefusal(Formulation f, SolveRequest request) {
        if (!request.problem().hasLifetimeLimit()) {
            return null;
        }
        return SolveResult.withoutPlan(f.name(), request.space(), Status.UNKNOWN, Double.NaN, 0,
                f.name() + " does not honour min_lifetime_years; dp, cpsat, mip, choco and ga do: use --formulation dp");
    }

    /** Solves the request; never throws for a time limit (returns FEASIBLE or UNKNOWN instead). */
    SolveResult solve(SolveRequest request);
}
