package org.compass.solver.schedule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.compass.solver.schedule.ScheduleRecord.Kind;
import org.compass.solver.schedule.ScheduleTasks.PartitionTasks;
import org.compass.solver.schedule.ScheduleTasks.UnitTask;

/**
 * Checks a schedule against the tasks of its plan. The rules (times compared with a relative tolerance of
 * 1e-9 of the makespan, so that sums of seconds may differ in their last bits):
 *
 * <ol>
 *   <li>Completeness: per partition and weighted unit one WEIGHT_LOAD of its weight bytes, WRITE records whose
 *       rows add up to its rows (replicas included), one STAGE; per partition one ACT_LOAD and one ACT_STORE
 *       of its activation bytes.</li>
 *   <li>Durations: a WRITE lasts at least ceil(rows / ports) row times, a STAGE at least its stage time.</li>
 *   <li>Write ports: at no time does a core use more ports than it has.</li>
 *   <li>DRAM: at no time do the transfers' rates (bytes / duration) add up to more than the bandwidth.</li>
 *   <li>Crossbars: a unit holds its crossbars from its first write's start to its stage's end (rewriting a
 *       crossbar before the last stage using it ends would need more crossbars at once); at no time are more
 *       held than the chip has.</li>
 *   <li>Weights before stages: a unit's writes start no earlier than its weight load starts (rows stream from
 *       DRAM); its stage starts after its load and all its writes end; without early start, after every load
 *       and write of its partition ends.</li>
 *   <li>Inputs before stages: a stage starts no earlier than its partition's ACT_LOAD, and no earlier than
 *       its start lag after each producer stage in the partition starts ({@link PartitionTasks#startLag}: v1 the
 *       producer's lag, v2 the difference of their cost-model windows); it ends no earlier than its end lag after
 *       those producers end (v1: 0). ACT_STORE starts no earlier than ACT_LOAD starts and ends no earlier than
 *       ACT_LOAD and every stage of its partition, and (v2) no earlier than T_comp after any stage's origin
 *       ({@link PartitionTasks#computedAfter}). ACT_LOAD starts after the ACT_STORE of every partition it reads
 *       from ends.</li>
 *   <li>Partition order: every stage of a partition starts after every stage of the previous one ends (v2: and
 *       after the previous partition's compute phase, {@link PartitionTasks#computedAfter}); without
 *       prefetch, every record of a partition starts after every record of the previous one ends.</li>
 *   <li>Weight staging (with prefetch): a unit reserves {@link ScheduleTasks#stagingDemand} bytes of the
 *       staging buffer from its WEIGHT_LOAD's start to its last WRITE's end; at no time are more than
 *       {@link ScheduleTasks#stagingBytes} reserved. Without prefetch a partition's loads stream straight into
 *       its own writes, as the v1 phases assume, and the rule is not applied.</li>
 *   <li>Streaming (with prefetch): at uniform rates over its records, a unit never has more rows written than its
 *       load has delivered (its writes end no earlier than its load), and a unit larger than the staging buffer
 *       never has more bytes loaded but not yet written than the buffer holds (rule 10, docs/scheduling.md).</li>
 * </ol>
 */
public final class ScheduleValidator {

    private ScheduleValidator() {
    }

    /** Every violation, one line each (at most {@code limit}); empty when the schedule is valid. */
    public static List<String> violations(ScheduleTasks tasks, Schedule schedule, int limit) {
        Checker c = new Checker(tasks, schedule, limit);
        c.run();
        return c.out;
    }

    /** Every violation (at most 50). */
    public static List<String> violations(ScheduleTasks tasks, Schedule schedule) {
        return violations(tasks, schedule, 50);
    }

    /** Throws {@link InvalidScheduleException} listing the violations, if any. */
    public static void requireValid(ScheduleTasks tasks, Schedule schedule) {
        List<String> v = violations(tasks, schedule);
        if (!v.isEmpty()) {
            throw new InvalidScheduleException(v);
        }
    }

    private static final class Checker {
        final ScheduleTasks tasks;
        final Schedule schedule;
        final int limit;
        final List<String> out = new ArrayList<>();
        final double eps;
        final Map<Long, ScheduleRecord> loads = new HashMap<>();
        final Map<Long, ScheduleRecord> stages = new HashMap<>();
        final Map<Long, List<ScheduleRecord>> writes = new HashMap<>();
        final ScheduleRecord[] actLoads;
        final ScheduleRecord[] actStores;

        Checker(ScheduleTasks tasks, Schedule schedule, int limit) {
            this.tasks = tasks;
            this.schedule = schedule;
            this.limit = limit;
            this.eps = 1e-9 * Math.max(schedule.makespan(), 1e-12);
            this.actLoads = new ScheduleRecord[tasks.partitions().size()];
            this.actStores = new ScheduleRecord[tasks.partitions().size()];
        }

        void add(String s) {
            if (out.size() < limit) {
                out.add(s);
            }
        }

        static long key(int p, int u) {
            return ((long) p << 32) | u;
        }

        void run() {
            if (!index()) {
                return;
            }
            completeness();
            if (!out.isEmpty()) {
                return;
            }
            ports();
            dram();
            crossbars();
            if (schedule.mode().prefetch()) {
                staging();
            }
            precedence();
        }

        boolean index() {
            int parts = tasks.partitions().size();
            for (ScheduleRecord r : schedule.records()) {
                if (r.partition() < 0 || r.partition() >= parts) {
                    add(r.kind().label() + " record names partition " + r.partition() + " of " + parts);
                    continue;
                }
                if (!(r.end() >= r.start()) || r.start() < -eps || !Double.isFinite(r.end())) {
                    add(r.kind().label() + " of partition " + r.partition() + " unit " + r.unit()
                            + " has start " + r.start() + " and end " + r.end());
                }
                PartitionTasks pt = tasks.partitions().get(r.partition());
                if ((r.kind() == Kind.WEIGHT_LOAD || r.kind() == Kind.WRITE || r.kind() == Kind.STAGE)
                        && pt.find(r.unit()) == null) {
                    add(r.kind().label() + " names unit " + r.unit() + ", not a weighted unit of partition "
                            + r.partition());
                    continue;
                }
                long k = key(r.partition(), r.unit());
                switch (r.kind()) {
                    case WEIGHT_LOAD -> unique(loads, k, r);
                    case STAGE -> unique(stages, k, r);
                    case WRITE -> writes.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
                    case ACT_LOAD -> uniqueAct(actLoads, r);
                    case ACT_STORE -> uniqueAct(actStores, r);
                }
            }
            return out.isEmpty();
        }

        void unique(Map<Long, ScheduleRecord> map, long k, ScheduleRecord r) {
            if (map.put(k, r) != null) {
                add("two " + r.kind().label() + " records for unit " + r.unit() + " in partition " + r.partition());
            }
        }

        void uniqueAct(ScheduleRecord[] arr, ScheduleRecord r) {
            if (arr[r.partition()] != null) {
                add("two " + r.kind().label() + " records in partition " + r.partition());
            }
            arr[r.partition()] = r;
        }

        void completeness() {
            for (int p = 0; p < tasks.partitions().size(); p++) {
                PartitionTasks pt = tasks.partitions().get(p);
                for (UnitTask u : pt.units()) {
                    long k = key(p, u.unit());
                    ScheduleRecord load = loads.get(k);
                    if (load == null || load.bytes() != u.weightBytes()) {
                        add("unit " + u.unit() + " of partition " + p + " needs one weight_load of "
                                + u.weightBytes() + " bytes, found " + (load == null ? "none" : load.bytes()));
                    }
                    long rows = 0;
                    for (ScheduleRecord w : writes.getOrDefault(k, List.of())) {
                        rows += w.rows();
                        if (w.ports() < 1 || w.ports() > tasks.portsPerCore() || w.core() < 0
                                || w.core() >= tasks.cores()) {
                            add("write of unit " + u.unit() + " uses " + w.ports() + " ports of core " + w.core()
                                    + "; cores have " + tasks.portsPerCore() + " ports, the chip " + tasks.cores()
                                    + " cores");
                        } else if (w.seconds() < tasks.writeSeconds(w.rows(), w.ports()) - eps) {
                            add("write of " + w.rows() + " rows of unit " + u.unit() + " takes " + w.seconds()
                                    + " s, at least " + tasks.writeSeconds(w.rows(), w.ports()) + " s needed");
                        }
                    }
                    if (rows != u.rows()) {
                        add("unit " + u.unit() + " of partition " + p + " needs " + u.rows()
                                + " rows written, the schedule writes " + rows);
                    }
                    ScheduleRecord st = stages.get(k);
                    if (st == null) {
                        add("unit " + u.unit() + " of partition " + p + " has no stage");
                    } else if (st.seconds() < u.stageSeconds() - eps) {
                        add("stage of unit " + u.unit() + " takes " + st.seconds() + " s, at least "
                                + u.stageSeconds() + " s needed");
                    }
                }
                if (actLoads[p] == null || actLoads[p].bytes() != pt.inBytes()) {
                    add("partition " + p + " needs one act_load of " + pt.inBytes() + " bytes");
                }
                if (actStores[p] == null || actStores[p].bytes() != pt.outBytes()) {
                    add("partition " + p + " needs one act_store of " + pt.outBytes() + " bytes");
                }
            }
        }

        /** Checks that the sum of amounts of overlapping intervals never exceeds the capacity. */
        void profile(String what, List<double[]> intervals, double capacity) {
            List<double[]> events = new ArrayList<>();
            for (double[] iv : intervals) {
                if (iv[1] - iv[0] > eps) {
                    events.add(new double[] {iv[0], iv[2]});
                    events.add(new double[] {iv[1] - eps, -iv[2]});
                }
            }
            events.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
            double level = 0;
            for (double[] e : events) {
                level += e[1];
                if (level > capacity * (1 + 1e-9) + 1e-9) {
                    add(what + " over capacity at " + e[0] + " s: " + level + " > " + capacity);
                    return;
                }
            }
        }

        void ports() {
            Map<Integer, List<double[]>> perCore = new HashMap<>();
            for (List<ScheduleRecord> ws : writes.values()) {
                for (ScheduleRecord w : ws) {
                    perCore.computeIfAbsent(w.core(), c -> new ArrayList<>())
                            .add(new double[] {w.start(), w.end(), w.ports()});
                }
            }
            perCore.forEach((core, ivs) -> profile("write ports of core " + core, ivs, tasks.portsPerCore()));
        }

        void dram() {
            List<double[]> ivs = new ArrayList<>();
            for (ScheduleRecord r : schedule.records()) {
                if (!r.kind().transfer() || r.bytes() == 0) {
                    continue;
                }
                if (r.seconds() <= 0) {
                    add(r.kind().label() + " of partition " + r.partition() + " moves " + r.bytes()
                            + " bytes in no time");
                    continue;
                }
                ivs.add(new double[] {r.start(), r.end(), r.bytes() / r.seconds()});
            }
            profile("DRAM bandwidth", ivs, tasks.dramBytesPerSecond());
        }

        void crossbars() {
            List<double[]> ivs = new ArrayList<>();
            for (int p = 0; p < tasks.partitions().size(); p++) {
                for (UnitTask u : tasks.partitions().get(p).units()) {
                    long k = key(p, u.unit());
                    double first = stages.get(k).start();
                    for (ScheduleRecord w : writes.getOrDefault(k, List.of())) {
                        first = Math.min(first, w.start());
                    }
                    ivs.add(new double[] {first, stages.get(k).end(), u.crossbars()});
                }
            }
            profile("crossbars", ivs, tasks.chipCrossbars());
        }

        void staging() {
            List<double[]> ivs = new ArrayList<>();
            for (int p = 0; p < tasks.partitions().size(); p++) {
                for (UnitTask u : tasks.partitions().get(p).units()) {
                    long k = key(p, u.unit());
                    ScheduleRecord load = loads.get(k);
                    double last = load.end();
                    for (ScheduleRecord w : writes.getOrDefault(k, List.of())) {
                        last = Math.max(last, w.end());
                    }
                    ivs.add(new double[] {load.start(), last, tasks.stagingDemand(u)});
                }
            }
            profile("weight staging bytes", ivs, tasks.stagingBytes());
            streaming();
        }

        /**
         * Rule 10 (with prefetch): a unit's rows are written from what its load has delivered, at uniform rates
         * (a load moves its bytes evenly over its record, a write record its rows): at no time has more been
         * written than loaded (so its last write ends no earlier than its load), and for a unit larger than the
         * staging buffer, at no time do the bytes loaded but not yet written exceed the buffer. Both amounts are
         * piecewise linear in time, so checking them where a record starts or ends is exact.
         */
        void streaming() {
            for (int p = 0; p < tasks.partitions().size(); p++) {
                for (UnitTask u : tasks.partitions().get(p).units()) {
                    long k = key(p, u.unit());
                    ScheduleRecord load = loads.get(k);
                    List<ScheduleRecord> ws = writes.getOrDefault(k, List.of());
                    long rows = 0;
                    for (ScheduleRecord w : ws) {
                        rows += w.rows();
                    }
                    if (load == null || rows == 0 || u.weightBytes() == 0) {
                        continue;
                    }
                    List<Double> points = new ArrayList<>(List.of(load.start(), load.end()));
                    for (ScheduleRecord w : ws) {
                        points.add(w.start());
                        points.add(w.end());
                    }
                    double bytes = u.weightBytes();
                    double tol = 1e-9 * bytes + 1e-6;
                    for (double t : points) {
                        double loaded = bytes * fraction(t, load.start(), load.end());
                        double written = 0;
                        for (ScheduleRecord w : ws) {
                            written += w.rows() * fraction(t, w.start(), w.end());
                        }
                        written *= bytes / rows;
                        if (written > loaded + tol) {
                            add("unit " + u.unit() + " of partition " + p + " has written " + Math.round(written)
                                    + " bytes at " + t + " s, more than its weight load has delivered ("
                                    + Math.round(loaded) + ")");
                            break;
                        }
                        if (u.weightBytes() > tasks.stagingBytes() && loaded - written > tasks.stagingBytes() + tol) {
                            add("unit " + u.unit() + " of partition " + p + " streams through the staging buffer but has "
                                    + Math.round(loaded - written) + " bytes loaded and not written at " + t
                                    + " s, more than its " + tasks.stagingBytes() + " bytes");
                            break;
                        }
                    }
                }
            }
        }

        /** The share of a record [start, end] done at time t (a zero-length record is done at its start). */
        double fraction(double t, double start, double end) {
            if (t < start) {
                return 0;
            }
            return end > start ? Math.min(1, (t - start) / (end - start)) : 1;
        }

        void after(double later, double earlier, String what) {
            if (later < earlier - eps) {
                add(what + " (" + later + " s < " + earlier + " s)");
            }
        }

        void precedence() {
            int parts = tasks.partitions().size();
            double[] partEnd = new double[parts];
            double[] partStart = new double[parts];
            double[] stageEnd = new double[parts];
            double[] stageStart = new double[parts];
            double[] written = new double[parts];
            java.util.Arrays.fill(partStart, Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(stageStart, Double.POSITIVE_INFINITY);
            for (ScheduleRecord r : schedule.records()) {
                int p = r.partition();
                partEnd[p] = Math.max(partEnd[p], r.end());
                partStart[p] = Math.min(partStart[p], r.start());
                if (r.kind() == Kind.STAGE) {
                    stageEnd[p] = Math.max(stageEnd[p], r.end());
                    UnitTask u = tasks.partitions().get(p).find(r.unit());
                    stageEnd[p] = Math.max(stageEnd[p], tasks.partitions().get(p).computedAfter(u, r.start()));
                    stageStart[p] = Math.min(stageStart[p], r.start());
                } else if (r.kind() == Kind.WRITE || r.kind() == Kind.WEIGHT_LOAD) {
                    written[p] = Math.max(written[p], r.end());
                }
            }
            for (int p = 0; p < parts; p++) {
                PartitionTasks pt = tasks.partitions().get(p);
                ScheduleRecord in = actLoads[p];
                ScheduleRecord outRec = actStores[p];
                for (UnitTask u : pt.units()) {
                    long k = key(p, u.unit());
                    ScheduleRecord load = loads.get(k);
                    ScheduleRecord st = stages.get(k);
                    String name = "stage of unit " + u.unit() + " in partition " + p;
                    for (ScheduleRecord w : writes.getOrDefault(k, List.of())) {
                        after(w.start(), load.start(), "write of unit " + u.unit() + " starts before its weights load");
                        after(st.start(), w.end(), name + " starts before its weights are written");
                    }
                    after(st.start(), load.end(), name + " starts before its weights are loaded");
                    if (!schedule.mode().earlyStart()) {
                        after(st.start(), written[p], name + " starts before its partition is written (no early start)");
                    }
                    after(st.start(), in.start(), name + " starts before its partition's inputs load");
                    for (int j = 0; j < u.preds().size(); j++) {
                        int k2 = u.preds().get(j);
                        ScheduleRecord pre = stages.get(key(p, k2));
                        after(st.start(), pre.start() + pt.startLag(u, j), name + " starts less than a lag after its producer " + k2);
                        after(st.end(), pre.end() + pt.endLag(u, j), name + " ends less than its lag after its producer " + k2);
                    }
                    after(outRec.end(), st.end(), "act_store of partition " + p + " ends before " + name);
                    after(outRec.end(), pt.computedAfter(u, st.start()), "act_store of partition " + p
                            + " ends before the partition's compute phase (T_comp after " + name + "'s origin)");
                    if (p > 0) {
                        after(st.start(), stageEnd[p - 1], name + " starts before partition " + (p - 1) + " computed");
                    }
                }
                after(outRec.start(), in.start(), "act_store of partition " + p + " starts before its act_load");
                after(outRec.end(), in.end(), "act_store of partition " + p + " ends before its act_load");
                for (int q : pt.producers()) {
                    after(in.start(), actStores[q].end(), "act_load of partition " + p
                            + " starts before partition " + q + " stored its outputs");
                }
                if (p > 0 && !schedule.mode().prefetch()) {
                    after(partStart[p], partEnd[p - 1], "partition " + p + " starts before partition " + (p - 1)
                            + " ends (no prefetch)");
                }
            }
        }
    }
}
