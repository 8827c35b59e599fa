package org.compass.solver.schedule;

import java.util.Locale;
import org.compass.model.Labelled;

/**
 * Which overlaps a schedule may use. {@code NONE} is the v1 cost model's strict phases; the others add the two
 * freedoms of write scheduling, each switchable so its value can be measured.
 */
public enum ScheduleMode implements Labelled {
    /** Partitions one after another; in each, all weights are written before any stage starts. */
    NONE(false, false),
    /** A stage starts once its own weights are written and its inputs are streaming. */
    EARLY(true, false),
    /** Later partitions' weights may be loaded and written into crossbars the running partition leaves free. */
    PREFETCH(false, true),
    /** Both. */
    FULL(true, true);

    private final boolean earlyStart;
    private final boolean prefetch;

    ScheduleMode(boolean earlyStart, boolean prefetch) {
        this.earlyStart = earlyStart;
        this.prefetch = prefetch;
    }

    /** Whether a stage may start before the rest of its partition is written. */
    public boolean earlyStart() {
        return earlyStart;
    }

    /** Whether a partition's weights may be written while an earlier partition still runs. */
    public boolean prefetch() {
        return prefetch;
    }

    /** Lower-case name used on the command line and in JSON. */
    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode with the given label, or null. */
    public static ScheduleMode parse(String label) {
        return Labelled.byLabel(ScheduleMode.class, label);
    }
}
