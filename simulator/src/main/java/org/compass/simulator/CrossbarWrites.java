package org.compass.simulator;

import java.util.Arrays;

/**
 * Writes per physical crossbar: rows written onto each and how often it was programmed (one tile write is one
 * programming), indexed core x crossbarsPerCore + crossbar. Immutable; {@link #plus} adds two runs.
 *
 * @param crossbarsPerCore crossbars in each core
 * @param crossbarRows     rows R of one crossbar
 * @param rows             rows written onto each crossbar
 * @param programmings     tile writes onto each crossbar
 */
public record CrossbarWrites(int crossbarsPerCore, int crossbarRows, long[] rows, long[] programmings) {

    public CrossbarWrites {
        if (rows.length != programmings.length) {
            throw new IllegalArgumentException("rows and programmings differ in length");
        }
        rows = rows.clone();
        programmings = programmings.clone();
    }

    /** No writes on a chip of {@code crossbars} crossbars. */
    public static CrossbarWrites none(int crossbars, int crossbarsPerCore, int crossbarRows) {
        return new CrossbarWrites(crossbarsPerCore, crossbarRows, new long[crossbars], new long[crossbars]);
    }

    /** Rows written onto each crossbar (a copy). */
    @Override
    public long[] rows() {
        return rows.clone();
    }

    /** Tile writes onto each crossbar (a copy). */
    @Override
    public long[] programmings() {
        return programmings.clone();
    }

    /** The crossbars of the chip. */
    public int crossbars() {
        return rows.length;
    }

    /** Rows written onto crossbar x. */
    public long rows(int x) {
        return rows[x];
    }

    /** Tile writes onto crossbar x. */
    public long programmings(int x) {
        return programmings[x];
    }

    /** Rows written onto all crossbars. */
    public long totalRows() {
        return Arrays.stream(rows).sum();
    }

    /** These writes and another run's, crossbar by crossbar. */
    public CrossbarWrites plus(CrossbarWrites other) {
        long[] r = rows.clone();
        long[] p = programmings.clone();
        for (int x = 0; x < r.length; x++) {
            r[x] += other.rows[x];
            p[x] += other.programmings[x];
        }
        return new CrossbarWrites(crossbarsPerCore, crossbarRows, r, p);
    }

    /** The core of crossbar x. */
    public int core(int x) {
        return x / crossbarsPerCore;
    }

    /** The index of crossbar x within its core. */
    public int index(int x) {
        return x % crossbarsPerCore;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CrossbarWrites w && w.crossbarsPerCore == crossbarsPerCore
                && w.crossbarRows == crossbarRows && Arrays.equals(w.rows, rows)
                && Arrays.equals(w.programmings, programmings);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(rows) + Arrays.hashCode(programmings);
    }

    @Override
    public String toString() {
        return "CrossbarWrites[" + totalRows() + " rows on " + rows.length + " crossbars]";
    }
}
