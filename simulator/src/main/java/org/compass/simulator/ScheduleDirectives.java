package org.compass.simulator;

import java.util.Arrays;
import org.compass.solver.schedule.Schedule;
import org.compass.solver.schedule.ScheduleMode;
import org.compass.solver.schedule.ScheduleRecord;

/**
 * What the lowering takes from a write schedule (docs/simulator.md, "Executing a schedule"): per unit the
 * earliest start of its writes (the order and start times of the per-crossbar writes) and the end of its stage
 * (when its crossbars may be given to a later unit), and from the mode whether stages may start early and
 * whether later partitions' writes may overlap earlier partitions. Nothing else of the schedule is used: the
 * simulator derives every duration itself.
 *
 * @param mode       the schedule's overlaps
 * @param writeStart per unit, the earliest start of its write records (NaN for units without one)
 * @param loadStart  per unit, the start of its weight load record (NaN for units without one)
 * @param loadEnd    per unit, the end of its weight load record (NaN for units without one)
 * @param stageEnd   per unit, the end of its stage record (NaN for units without one)
 * @param tolerance  seconds within which two schedule times count as equal (the validator's 1e-9 of the makespan)
 */
record ScheduleDirectives(ScheduleMode mode, double[] writeStart, double[] loadStart, double[] loadEnd, double[] stageEnd,
                          double tolerance) {

    /** Digests a schedule for a graph of {@code units} units. */
    static ScheduleDirectives of(Schedule schedule, int units) {
        double[] ws = new double[units];
        double[] se = new double[units];
        double[] ls = new double[units];
        double[] le = new double[units];
        Arrays.fill(ls, Double.NaN);
        Arrays.fill(le, Double.NaN);
        Arrays.fill(ws, Double.NaN);
        Arrays.fill(se, Double.NaN);
        for (ScheduleRecord r : schedule.records()) {
            if (r.unit() < 0 || r.unit() >= units) {
                continue;
            }
            if (r.kind() == ScheduleRecord.Kind.WRITE) {
                ws[r.unit()] = Double.isNaN(ws[r.unit()]) ? r.start() : Math.min(ws[r.unit()], r.start());
            } else if (r.kind() == ScheduleRecord.Kind.WEIGHT_LOAD) {
                ls[r.unit()] = r.start();
                le[r.unit()] = r.end();
            } else if (r.kind() == ScheduleRecord.Kind.STAGE) {
                se[r.unit()] = r.end();
            }
        }
        return new ScheduleDirectives(schedule.mode(), ws, ls, le, se, 1e-9 * Math.max(schedule.makespan(), 1e-12));
    }

    /** The scheduled start of a unit's writes; a unit the schedule leaves out starts at 0. */
    double start(int unit) {
        return Double.isNaN(writeStart[unit]) ? 0 : writeStart[unit];
    }

    /** The scheduled start of a unit's weight load; a unit the schedule leaves out starts at 0. */
    double load(int unit) {
        return Double.isNaN(loadStart[unit]) ? 0 : loadStart[unit];
    }

    /**
     * When a unit's tile may start loading, {@code before} being the fraction of the unit's weight bytes in the tiles
     * before it: with prefetch, the load record's start plus that fraction of the record's duration; without, the
     * record's start. A load the schedule runs at a reduced rate beside activation streams (with
     * prefetch, 90% of the bandwidth) is thereby paced as the schedule intends: the DRAM channel serves transfers
     * first come, first served, so tiles issued all at once would hold it until the last one ends and delay every
     * activation band issued meanwhile (issue 12: squeezenet.yaml b1 prefetch, partition 0's first band 5 us late
     * behind the next partition's loads).
     */
    double loadAt(int unit, double before) {
        if (Double.isNaN(loadStart[unit])) {
            return 0;
        }
        if (!mode.prefetch()) {
            // without prefetch a partition's loads run alone after the previous partition (the phase schedule
            // spreads them over the program phase as a flow, not as a rate to keep)
            return loadStart[unit];
        }
        return loadStart[unit] + (loadEnd[unit] - loadStart[unit]) * before;
    }

    /**
     * When a unit's crossbars are free again by the schedule; a unit the schedule leaves out never frees them
     * (so no later write is ordered after it, and a write that takes them anyway is checked at run time).
     */
    double freeAt(int unit) {
        return Double.isNaN(stageEnd[unit]) ? Double.POSITIVE_INFINITY : stageEnd[unit];
    }

    /**
     * Whether the schedule orders a write starting at {@code start} after everything ending at {@code end}: the
     * comparison ScheduleValidator's capacity profiles make (an interval ending at {@code end} is released at
     * {@code end - tolerance}, before anything starting then), so the placement frees a crossbar exactly when rule 5
     * stops counting it.
     */
    boolean after(double start, double end) {
        return end - tolerance <= start;
    }
}
