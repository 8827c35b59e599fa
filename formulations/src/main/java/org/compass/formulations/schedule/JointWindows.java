package org.compass.formulations.schedule;

import java.util.ArrayList;
import java.util.List;
import org.compass.solver.schedule.Schedule;
import org.compass.solver.schedule.ScheduleMode;
import org.compass.solver.schedule.ScheduleRecord;
import org.compass.solver.schedule.ScheduleTasks;
import org.compass.solver.schedule.ScheduleTasks.PartitionTasks;
import org.compass.solver.schedule.ScheduleTasks.UnitTask;

/**
 * The pieces of {@link DpJointScheduler}: a range alone (early start) or a window of the neighbour-window class
 * (prefetch), as a {@link ScheduleInstance}; their starting schedules and bounds; and the pieces' schedules laid end
 * to end as one schedule of a plan. A window holds the previous range computing (its loads and writes of zero
 * length, chained before every other activity so that its crossbars are held from the window's start) and the
 * next range being programmed (its stages of zero length, after the previous range has computed: they mark the
 * window's end).
 */
final class JointWindows {

    private JointWindows() {
    }

    /**
     * A piece's instance on the chip of {@code chip}. Without prefetch: {@code next} alone (its activation load
     * waits for nothing earlier; {@code previous} must be null). With prefetch: the window of {@code previous}
     * computing (null for the first window) and {@code next} being programmed (null for the last).
     */
    static ScheduleInstance window(ScheduleTasks chip, PartitionTasks previous, PartitionTasks next,
                                   ScheduleMode mode) {
        return window(chip, previous, next, mode, true);
    }

    /**
     * {@link #window(ScheduleTasks, PartitionTasks, PartitionTasks, ScheduleMode)}; {@code loadRates}: whether a
     * weight load's rate is chosen, as {@link ScheduleInstance#of(ScheduleTasks, ScheduleMode, boolean)} (the joint
     * DP passes what {@link WriteScheduler} does: true).
     */
    static ScheduleInstance window(ScheduleTasks chip, PartitionTasks previous, PartitionTasks next,
                                   ScheduleMode mode, boolean loadRates) {
        List<PartitionTasks> parts = new ArrayList<>();
        if (!mode.prefetch()) {
            parts.add(new PartitionTasks(next.units(), next.inBytes(), next.outBytes(), List.of(),
                    next.computeSeconds(), next.programHeadSeconds(), next.programTailSeconds()));
        } else {
            if (previous != null) {
                parts.add(computing(previous));
            }
            if (next != null) {
                parts.add(programming(next));
            }
        }
        ScheduleTasks tasks = new ScheduleTasks(parts, chip.cores(), chip.portsPerCore(), chip.chipCrossbars(),
                chip.rowSeconds(), chip.dramBytesPerSecond(), chip.stagingBytes());
        ScheduleInstance in = ScheduleInstance.of(tasks, mode, loadRates);
        if (mode.prefetch() && previous != null) {
            // the previous range's weights are on the chip from the window's start: its zero-length loads and
            // writes, chained in activity order, come no later than any other activity, so its crossbars are
            // held from the window's start (in a left-shifted schedule, all at 0)
            List<Integer> zero = new ArrayList<>();
            for (int a = 0; a < in.size(); a++) {
                ScheduleInstance.Type t = in.type.get(a);
                if (in.partition.get(a) == 0 && (t == ScheduleInstance.Type.WRITE
                        || t == ScheduleInstance.Type.WEIGHT_LOAD)) {
                    zero.add(a);
                }
            }
            for (int i = 0; i + 1 < zero.size(); i++) {
                in.lags.add(new long[] {zero.get(i), zero.get(i + 1), 0, 0});
            }
            if (!zero.isEmpty()) {
                int last = zero.get(zero.size() - 1);
                for (int x = 0; x < in.size(); x++) {
                    if (!zero.contains(x)) {
                        in.lags.add(new long[] {last, x, 0, 0});
                    }
                }
            }
        }
        return in;
    }

    /** A range whose weights are already written: loads and writes of zero length (no program head or tail). */
    static PartitionTasks computing(PartitionTasks t) {
        List<UnitTask> units = new ArrayList<>();
        for (UnitTask u : t.units()) {
            units.add(new UnitTask(u.unit(), u.crossbars(), 0, 0, u.stageSeconds(), u.lagSeconds(), u.preds(),
                    u.offsetSeconds(), u.startLags(), u.endLags()));
        }
        return new PartitionTasks(units, t.inBytes(), t.outBytes(), List.of(), t.computeSeconds());
    }

    /** A range being programmed: its stages of zero length and no activation traffic; its program head and tail. */
    static PartitionTasks programming(PartitionTasks t) {
        List<UnitTask> units = new ArrayList<>();
        for (UnitTask u : t.units()) {
            units.add(u.programming());
        }
        return new PartitionTasks(units, 0, 0, List.of(), 0, t.programHeadSeconds(), t.programTailSeconds());
    }

    /** The longest path of the minimum lags from time 0, plus durations: a lower bound on the makespan. */
    static long longestPath(ScheduleInstance in) {
        long[] est = new long[in.size()];
        boolean changed = true;
        for (int round = 0; changed && round <= in.size(); round++) {
            changed = false;
            for (long[] l : in.lags) {
                long s = est[(int) l[0]] + l[2];
                if (s > est[(int) l[1]]) {
                    est[(int) l[1]] = s;
                    changed = true;
                }
            }
        }
        long m = 0;
        for (int a = 0; a < in.size(); a++) {
            m = Math.max(m, est[a] + in.dur(a));
        }
        return m;
    }

    /** A schedule's length from its first start to its last end, ticks (pieces are shift-invariant). */
    static long length(long[] starts, long[] durations) {
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int a = 0; a < starts.length; a++) {
            min = Math.min(min, starts[a]);
            max = Math.max(max, starts[a] + durations[a]);
        }
        return starts.length == 0 ? 0 : max - min;
    }

    /**
     * A window's serial schedule with the programmed side moved after the computing side's last activity: the
     * serial scheduler does not count the crossbars of zero-length writes (they use no resource), so beside the
     * computing side it may over-fill the chip; one after the other, each side alone fits (the computing side's
     * units are one partition, the programmed side's serial schedule counts its own crossbars), and no lag goes
     * from the programmed side back to the computing side.
     */
    static long[] afterComputing(ScheduleInstance in, long[] starts) {
        long computed = 0;
        long firstProgrammed = Long.MAX_VALUE;
        for (int a = 0; a < in.size(); a++) {
            if (in.partition.get(a) == 0) {
                computed = Math.max(computed, starts[a] + in.dur(a));
            } else {
                firstProgrammed = Math.min(firstProgrammed, starts[a]);
            }
        }
        long[] out = starts.clone();
        if (firstProgrammed == Long.MAX_VALUE || firstProgrammed >= computed) {
            return out;
        }
        for (int a = 0; a < in.size(); a++) {
            if (in.partition.get(a) != 0) {
                out[a] += computed - firstProgrammed;
            }
        }
        return out;
    }

    /**
     * The pieces' schedules laid end to end as one schedule of the plan: each window's activities shifted by the
     * previous windows' lengths, keeping from a window the computing range's stages and activation records and the
     * programmed range's loads and writes (with early start, each partition's records). Not validated here.
     */
    static Schedule compose(ScheduleMode mode, List<JointPiece> path) {
        List<ScheduleRecord> records = new ArrayList<>();
        long offset = 0;
        int computing = -1;
        int programming = 0;
        for (JointPiece p : path) {
            ScheduleInstance in = p.instance;
            long[] shifted = p.starts.clone();
            long min = Long.MAX_VALUE;
            for (long s : shifted) {
                min = Math.min(min, s);
            }
            long makespan = length(p.starts, p.durations);
            for (int a = 0; a < shifted.length; a++) {
                shifted[a] += offset - min;
            }
            for (ScheduleRecord r : WriteScheduler.toSchedule(in, shifted, p.durations).records()) {
                int global;
                boolean keep;
                if (!mode.prefetch()) {
                    global = programming;
                    keep = true;
                } else {
                    boolean first = p.previous >= 0 && r.partition() == 0;
                    global = first ? computing : programming;
                    boolean program = r.kind() == ScheduleRecord.Kind.WEIGHT_LOAD
                            || r.kind() == ScheduleRecord.Kind.WRITE;
                    keep = first != program;
                }
                if (keep) {
                    records.add(new ScheduleRecord(r.kind(), r.core(), global, r.unit(), r.start(), r.end(), r.rows(),
                            r.ports(), r.bytes()));
                }
            }
            offset += makespan;
            if (!mode.prefetch() || p.next >= 0) {
                computing = programming;
                programming++;
            }
        }
        return new Schedule(mode, records);
    }
}
