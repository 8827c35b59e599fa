package org.compass.solver.schedule;

import java.util.Comparator;
import java.util.List;

/**
 * A timed execution of one batch through a plan: every weight load, write, pipeline stage and activation
 * transfer with its start and end. The rules a schedule must obey are in {@link ScheduleValidator}; its value
 * is computed by {@link ScheduleEvaluator}. Records are kept sorted by start, then kind.
 *
 * @param mode    the overlaps it was built for (checked by the validator)
 * @param records the activities
 */
public record Schedule(ScheduleMode mode, List<ScheduleRecord> records) {

    public Schedule {
        records = records.stream().sorted(Comparator.comparingDouble(ScheduleRecord::start)
                .thenComparing(ScheduleRecord::kind).thenComparingInt(ScheduleRecord::partition)
                .thenComparingInt(ScheduleRecord::unit).thenComparingInt(ScheduleRecord::core)).toList();
    }

    /** The end of the last activity (0 for an empty schedule). */
    public double makespan() {
        double m = 0;
        for (ScheduleRecord r : records) {
            m = Math.max(m, r.end());
        }
        return m;
    }

    /** Records of one kind. */
    public List<ScheduleRecord> ofKind(ScheduleRecord.Kind kind) {
        return records.stream().filter(r -> r.kind() == kind).toList();
    }

    /** When some records run: from the first start to the last end, seconds. */
    public record Span(double start, double end) {
    }

    /** The span of one partition's records of one kind, or null when it has none. */
    public Span span(int partition, ScheduleRecord.Kind kind) {
        double from = Double.POSITIVE_INFINITY;
        double to = 0;
        for (ScheduleRecord r : records) {
            if (r.partition() == partition && r.kind() == kind) {
                from = Math.min(from, r.start());
                to = Math.max(to, r.end());
            }
        }
        return from == Double.POSITIVE_INFINITY ? null : new Span(from, to);
    }
}
