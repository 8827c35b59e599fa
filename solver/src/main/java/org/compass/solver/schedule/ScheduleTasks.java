package org.compass.solver.schedule;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Tensor;
import org.compass.model.mapping.Unit;
import org.compass.model.problem.Problem;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.PartitionCost;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;

/**
 * What a schedule of a plan must do, with every size and duration taken from the {@link CostModel}: per
 * partition the weighted units to load, write and run, and the activation bytes to move. Schedulers, the phase
 * schedule and the validator all read this one description.
 *
 * @param partitions         per partition of the plan, in order
 * @param cores              cores on the chip
 * @param portsPerCore       write ports of each core
 * @param chipCrossbars      crossbars on the chip
 * @param rowSeconds         time to write one row through one port
 * @param dramBytesPerSecond DRAM bandwidth, shared by weight loads and activations
 * @param stagingBytes       chip-wide buffer for weights loaded from DRAM but not yet written (see
 *                           {@link #STAGING_TILES_PER_CORE}); binds only with prefetch
 */
public record ScheduleTasks(List<PartitionTasks> partitions, int cores, int portsPerCore, long chipCrossbars,
                            double rowSeconds, double dramBytesPerSecond, long stagingBytes) {

    /**
     * Assumption of the chip: each core stages this many crossbar tiles of weights (one tile = one crossbar's
     * worth, {@link #tileBytes}) between their DRAM load and their write. It is the simulator's default
     * ({@code simulator/.../ChipModel.defaults}: {@code weightLookahead} = 4 tiles per core), kept here so the
     * schedule and the simulator assume the same buffer; change both together.
     */
    public static final int STAGING_TILES_PER_CORE = 4;

    public ScheduleTasks {
        partitions = List.copyOf(partitions);
        if (stagingBytes <= 0) {
            throw new IllegalArgumentException("staging buffer must be positive, got " + stagingBytes);
        }
    }

    /** Bytes of the weights one crossbar holds: R rows x floor(C / slices) weights of {@code weightBits}. */
    public static long tileBytes(Hardware hw) {
        return hw.weightBytes((long) hw.crossbarRows() * hw.weightsPerRow());
    }

    /** The chip's weight staging buffer: {@link #STAGING_TILES_PER_CORE} tiles per core. */
    public static long stagingBytes(Hardware hw) {
        return (long) STAGING_TILES_PER_CORE * hw.cores() * tileBytes(hw);
    }

    /**
     * Staging a unit reserves from its weight load's start to its last write's end: its weight bytes, or the
     * whole buffer when they do not fit (such a unit streams through the buffer and has it to itself).
     */
    public long stagingDemand(UnitTask u) {
        return Math.min(u.weightBytes(), stagingBytes);
    }

    /**
     * A weighted unit of a partition.
     *
     * @param unit         unit id
     * @param crossbars    crossbars its replicas occupy
     * @param rows         rows its replicas write
     * @param weightBytes  bytes of its weights in DRAM (read once)
     * @param stageSeconds shortest duration of its pipeline stage ({@link CostModel#stageSeconds})
     * @param lagSeconds   how long after its start its consumers may start ({@link CostModel#stageLagSeconds})
     * @param preds        nearest weighted units of the same partition it depends on (through unweighted ones)
     * @param offsetSeconds when its stage starts after its partition's compute phase starts, in the cost model
     *                      ({@link CostModel#stageWindows}); the phase schedule starts it there
     * @param startLags    v2: per pred (parallel to preds), how long after that pred's stage starts this one may
     *                     start (the difference of their window starts); empty in v1, where it is the pred's
     *                     {@code lagSeconds}
     * @param endLags      v2: per pred, how long after that pred's stage ends this one may end (the difference
     *                     of their window ends); empty in v1, where it is 0
     * @param writePorts   v2: the fewest write ports through which its tiles are written in {@code writeSeconds}:
     *                     at most the chip's ports and one per crossbar tile of its replicas (a tile's rows go
     *                     through one port); 0 in v1 and when not known (rows spread freely over the ports, v1's
     *                     formula)
     * @param writeSeconds shortest time to write its replicas through {@code writePorts} ports, tile by tile
     *                     ({@link CostModel#unitWriteSeconds}); 0 when {@code writePorts} is 0
     */
    public record UnitTask(int unit, long crossbars, long rows, long weightBytes, double stageSeconds,
                           double lagSeconds, List<Integer> preds, double offsetSeconds, List<Double> startLags,
                           List<Double> endLags, int writePorts, double writeSeconds) {
        public UnitTask {
            preds = List.copyOf(preds);
            startLags = List.copyOf(startLags);
            endLags = List.copyOf(endLags);
            if (!startLags.isEmpty() && (startLags.size() != preds.size() || endLags.size() != preds.size())) {
                throw new IllegalArgumentException("unit " + unit + ": " + preds.size() + " preds but "
                        + startLags.size() + " start lags and " + endLags.size() + " end lags");
            }
        }

        /** A task whose rows spread freely over the write ports (no tile granularity). */
        public UnitTask(int unit, long crossbars, long rows, long weightBytes, double stageSeconds,
                        double lagSeconds, List<Integer> preds, double offsetSeconds, List<Double> startLags,
                        List<Double> endLags) {
            this(unit, crossbars, rows, weightBytes, stageSeconds, lagSeconds, preds, offsetSeconds, startLags, endLags,
                    0, 0);
        }

        /** The same task's load and writes alone (its tiles' write time kept): no stage, no lags, no preds. */
        public UnitTask programming() {
            return new UnitTask(unit, crossbars, rows, weightBytes, 0, 0, List.of(), 0, List.of(), List.of(),
                    writePorts, writeSeconds);
        }

        /** A v1 task: pred lags are the preds' own {@code lagSeconds}, stages end no earlier than their preds. */
        public UnitTask(int unit, long crossbars, long rows, long weightBytes, double stageSeconds,
                        double lagSeconds, List<Integer> preds) {
            this(unit, crossbars, rows, weightBytes, stageSeconds, lagSeconds, preds, 0, List.of(), List.of());
        }
    }

    /**
     * One partition's work.
     *
     * @param units     weighted units in ascending id order
     * @param inBytes   activation bytes loaded for the batch (B * in(p))
     * @param outBytes  activation bytes stored for the batch (B * out(p))
     * @param producers earlier partitions whose stored activations this one loads
     * @param computeSeconds v2: the compute phase T_comp of the cost model; the partition has computed no earlier
     *                  than T_comp after the latest of its stages' origins (a stage's start minus its
     *                  {@code offsetSeconds}), which carries v2's chip-wide throughput term (B x tau_chip) that no
     *                  single stage shows; 0 in v1, where the stages alone decide
     * @param programHeadSeconds v2: the head h of the cost model's program phase
     *                  ({@link org.compass.solver.cost.CostModel#programHeadSeconds}): no write of the partition
     *                  starts earlier than h after its first weight load starts (the cores' first tiles share the
     *                  DRAM channel, so a write-bound partition's writes end no earlier than W + h); 0 in v1
     * @param programTailSeconds v2: the tail b ({@link org.compass.solver.cost.CostModel#programTailSeconds}): a
     *                  unit's writes end no earlier than b after its weight load ends (its last tile's rows through
     *                  one port, so a load-bound partition is programmed no earlier than L + b); 0 in v1
     */
    public record PartitionTasks(List<UnitTask> units, long inBytes, long outBytes, List<Integer> producers,
                                 double computeSeconds, double programHeadSeconds, double programTailSeconds) {
        public PartitionTasks {
            units = List.copyOf(units);
            producers = List.copyOf(producers);
        }

        /** A partition without the program phase's head and tail (v1, or a piece whose writes are done). */
        public PartitionTasks(List<UnitTask> units, long inBytes, long outBytes, List<Integer> producers,
                              double computeSeconds) {
            this(units, inBytes, outBytes, producers, computeSeconds, 0, 0);
        }

        /** A v1 partition (no compute-phase length beyond its stages). */
        public PartitionTasks(List<UnitTask> units, long inBytes, long outBytes, List<Integer> producers) {
            this(units, inBytes, outBytes, producers, 0);
        }

        /**
         * How long after the start of the stage of {@code u.preds().get(k)} the stage of u may start: v1 the
         * pred's lag, v2 the difference of their cost-model window starts.
         */
        public double startLag(UnitTask u, int k) {
            return u.startLags().isEmpty() ? find(u.preds().get(k)).lagSeconds() : u.startLags().get(k);
        }

        /** How long after the end of the stage of {@code u.preds().get(k)} the stage of u may end (v1: 0). */
        public double endLag(UnitTask u, int k) {
            return u.endLags().isEmpty() ? 0 : u.endLags().get(k);
        }

        /**
         * The earliest end of the partition's compute given a stage's start: that start minus the stage's offset
         * plus {@link #computeSeconds} (v2); minus infinity in v1.
         */
        public double computedAfter(UnitTask u, double stageStart) {
            return computeSeconds > 0 ? stageStart - u.offsetSeconds() + computeSeconds : Double.NEGATIVE_INFINITY;
        }

        /** The task of a unit, or null when the unit is not a weighted unit of this partition. */
        public UnitTask find(int unit) {
            for (UnitTask u : units) {
                if (u.unit() == unit) {
                    return u;
                }
            }
            return null;
        }
    }

    /** Write ports on the chip. */
    public int ports() {
        return cores * portsPerCore;
    }

    /** Time to move {@code bytes} to or from DRAM at the full bandwidth. */
    public double dramSeconds(long bytes) {
        return bytes / dramBytesPerSecond;
    }

    /** Time to write {@code rows} rows through {@code ports} ports (rounded up to whole rows per port). */
    public double writeSeconds(long rows, int ports) {
        return ((rows + ports - 1) / ports) * rowSeconds;
    }

    /** The tasks of a valid plan of a problem. */
    public static ScheduleTasks of(Problem problem, Plan plan) {
        CostModel cm = new CostModel(problem);
        boolean v2 = problem.costModel() == org.compass.model.problem.CostModelVersion.V2;
        MappedGraph g = problem.graph();
        Hardware hw = problem.hardware();
        int[] part = plan.partitionOfUnits(g.size());
        List<PartitionTasks> parts = new ArrayList<>();
        for (int p = 0; p < plan.size(); p++) {
            Partition partition = plan.partitions().get(p);
            int[] units = partition.unitArray();
            int[] rep = partition.replicationArray();
            long in = cm.inBytes(units);
            long out = cm.outBytes(units);
            double[][] window = cm.stageWindows(units, rep);
            // a weighted unit's consumers may start when the next weighted unit (in unit order) starts
            double[] lag = new double[units.length];
            int previous = -1;
            for (int i = 0; i < units.length; i++) {
                if (g.unit(units[i]).weighted()) {
                    if (previous >= 0) {
                        lag[previous] = Math.max(0, window[0][i] - window[0][previous]);
                    }
                    previous = i;
                }
            }
            List<Set<Integer>> nearest = new ArrayList<>();
            List<UnitTask> tasks = new ArrayList<>();
            Set<Integer> producers = new java.util.TreeSet<>();
            for (int i = 0; i < units.length; i++) {
                Unit u = g.unit(units[i]);
                Set<Integer> preds = new LinkedHashSet<>();
                for (int t : u.inputTensors()) {
                    Tensor tensor = g.tensor(t);
                    int k = tensor.producer();
                    if (k < 0) {
                        continue;
                    }
                    if (part[k] != p) {
                        producers.add(part[k]);
                    } else if (g.unit(k).weighted()) {
                        preds.add(k);
                    } else {
                        preds.addAll(nearest.get(indexOf(units, k)));
                    }
                }
                nearest.add(preds);
                if (u.weighted()) {
                    List<Double> startLags = new ArrayList<>();
                    List<Double> endLags = new ArrayList<>();
                    if (v2) {
                        // v2 stages follow the DAG (docs/cost-model.md, "Compute, v2"): a stage starts and ends
                        // no earlier, relative to each weighted producer, than in the cost model's windows
                        for (int k : preds) {
                            int j = indexOf(units, k);
                            startLags.add(Math.max(0, window[0][i] - window[0][j]));
                            endLags.add(Math.max(0, window[1][i] - window[1][j]));
                        }
                    }
                    // v2: a tile's rows go through one port, at most one port per tile of the replicas (issue 12,
                    // docs/scheduling.md "Tiles through ports"); v1 keeps the paper's rows spread over every port,
                    // as its phase schedule does (v1 is kept only to compare with the paper)
                    int writePorts = v2 ? (int) Math.min(hw.writePorts(), (long) rep[i] * u.crossbars()) : 0;
                    double writeSeconds = v2 ? cm.unitWriteSeconds(u, rep[i], writePorts) : 0;
                    // the fewest ports that write the tiles as fast: 18 tiles take two rounds on 16 ports or on 9,
                    // and a unit holding 9 leaves 7 to another (the scheduler's tile-port model, rram and pcm)
                    while (writePorts > 1 && cm.unitWriteSeconds(u, rep[i], writePorts - 1) <= writeSeconds) {
                        writePorts--;
                    }
                    tasks.add(new UnitTask(u.id(), (long) rep[i] * u.crossbars(), rep[i] * u.rowsWritten(),
                            u.weightBytes(), window[1][i] - window[0][i], lag[i],
                            new ArrayList<>(preds), window[0][i], startLags, endLags, writePorts, writeSeconds));
                }
            }
            long batch = problem.batch();
            double compute = 0;
            double head = 0;
            double tail = 0;
            if (v2) {
                PartitionCost cost = cm.cost(units, rep);
                compute = cost.computeSeconds();
                head = cm.programHeadSeconds(cost.load());
                tail = cm.programTailSeconds(cost.load());
            }
            parts.add(new PartitionTasks(tasks, batch * in, batch * out, new ArrayList<>(producers), compute, head,
                    tail));
        }
        return new ScheduleTasks(parts, hw.cores(), hw.writePortsPerCore(), hw.crossbars(), hw.rowWriteSeconds(),
                hw.dramBytesPerSecond(), stagingBytes(hw));
    }

    private static int indexOf(int[] units, int u) {
        for (int i = 0; i < units.length; i++) {
            if (units[i] == u) {
                return i;
            }
        }
        throw new IllegalStateException("unit " + u + " not in partition");
    }
}
