package org.compass.solver.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.compass.solver.SolveRequest;
import org.junit.jupiter.api.Test;

/** The token that Ctrl-C cancels (issue 16, item 1). */
class CancellationTest {

    @Test
    void cancellingRunsTheRegisteredActionsOnceAndRecordsWhy() {
        Cancellation c = new Cancellation();
        AtomicInteger runs = new AtomicInteger();
        c.onCancel(runs::incrementAndGet);
        assertFalse(c.isCancelled());
        assertNull(c.reason());
        c.cancel("interrupted (SIGINT)");
        c.cancel("again");
        assertTrue(c.isCancelled());
        assertEquals("interrupted (SIGINT)", c.reason());
        assertEquals(1, runs.get());
    }

    @Test
    void anActionRegisteredAfterTheCancellationRunsAtOnce() {
        Cancellation c = new Cancellation();
        c.cancel(null);
        AtomicInteger runs = new AtomicInteger();
        c.onCancel(runs::incrementAndGet).close();
        assertEquals(1, runs.get());
        assertEquals("cancelled", c.reason());
    }

    @Test
    void aClosedRegistrationDoesNotRunAndAFailingActionDoesNotStopTheOthers() {
        Cancellation c = new Cancellation();
        AtomicInteger runs = new AtomicInteger();
        c.onCancel(runs::incrementAndGet).close();
        c.onCancel(() -> {
            throw new IllegalStateException("solver already gone");
        });
        c.onCancel(runs::incrementAndGet);
        c.cancel("stop");
        assertEquals(1, runs.get());
    }

    @Test
    void neverIsNeverCancelled() {
        assertThrows(UnsupportedOperationException.class, () -> Cancellation.NEVER.cancel("x"));
        assertFalse(Cancellation.NEVER.isCancelled());
        assertFalse(SolveRequest.of(null).cancelled());
        assertTrue(SolveRequest.of(null).withCancellation(null).cancellation() == Cancellation.NEVER);
    }
}
