package org.compass.solver.schedule;

/**
 * One timed activity of a schedule. Times are seconds from the start of the batch.
 *
 * <ul>
 *   <li>{@code WEIGHT_LOAD}: a unit's weights read from DRAM ({@code bytes}); core -1.</li>
 *   <li>{@code WRITE}: {@code rows} crossbar rows of a unit programmed through {@code ports} write ports of
 *       {@code core}; a unit's rows may be spread over several records and cores.</li>
 *   <li>{@code STAGE}: a weighted unit's pipeline stage running the whole batch; core -1 (the crossbars of a
 *       unit are not placed on cores, as in the v1 cost model).</li>
 *   <li>{@code ACT_LOAD} / {@code ACT_STORE}: all activations a partition reads from / writes to DRAM for the
 *       batch ({@code bytes}); unit -1, core -1.</li>
 * </ul>
 *
 * @param kind      what happens
 * @param core      core whose write ports are used (WRITE), else -1
 * @param partition partition index in the plan
 * @param unit      unit id (WEIGHT_LOAD, WRITE, STAGE), else -1
 * @param start     start in seconds
 * @param end       end in seconds
 * @param rows      crossbar rows written (WRITE), else 0
 * @param ports     write ports used at once (WRITE), else 0
 * @param bytes     DRAM bytes moved (WEIGHT_LOAD, ACT_LOAD, ACT_STORE), else 0
 */
public record ScheduleRecord(Kind kind, int core, int partition, int unit, double start, double end, long rows,
                             int ports, long bytes) {

    /** The kinds of activity. */
    public enum Kind {
        WEIGHT_LOAD, WRITE, STAGE, ACT_LOAD, ACT_STORE;

        /** Lower-case name used in JSON. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Whether the activity moves bytes over the DRAM channel. */
        public boolean transfer() {
            return this == WEIGHT_LOAD || this == ACT_LOAD || this == ACT_STORE;
        }
    }

    /** Duration in seconds. */
    public double seconds() {
        return end - start;
    }

    /** A weight load of a unit. */
    public static ScheduleRecord weightLoad(int partition, int unit, double start, double end, long bytes) {
        return new ScheduleRecord(Kind.WEIGHT_LOAD, -1, partition, unit, start, end, 0, 0, bytes);
    }

    /** Rows of a unit written through ports of a core. */
    public static ScheduleRecord write(int core, int partition, int unit, double start, double end, long rows,
                                       int ports) {
        return new ScheduleRecord(Kind.WRITE, core, partition, unit, start, end, rows, ports, 0);
    }

    /** The pipeline stage of a unit. */
    public static ScheduleRecord stage(int partition, int unit, double start, double end) {
        return new ScheduleRecord(Kind.STAGE, -1, partition, unit, start, end, 0, 0, 0);
    }

    /** A partition's activation traffic in one direction. */
    public static ScheduleRecord activations(Kind kind, int partition, double start, double end, long bytes) {
        return new ScheduleRecord(kind, -1, partition, -1, start, end, 0, 0, bytes);
    }
}
