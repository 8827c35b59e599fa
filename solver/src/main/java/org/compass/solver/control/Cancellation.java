package org.compass.solver.control;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A request to stop a solve early, shared by whoever asks (the command line on SIGINT or SIGTERM, a test) and
 * the solves that should stop. A cancelled solve returns as it would at its time limit: the best plan found so
 * far, FEASIBLE, with its bound if one is known.
 *
 * <p>Formulations poll {@link #isCancelled()} where they check their deadline; a solve running in native code
 * (CP-SAT, MPSolver) registers an action with {@link #onCancel(Runnable)} that asks the native solver to stop.
 * Thread-safe; cancellation is permanent.
 */
public final class Cancellation {

    /** A token that is never cancelled (cancelling it throws). */
    public static final Cancellation NEVER = new Cancellation(false);

    private final boolean cancellable;
    private final AtomicReference<String> reason = new AtomicReference<>();
    private final List<Runnable> actions = new CopyOnWriteArrayList<>();

    /** A token not yet cancelled. */
    public Cancellation() {
        this(true);
    }

    private Cancellation(boolean cancellable) {
        this.cancellable = cancellable;
    }

    /**
     * Cancels: from now on {@link #isCancelled()} is true and every registered action runs, on the calling
     * thread. A second call changes nothing.
     *
     * @param why what asked, for messages ("interrupted (SIGINT)")
     * @throws UnsupportedOperationException on {@link #NEVER}
     */
    public void cancel(String why) {
        if (!cancellable) {
            throw new UnsupportedOperationException("Cancellation.NEVER cannot be cancelled");
        }
        if (reason.compareAndSet(null, why == null ? "cancelled" : why)) {
            for (Runnable a : actions) {
                runQuietly(a);
            }
        }
    }

    /** Whether {@link #cancel} was called. */
    public boolean isCancelled() {
        return reason.get() != null;
    }

    /** What cancelled it, or null while it is not cancelled. */
    public String reason() {
        return reason.get();
    }

    /**
     * Runs {@code action} when this token is cancelled (at once if it already is), until the registration is
     * closed. The action runs on the cancelling thread and must be quick, thread-safe and idempotent (when
     * cancellation races the registration it may run twice).
     */
    public Registration onCancel(Runnable action) {
        if (!cancellable) {
            return () -> { };
        }
        actions.add(action);
        if (isCancelled() && actions.remove(action)) {
            // cancelled before or while registering: cancel() may not have seen the action
            runQuietly(action);
            return () -> { };
        }
        return () -> actions.remove(action);
    }

    /** An action registered with {@link #onCancel(Runnable)}; closing it unregisters the action. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        /** Unregisters the action; it will not run after this returns (unless it already started). */
        @Override
        void close();
    }

    private static void runQuietly(Runnable a) {
        try {
            a.run();
        } catch (RuntimeException e) {
            // one failing action must not keep the others from stopping their solves
        }
    }
}
