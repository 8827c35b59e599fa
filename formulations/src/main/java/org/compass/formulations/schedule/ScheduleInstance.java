package org.compass.formulations.schedule;

import java.util.ArrayList;
import java.util.List;
import org.compass.solver.schedule.ScheduleMode;
import org.compass.solver.schedule.ScheduleRecord.Kind;
import org.compass.solver.schedule.ScheduleTasks;
import org.compass.solver.schedule.ScheduleTasks.PartitionTasks;
import org.compass.solver.schedule.ScheduleTasks.UnitTask;

/**
 * The scheduling problem of a plan in integer time (ticks of a tenth of a row write), as activities with fixed
 * durations, resource demands and minimum start-to-start lags. Granularity: one activity per weight load,
 * per unit's writes (all its replicas, through k = min(P, rows) pooled write ports, lasting at least its tiles
 * dealt to the ports, one port per tile: {@link UnitTask#writeSeconds}), per stage, per partition's
 * activation load and store; zero-duration milestones stand for partition barriers. Durations are rounded up,
 * so a schedule of the instance converted to seconds obeys the exact rules of
 * {@link org.compass.solver.schedule.ScheduleValidator}.
 *
 * <p>Resources: write ports (cumulative, P = cores x ports per core), DRAM (cumulative of {@link #DRAM_UNITS}
 * shares of the bandwidth: a weight load takes all of it, or with prefetch {@link #SLOW_LOAD_SHARES} of it for
 * longer, as the CP model chooses; a partition's activation load and store both stream over its stream time,
 * max(longest stage, (in + out) / bandwidth), each at its average rate rounded up to a share), crossbars (a write's unit holds its crossbars until its stage ends; modelled only with prefetch,
 * since without it the plan's capacity rule already guarantees them), weight staging (a unit reserves
 * {@link ScheduleTasks#stagingDemand} bytes from its load's start to the later of its load's and its write's
 * end; modelled only with prefetch, like the validator's rule).
 *
 * <p>With prefetch, weight loads follow partition order: a partition's loads start after every load of the
 * previous partition has ended (a milestone between them), as the simulator issues them (its SYNC_PW). With prefetch
 * the instance also carries the lags that its crossbars and staging buffer imply between neighbouring partitions
 * ({@link ImpliedPrecedences}): no schedule is lost, and the bounds and CP-SAT see the order.
 *
 * <p>Without prefetch, cost model v2's program head and tail ({@link ScheduleTasks.PartitionTasks}): no write of a
 * partition starts earlier than h after its loads may start, and a unit's stage starts no earlier than b after its
 * load ends, so a partition is programmed in no less than the cost model's T_prog = max(W + h, L + b) (issue 12:
 * without them the joint DP split off a small last partition the model charged nothing for, and the simulator ran
 * that plan 4.98% slower than its makespan).
 */
public final class ScheduleInstance {

    /**
     * The DRAM bandwidth in shares: a transfer's rate is rounded up to a millionth of it (a thousandth, as before,
     * made two streams that together use the whole bandwidth, as a DRAM-bound partition's do in the phase
     * schedule, round up to more than all of it).
     */
    static final long DRAM_UNITS = 1_000_000;

    /**
     * The reduced rate a weight load may run at with prefetch: 90% of the bandwidth, leaving 10% for activation
     * streams running beside it (at the full rate a load overlaps none; issue 12 measured ResNet-18 at batch 1,
     * full, 10% shorter with every load at 90%). The CP model chooses the rate per load.
     */
    static final long SLOW_LOAD_SHARES = DRAM_UNITS * 9 / 10;

    /** What an activity is: a record kind, or a milestone (no record). */
    enum Type { WEIGHT_LOAD, WRITE, STAGE, ACT_LOAD, ACT_STORE, MILESTONE }

    final ScheduleTasks tasks;
    final ScheduleMode mode;
    /** Whether a weight load's rate is chosen with prefetch ({@link #of(ScheduleTasks, ScheduleMode, boolean)}). */
    final boolean loadRates;
    /** Whether a unit's writes hold only its tiles' ports rather than all k pooled ones ({@link #withTilePorts}). */
    final boolean tilePorts;
    final double tick;
    final int ports;
    final long chipCrossbars;
    final boolean crossbarsModelled;
    final long stagingBytes;
    final boolean stagingModelled;
    final List<Type> type = new ArrayList<>();
    final List<Integer> partition = new ArrayList<>();
    final List<Integer> unit = new ArrayList<>();
    final List<Long> duration = new ArrayList<>();
    final List<Integer> portDemand = new ArrayList<>();
    final List<Long> crossbars = new ArrayList<>();
    /** Shares of the DRAM bandwidth (out of {@link #DRAM_UNITS}) a transfer takes; 0 for other activities. */
    final List<Long> dramDemand = new ArrayList<>();
    /** For a WRITE: the STAGE activity at whose end its crossbars are released; else -1. */
    final List<Integer> releasedBy = new ArrayList<>();
    /** For a WRITE: its unit's WEIGHT_LOAD activity; else -1. */
    final List<Integer> loadOf = new ArrayList<>();
    /** For a WRITE: the staging bytes its unit reserves; else 0. */
    final List<Long> staging = new ArrayList<>();
    /**
     * For a WEIGHT_LOAD with prefetch: its duration at the reduced rate {@link #SLOW_LOAD_SHARES} (the CP model
     * chooses the rate); else the activity's one duration.
     */
    final List<Long> slowDuration = new ArrayList<>();
    /**
     * Minimum lags {from, to, lag, kind}: start[to] &gt;= start[from] + lag; kind is 1 when the lag is from's
     * duration (to starts after from ends), so that it follows a weight load's chosen rate, and 2 when the lag is
     * max(0, from's duration - to's) (to ends no earlier than from ends; with a chosen rate, after its chosen end).
     */
    final List<long[]> lags = new ArrayList<>();

    private ScheduleInstance(ScheduleTasks tasks, ScheduleMode mode, boolean loadRates, boolean tilePorts) {
        this.loadRates = loadRates;
        this.tilePorts = tilePorts;
        this.tasks = tasks;
        this.mode = mode;
        this.tick = tasks.rowSeconds() / 10;
        this.ports = tasks.ports();
        this.chipCrossbars = tasks.chipCrossbars();
        this.crossbarsModelled = mode.prefetch();
        this.stagingBytes = tasks.stagingBytes();
        this.stagingModelled = mode.prefetch();
    }

    /** Number of activities. */
    int size() {
        return type.size();
    }

    long dur(int a) {
        return duration.get(a);
    }

    /** Whether an activity moves bytes over DRAM for a positive time. */
    boolean dram(int a) {
        Type t = type.get(a);
        return (t == Type.WEIGHT_LOAD || t == Type.ACT_LOAD || t == Type.ACT_STORE) && dur(a) > 0
                && dramDemand.get(a) > 0;
    }

    /** Whether an activity uses a renewable resource (ports or DRAM) for a positive time. */
    boolean usesResource(int a) {
        return dur(a) > 0 && (dram(a) || type.get(a) == Type.WRITE);
    }

    /** The record kind of an activity, or null for a milestone. */
    Kind kind(int a) {
        return type.get(a) == Type.MILESTONE ? null : Kind.valueOf(type.get(a).name());
    }

    /** Ticks of a duration in seconds, rounded up (a relative 1e-9 of noise is ignored). */
    long ticks(double seconds) {
        double t = seconds / tick;
        return Math.max(0, (long) Math.ceil(t - 1e-9 * Math.max(1, t)));
    }

    private int add(Type t, int p, int u, long d, int portsUsed, long xbars) {
        type.add(t);
        partition.add(p);
        unit.add(u);
        duration.add(d);
        portDemand.add(portsUsed);
        crossbars.add(xbars);
        releasedBy.add(-1);
        loadOf.add(-1);
        staging.add(0L);
        dramDemand.add(t == Type.WEIGHT_LOAD ? DRAM_UNITS : 0L);
        slowDuration.add(d);
        return type.size() - 1;
    }

    /**
     * A unit larger than the staging buffer S streams through it (rule 10 of the validator: at no time more than S
     * bytes loaded and not yet written, never more written than loaded). The exact rule bounds how late the writes
     * may start and end after the load (maximum lags, which the exact enumeration cannot take), so the model uses
     * a conservative rule with non-negative lags only: the load and the writes start together, at the full rate
     * only, and the writes last at least as long as the load (a write port waits for rows still in flight). With
     * uniform rates that is valid when the writes, at their own pace, never fall S bytes behind the load: W (1 -
     * d_w / d_l) &lt;= S, i.e. d_l &gt;= d_w (1 - S / W). Where the writes are slower than that (slow write-verify
     * cells), the load is stretched to d_w (1 - S / W) at a lower rate. On the compass presets the writes are at
     * least as fast as the load (16 ports of 32 B per 10 ns against 25.6 GB/s), so nothing is stretched there.
     */
    private void streamThroughBuffer(int load, UnitTask u, long writeTicks) {
        double w = u.weightBytes();
        long needed = (long) Math.ceil(writeTicks * (w - stagingBytes) / w - 1e-9);
        if (needed > dur(load)) {
            double share = DRAM_UNITS * tasks.dramSeconds(u.weightBytes()) / (needed * tick);
            duration.set(load, needed);
            dramDemand.set(load, Math.min(DRAM_UNITS, Math.max(1, (long) Math.ceil(share - 1e-9 * share))));
        }
        slowDuration.set(load, dur(load));
    }

    private void lag(int from, int to, long l) {
        lags.add(new long[] {from, to, l, 0});
    }

    /** start[to] &gt;= end[from]. */
    private void after(int from, int to) {
        lags.add(new long[] {from, to, dur(from), 1});
    }

    /**
     * v2's program tail: what needs a unit's weights written starts no earlier than {@code tail} ticks after its
     * load ends (the last tile's rows go through one port after they arrive), so a load-bound partition computes
     * no earlier than L + b after its first load, as in the cost model's T_prog. A lag to the consumer rather than a
     * longer write, which would also hold the write ports (and, with prefetch, the staging buffer) for a tile's
     * rows that one port writes.
     */
    private void programTail(int load, int to, long tail) {
        if (tail > 0) {
            lags.add(new long[] {load, to, dur(load) + tail, 0});
        }
    }

    /** Whether a weight load may run at the reduced rate (with prefetch, when that makes it longer). */
    boolean rateChosen(int a) {
        return slowDuration.get(a) > dur(a);
    }

    /** end[to] &gt;= end[from]. */
    private void endsAfter(int from, int to) {
        lag(from, to, dur(from) - dur(to));
    }

    /** The instance of a plan's tasks under a mode, a weight load's rate chosen with prefetch. */
    public static ScheduleInstance of(ScheduleTasks tasks, ScheduleMode mode) {
        return of(tasks, mode, true);
    }

    /**
     * The instance of a plan's tasks under a mode; {@code loadRates}: whether, with prefetch, a weight load may run
     * at {@link #SLOW_LOAD_SHARES} (else only at the full rate). {@link WriteScheduler} and {@link DpJointScheduler}
     * offer it under both cost models since issue 12's third joint session (before, under v1 only: under v2 the
     * simulator ran such schedules of resnet.yaml, full, batch 16, up to 2.98% slower than their makespan; that was
     * before the validator's rule 10 and the loads' partition order, docs/scheduling.md).
     */
    public static ScheduleInstance of(ScheduleTasks tasks, ScheduleMode mode, boolean loadRates) {
        ScheduleInstance in = withoutImpliedPrecedences(tasks, mode, loadRates);
        in.lags.addAll(ImpliedPrecedences.of(in));
        return in;
    }

    /**
     * As {@link #of(ScheduleTasks, ScheduleMode, boolean)}, a unit's writes holding only its tiles' ports: exact where
     * the pooled model holds ports a unit cannot use (pcm, one crossbar per core: ResNet-18 at batch 1 no shorter
     * than 11.5 ms against 3.3 ms in phases), and harder to prove; {@link WriteScheduler} takes it where the pooled
     * model's area bound reaches the phases.
     */
    static ScheduleInstance withTilePorts(ScheduleTasks tasks, ScheduleMode mode, boolean loadRates) {
        ScheduleInstance in = new ScheduleInstance(tasks, mode, loadRates, true);
        in.build();
        in.lags.addAll(ImpliedPrecedences.of(in));
        return in;
    }

    /**
     * The instance with only the rules' own lags, none of the {@link ImpliedPrecedences}: the same schedules, for
     * tests that check the implied ones against optima found without them.
     */
    static ScheduleInstance withoutImpliedPrecedences(ScheduleTasks tasks, ScheduleMode mode, boolean loadRates) {
        ScheduleInstance in = new ScheduleInstance(tasks, mode, loadRates, false);
        in.build();
        return in;
    }

    private void build() {
        int parts = tasks.partitions().size();
        int[] store = new int[parts];
        int previousDone = -1;
        int previousEnd = -1;
        int[] previousLoads = null;
        for (int p = 0; p < parts; p++) {
            PartitionTasks pt = tasks.partitions().get(p);
            int first = size();
            int n = pt.units().size();
            int[] load = new int[n];
            int[] write = new int[n];
            int[] stage = new int[n];
            // v2's program head and tail, charged without prefetch only (docs/scheduling.md, "Under cost model v2"):
            // with prefetch the next partition's loads run into the staging buffer while the previous one computes,
            // which hides the tail in the simulator, and nothing pins a partition's first load for the head
            long head = mode.prefetch() ? 0 : ticks(pt.programHeadSeconds());
            long tail = mode.prefetch() ? 0 : ticks(pt.programTailSeconds());
            // the head: no write of the partition starts earlier than h after its first load starts. The milestone
            // is at most that start (every load starts after it) and no earlier than the previous partition's end,
            // where the loads start
            int programStart = head > 0 && n > 0 ? add(Type.MILESTONE, p, -1, 0, 0, 0) : -1;
            for (int i = 0; i < n; i++) {
                UnitTask u = pt.units().get(i);
                load[i] = add(Type.WEIGHT_LOAD, p, u.unit(), ticks(tasks.dramSeconds(u.weightBytes())), 0, 0);
                if (mode.prefetch() && loadRates) {
                    slowDuration.set(load[i], ticks(tasks.dramSeconds(u.weightBytes()) * DRAM_UNITS
                            / SLOW_LOAD_SHARES));
                }
                // a tile's rows go through one port: under v2 the unit's writes take at least its tiles dealt to at
                // most one port per tile (writePorts; issue 12, docs/scheduling.md "Tiles through ports"). They hold
                // all k pooled ports, conservatively: with demands below P writes pack as a cumulative problem, which
                // CP-SAT proves far less of. With tilePorts they hold only their tiles' ports
                int held = tilePorts && u.writePorts() > 0 ? Math.min(ports, u.writePorts()) : ports;
                int k = (int) Math.max(1, Math.min(held, u.rows()));
                long writeTicks = Math.max(10 * ((u.rows() + k - 1) / k), ticks(u.writeSeconds()));
                boolean streams = stagingModelled && u.weightBytes() > stagingBytes;
                if (streams) {
                    streamThroughBuffer(load[i], u, writeTicks);
                    writeTicks = Math.max(writeTicks, dur(load[i]));
                }
                write[i] = add(Type.WRITE, p, u.unit(), writeTicks, k, u.crossbars());
                loadOf.set(write[i], load[i]);
                staging.set(write[i], tasks.stagingDemand(u));
                // rows stream from DRAM: a unit's writes start no earlier than its load
                lag(load[i], write[i], 0);
                if (programStart >= 0) {
                    lag(programStart, load[i], 0);
                    lag(programStart, write[i], head);
                }
                if (streams) {
                    // a unit larger than the buffer: its load and its writes start together (rule 10, conservative)
                    lag(write[i], load[i], 0);
                } else if (stagingModelled) {
                    // rows are written once loaded: a unit's writes end no earlier than its load (rule 10)
                    lags.add(new long[] {load[i], write[i], Math.max(0, dur(load[i]) - writeTicks), 2});
                }
            }
            int written = -1;
            if (!mode.earlyStart() && n > 0) {
                written = add(Type.MILESTONE, p, -1, 0, 0, 0);
                for (int i = 0; i < n; i++) {
                    after(load[i], written);
                    after(write[i], written);
                    programTail(load[i], written, tail);
                }
            }
            long longestStage = 0;
            for (UnitTask u : pt.units()) {
                longestStage = Math.max(longestStage, ticks(u.stageSeconds()));
            }
            long stream = streamTicks(pt, longestStage);
            int actLoad = activations(Type.ACT_LOAD, p, pt.inBytes(), stream);
            for (int q : pt.producers()) {
                after(store[q], actLoad);
            }
            for (int i = 0; i < n; i++) {
                UnitTask u = pt.units().get(i);
                stage[i] = add(Type.STAGE, p, u.unit(), ticks(u.stageSeconds()), 0, 0);
                releasedBy.set(write[i], stage[i]);
                // a stage needs its own weights and its partition's input stream
                after(load[i], stage[i]);
                after(write[i], stage[i]);
                programTail(load[i], stage[i], tail);
                lag(actLoad, stage[i], 0);
                if (written >= 0) {
                    after(written, stage[i]);
                }
                if (previousDone >= 0) {
                    after(previousDone, stage[i]);
                }
                // pipeline: a start lag after each producer starts, and an end lag after it ends (v1: 0)
                for (int k = 0; k < u.preds().size(); k++) {
                    int j = indexOf(pt, u.preds().get(k));
                    long startLag = ticks(pt.startLag(u, k));
                    long endLag = ticks(pt.endLag(u, k));
                    lag(stage[j], stage[i], Math.max(startLag, dur(stage[j]) + endLag - dur(stage[i])));
                }
            }
            // the partition has computed when its stages have ended and (v2) T_comp after every stage's origin
            long[] computed = new long[n];
            for (int i = 0; i < n; i++) {
                UnitTask u = pt.units().get(i);
                computed[i] = dur(stage[i]);
                if (pt.computeSeconds() > 0) {
                    computed[i] = Math.max(computed[i], ticks(pt.computeSeconds() - u.offsetSeconds()));
                }
            }
            int done = add(Type.MILESTONE, p, -1, 0, 0, 0);
            for (int i = 0; i < n; i++) {
                lag(stage[i], done, computed[i]);
            }
            store[p] = activations(Type.ACT_STORE, p, pt.outBytes(), stream);
            lag(actLoad, store[p], 0);
            endsAfter(actLoad, store[p]);
            for (int i = 0; i < n; i++) {
                lag(stage[i], store[p], computed[i] - dur(store[p]));
            }
            if (previousEnd >= 0) {
                for (int a = first; a < size(); a++) {
                    after(previousEnd, a);
                }
            }
            if (!mode.prefetch()) {
                int end = add(Type.MILESTONE, p, -1, 0, 0, 0);
                for (int a = first; a < end; a++) {
                    after(a, end);
                }
                previousEnd = end;
            }
            previousDone = done;
            if (mode.prefetch()) {
                // weight loads in partition order: every load of a partition starts after every load of the
                // previous one has ended. The simulator issues a core's loads partition by partition (SYNC_PW, so
                // that a later partition's tiles never take the staging slots an earlier one still needs); a
                // schedule loading a later partition ahead ran 3.16% slower there than its makespan (issue 12,
                // ResNet-18 batch 1 full), 1.24% with this rule
                if (previousLoads != null && n > 0) {
                    int order = add(Type.MILESTONE, p, -1, 0, 0, 0);
                    for (int a : previousLoads) {
                        after(a, order);
                    }
                    for (int i = 0; i < n; i++) {
                        lag(order, load[i], 0);
                    }
                }
                if (n > 0) {
                    previousLoads = load;
                }
            }
        }
    }

    /**
     * How long a partition's activation streams last: they stream band by band while the stages run, so at least
     * the longest stage, and at least as long as the partition's whole activation traffic (in and out) takes at
     * the full bandwidth, so that the two streams together never need more than all of it. (Before, each stream
     * lasted only its own bytes' time, at the full rate when that exceeded the longest stage, and then the two
     * could not overlap: a DRAM-bound partition took in/bw + out/bw where v1 and its phase schedule take
     * (in + out)/bw shared, which put the CP model's bound above the phase schedule, issue 12.) The duration is
     * rounded up, with room for the two shares' rounding: their sum stays within {@link #DRAM_UNITS}.
     */
    private long streamTicks(PartitionTasks pt, long longestStage) {
        long bytes = pt.inBytes() + pt.outBytes();
        if (bytes == 0) {
            return 0;
        }
        double full = tasks.dramSeconds(bytes) / tick;
        // each share rounds up by less than one unit: a duration of full * U / (U - 2) ticks leaves room for both
        long d = Math.max(ticks(tasks.dramSeconds(bytes)), (long) Math.ceil(full * DRAM_UNITS / (DRAM_UNITS - 2)));
        return Math.max(d, longestStage);
    }

    /**
     * A partition's activation traffic in one direction: it lasts the partition's stream time
     * ({@link #streamTicks}) and takes the average rate, rounded up to a share so that the shares' sum bounds
     * the true rates' sum.
     */
    private int activations(Type t, int p, long bytes, long stream) {
        double seconds = tasks.dramSeconds(bytes);
        long d = bytes == 0 ? 0 : stream;
        int a = add(t, p, -1, d, 0, 0);
        if (bytes > 0 && d > 0) {
            double share = DRAM_UNITS * seconds / (d * tick);
            dramDemand.set(a, Math.min(DRAM_UNITS, Math.max(1, (long) Math.ceil(share - 1e-9 * share))));
        }
        return a;
    }

    private static int indexOf(PartitionTasks pt, int unit) {
        for (int i = 0; i < pt.units().size(); i++) {
            if (pt.units().get(i).unit() == unit) {
                return i;
            }
        }
        throw new IllegalStateException("unit " + unit + " is not weighted in its partition");
    }

    /** End tick of a unit's staging reservation, given the starts of its write and of its load. */
    long stagingEnd(int write, long writeStart, long loadStart) {
        return Math.max(writeStart + dur(write), loadStart + dur(loadOf.get(write)));
    }

    /**
     * The same instance (the same activities, numbered alike) restricted to the phase model's shape: in every
     * partition each stage starts after every weight load and write of the partition has ended, and every
     * activity of a partition starts after every activity of the previous one has ended. Its schedules are
     * schedules of this instance (it only adds lags), so its serial schedule ({@link SerialScheduler#phase}) is
     * the phase schedule written in the tick model: a feasible solution of the CP model in every mode, whose
     * makespan the CP model's bound can never exceed.
     */
    ScheduleInstance phaseShaped() {
        ScheduleInstance shaped = of(tasks, mode, loadRates);
        int parts = tasks.partitions().size();
        List<List<Integer>> members = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            members.add(new ArrayList<>());
        }
        for (int a = 0; a < size(); a++) {
            members.get(partition.get(a)).add(a);
        }
        for (int p = 0; p < parts; p++) {
            for (int a : members.get(p)) {
                if (type.get(a) != Type.WEIGHT_LOAD && type.get(a) != Type.WRITE) {
                    continue;
                }
                for (int b : members.get(p)) {
                    if (type.get(b) == Type.STAGE) {
                        shaped.after(a, b);
                    }
                }
            }
            if (p > 0) {
                for (int a : members.get(p - 1)) {
                    for (int b : members.get(p)) {
                        shaped.after(a, b);
                    }
                }
            }
        }
        return shaped;
    }

    /**
     * The same instance (the same activities, numbered alike) with each partition's activation load starting after
     * every weight load and write of its partition has ended. Its schedules are schedules of this instance (it only
     * adds lags). A serial schedule of this instance starts an activation load as early as DRAM allows, before its
     * stages can start, and so stretches the time its partition's streams hold DRAM (issue 12: ResNet-18 at batch 1,
     * prefetch, 323.1 us against 314.6 us); in this shape the load starts with the stages, as the phase schedule's
     * does. A second candidate for the serial hint ({@link SerialScheduler#hint}).
     */
    ScheduleInstance streamsAfterWrites() {
        ScheduleInstance shaped = of(tasks, mode, loadRates);
        int parts = tasks.partitions().size();
        int[] actLoad = new int[parts];
        java.util.Arrays.fill(actLoad, -1);
        for (int a = 0; a < size(); a++) {
            if (type.get(a) == Type.ACT_LOAD) {
                actLoad[partition.get(a)] = a;
            }
        }
        for (int a = 0; a < size(); a++) {
            if ((type.get(a) == Type.WEIGHT_LOAD || type.get(a) == Type.WRITE) && actLoad[partition.get(a)] >= 0) {
                shaped.after(a, actLoad[partition.get(a)]);
            }
        }
        return shaped;
    }

    /** Whether every lag is non-negative (the case the exact enumeration covers). */
    boolean nonNegativeLags() {
        return lags.stream().allMatch(l -> l[2] >= 0);
    }

    /** The relaxations' bounds ({@link RelaxationBound}), computed once. */
    private RelaxationBound.Bounds relaxation;

    /** The bounds of the relaxations solved outside CP-SAT ({@link RelaxationBound}), ticks; computed on first use. */
    RelaxationBound.Bounds relaxation() {
        if (relaxation == null) {
            relaxation = RelaxationBound.of(this);
        }
        return relaxation;
    }

    /** The crossbar hand-over bound ({@link HandoverBound}), computed once; -1 until then. */
    private long handover = -1;

    /** The heads the hand-over raises ({@link HandoverBound#heads}), computed once. */
    private long[] raisedHeads;

    /**
     * The crossbar hand-over bound between neighbouring partitions ({@link HandoverBound}), ticks; computed on first
     * use. Taken with prefetch and without early start only ({@link #handoverTaken}); 0 otherwise.
     */
    long handoverBound() {
        if (handover < 0) {
            // from the raised heads, which the CP model's start domains take too: the hand-over is raised once
            handover = handoverTaken() ? HandoverBound.of(this, raisedHeads()) : 0;
        }
        return handover;
    }

    /**
     * Per activity a start no schedule of the instance can beat, ticks: the lags' heads, raised by the crossbar
     * hand-over between neighbouring partitions ({@link HandoverBound#heads}) where it is taken ({@link #handoverTaken});
     * computed on first use.
     */
    long[] raisedHeads() {
        if (raisedHeads == null) {
            raisedHeads = handoverTaken() ? HandoverBound.heads(this) : new LagPaths(this).heads();
        }
        return raisedHeads;
    }

    /**
     * Whether the hand-over bound is taken: with prefetch and without early start. In full it holds too but applies
     * only between one-unit partitions and stays below what CP-SAT proves, and raising CP-SAT's start domains with it
     * cost proofs there in paired runs (issue 12, 2026-12-01, load 5-6: ResNet-18 on compass-s, batch 1, full, proved
     * in 2 of 3 runs without it and 0 of 3 with; VGG-16 on compass-m, batch 16, full, 3 of 3 and 1 of 3).
     */
    boolean handoverTaken() {
        return mode.prefetch() && !mode.earlyStart();
    }

    /**
     * The strongest lower bound known without search, ticks: {@link #lowerBound}, {@link #relaxation} and
     * {@link #handoverBound}.
     */
    long strongLowerBound() {
        return Math.max(Math.max(lowerBound(), relaxation().best()), handoverBound());
    }

    /** A lower bound on the makespan in ticks: DRAM's and the write ports' areas over their capacities. */
    long lowerBound() {
        long dramArea = 0;
        long portArea = 0;
        for (int a = 0; a < size(); a++) {
            if (dram(a)) {
                // a load whose rate is chosen moves its bytes in the smaller of its two areas
                dramArea += rateChosen(a) ? Math.min(dur(a) * dramDemand.get(a), slowDuration.get(a) * SLOW_LOAD_SHARES)
                        : dur(a) * dramDemand.get(a);
            }
            if (type.get(a) == Type.WRITE) {
                portArea += dur(a) * portDemand.get(a);
            }
        }
        return Math.max((dramArea + DRAM_UNITS - 1) / DRAM_UNITS, (portArea + ports - 1) / ports);
    }
}
