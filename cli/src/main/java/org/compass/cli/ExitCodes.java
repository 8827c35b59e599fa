package org.compass.cli;

/** The process exit codes of compass-solve. */
final class ExitCodes {
    static final int OK = 0;
    static final int INTERNAL = 1;
    static final int BAD_INPUT = 2;
    static final int INFEASIBLE = 3;
    /**
     * No plan and no proof that none exists (UNKNOWN): a time limit, a lifetime floor in the band where the search
     * is not exact, a back-end that gave up. Distinct from 0 so that a script never takes it for a plan.
     */
    static final int NO_PLAN = 4;

    private ExitCodes() {
    }

    /**
     * The exit code of a finished solve that was not interrupted: {@link #INFEASIBLE} for a proof that no plan
     * exists, {@link #OK} with a plan (OPTIMAL or FEASIBLE), else {@link #NO_PLAN}.
     */
    static int of(org.compass.solver.Status status, boolean hasPlan) {
        if (status == org.compass.solver.Status.INFEASIBLE) {
            return INFEASIBLE;
        }
        return hasPlan ? OK : NO_PLAN;
    }
}
