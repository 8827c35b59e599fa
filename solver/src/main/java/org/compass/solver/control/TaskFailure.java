package org.compass.solver.control;

import java.util.concurrent.ExecutionException;

/** What a task run on another thread failed with, given back to the caller as it was thrown. */
public final class TaskFailure {

    private TaskFailure() {
    }

    /**
     * The cause of {@code e}: an unchecked exception to throw as it is, an {@link Error} thrown from here, a checked
     * cause wrapped in an {@link IllegalStateException}. Use as {@code throw TaskFailure.cause(e);}.
     */
    public static RuntimeException cause(ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
            return r;
        }
        if (e.getCause() instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(e.getCause());
    }
}
