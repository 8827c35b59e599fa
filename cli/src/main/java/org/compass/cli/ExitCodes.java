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
}
