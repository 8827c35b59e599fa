package org.compass.bench;

import java.io.PrintStream;
import org.compass.cli.format.Units;

/**
 * A benchmark's progress, one line per finished case on standard error (standard output carries the tables, which
 * may be redirected to a file): {@code "reproduce-paper: [3/59] ResNet-18 on compass-m, throughput in 1.204 s
 * (14.020 s so far, about 4.6 min left)"}. Plain text, never colour codes.
 */
final class Progress {

    private final String tool;
    private final int total;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private long caseStart = System.nanoTime();
    private int done;

    /**
     * @param tool  the name the lines start with (the script's, e.g. "reproduce-paper")
     * @param total the number of cases the run will finish
     * @param out   where the lines go (standard error)
     */
    Progress(String tool, int total, PrintStream out) {
        this.tool = tool;
        this.total = total;
        this.out = out;
    }

    /** The progress of {@code total} cases on standard error. */
    static Progress onStandardError(String tool, int total) {
        return new Progress(tool, total, System.err);
    }

    /** Reports a finished case: what it was, how long it took since the previous one, and what is left. */
    void done(String label) {
        long now = System.nanoTime();
        done++;
        double elapsed = (now - start) / 1e9;
        String left = done < total ? ", about " + Units.duration(elapsed / done * (total - done)) + " left" : "";
        out.printf("%s: [%d/%d] %s in %s (%s so far%s)%n", tool, done, total, label,
                Units.seconds((now - caseStart) / 1e9), Units.duration(elapsed), left);
        out.flush();
        caseStart = now;
    }

    /** How many cases were reported. */
    int done() {
        return done;
    }
}
