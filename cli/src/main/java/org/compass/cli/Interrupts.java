package org.compass.cli;

import java.io.PrintWriter;
import org.compass.solver.control.Cancellation;

/**
 * Ctrl-C (SIGINT) and SIGTERM while a command runs.
 *
 * <p>A command that can stop early {@linkplain #stopOnSignal() says so}; a signal then cancels the
 * {@linkplain #token() token} its solves poll (CP-SAT and SCIP are asked to stop through their native stop
 * requests, the DP, Choco and the sweeps check it where they check their deadlines), the command finishes with
 * the best plan found so far (FEASIBLE, with its bound and gap where one is known), writes its outputs and
 * exits with {@link #exitCode()}: 128 + the signal's number, 130 for SIGINT and 143 for SIGTERM, as a shell
 * reports a process killed by it. A second signal, or one arriving while no command listens, ends the process
 * at once with the same code (the JVM's own behaviour).
 *
 * <p>The handlers are installed with {@code sun.misc.Signal} (module jdk.unsupported): a JVM shutdown hook would
 * run while native solver threads are still working. A JVM that inherited an ignored SIGINT (started with
 * {@code &} from a non-interactive shell) keeps ignoring it, as every program does.
 */
final class Interrupts {

    private final Cancellation token = new Cancellation();
    private final PrintWriter err;
    private volatile boolean listening;
    private volatile int exitCode;

    /** Interrupts reported on {@code err}; no signal handler is installed (see {@link #install}). */
    Interrupts(PrintWriter err) {
        this.err = err;
    }

    /** Installs handlers for SIGINT and SIGTERM that call {@link #signal}; returns this. */
    Interrupts install() {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> signal(s.getName(), s.getNumber()));
            } catch (IllegalArgumentException e) {
                // the JVM keeps this signal (-Xrs or a platform without it): its default behaviour stays
            }
        }
        return this;
    }

    /** The token the running command's solves stop on. */
    Cancellation token() {
        return token;
    }

    /** The running command stops its solves on the token and reports the interrupt itself. */
    void stopOnSignal() {
        listening = true;
    }

    /** Whether a signal arrived. */
    boolean interrupted() {
        return exitCode != 0;
    }

    /** 128 + the number of the first signal received, or 0 without one. */
    int exitCode() {
        return exitCode;
    }

    /**
     * A signal arrived (called on the JVM's signal thread, or by tests): the first cancels the token when a
     * command listens; otherwise, or on a second signal, the process exits at once.
     *
     * @param name   the signal's name without {@code SIG}, e.g. INT
     * @param number its number, e.g. 2
     */
    void signal(String name, int number) {
        int code = 128 + number;
        synchronized (this) {
            if (exitCode == 0 && listening) {
                exitCode = code;
                err.println("interrupted (SIG" + name + "): stopping the solve; the best plan so far follows"
                        + " (signal again to quit at once)");
                err.flush();
                token.cancel("interrupted (SIG" + name + ")");
                return;
            }
        }
        if (exitCode != 0) {
            err.println("interrupted again (SIG" + name + "): quitting without output");
            err.flush();
            // the user insists: no shutdown hooks that could wait on a native solve
            Runtime.getRuntime().halt(exitCode);
        }
        System.exit(code);
    }
}
