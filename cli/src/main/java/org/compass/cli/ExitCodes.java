package org.compass.cli;

/** The process exit codes of compass-solve. */
final class ExitCodes {
    static final int OK = 0;
    static final int INTERNAL = 1;
    static final int BAD_INPUT = 2;
    static final int INFEASIBLE = 3;

    private ExitCodes() {
    }
}
