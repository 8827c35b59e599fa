package org.compass.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Running out of Java heap, said in one line instead of a stack trace: how much heap the JVM had and how to give it
 * more ({@code COMPASS_JAVA_OPTS}, which the {@code compass-solve} launcher passes to {@code java}). Files are written
 * through a temporary file renamed over the target ({@link AtomicFiles}), so a run that stops here leaves each output
 * either complete or untouched.
 */
final class OutOfMemory {

    private OutOfMemory() {
    }

    /** Whether the failure is, or was caused by, an {@link OutOfMemoryError} (e.g. one raised in a worker thread). */
    static boolean causedBy(Throwable t) {
        for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    /** The one line, and the exit code of an internal failure (1). */
    static int report(PrintWriter err) {
        err.println(message(Runtime.getRuntime().maxMemory()));
        err.flush();
        return ExitCodes.INTERNAL;
    }

    /** The line for a JVM whose heap limit was {@code maxHeapBytes}. */
    static String message(long maxHeapBytes) {
        double gb = maxHeapBytes / (double) (1L << 30);
        long suggest = Math.max(4, 2 * (long) Math.ceil(gb));
        return String.format(Locale.ROOT, "error: out of memory (the Java heap is limited to %s); give it more,"
                + " e.g. COMPASS_JAVA_OPTS=-Xmx%dg ./compass-solve ... (or java -Xmx%dg -jar compass-solve.jar ...);"
                + " no output was left half-written", org.compass.cli.format.Units.bytes(maxHeapBytes), suggest, suggest);
    }

    /**
     * Makes a thread that dies of an {@link OutOfMemoryError} outside the command (no result can follow) print the
     * line and end the process with exit code 1; other uncaught failures keep the JVM's usual report.
     */
    static void installHandler(PrintWriter err) {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (causedBy(e)) {
                report(err);
                Runtime.getRuntime().halt(ExitCodes.INTERNAL);
            } else if (previous != null) {
                previous.uncaughtException(thread, e);
            } else {
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                e.printStackTrace();
            }
        });
    }
}
