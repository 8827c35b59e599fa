package org.compass.cli;

/** The process exit codes of compass-solve. */
final class ExitCodes {
    static final int OK = 0;
    static final int INTERNAL = 1;
    static final int BAD_INPUT = 2;
    static final int INFEASIBLE = 3;
    /** Stopped by Ctrl-C (SIGINT, 128 + 2); SIGTERM gives 143 (see {@link Interrupts}). */
    static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
