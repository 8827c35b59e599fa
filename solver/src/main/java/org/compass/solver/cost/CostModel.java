package org.compass.solver.cost;

import static org.compass.model.Integers.ceilDiv;

import java.util.ArrayList;
import java.util.List;
import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Tensor;
import org.compass.model.mapping.Unit;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;

/**
 * The reference cost model (v1, {@code docs/cost-model.md}): the one place where time and energy are
 * computed. Every formulation, baseline and report evaluates plans here.
 *
 * <p>Per partition p with replication r: T_prog = max(ceil(sum r*rows / ports) * t_row, weightBytes / BW);
 * T_comp = B*tau + fill (row pipeline) or (B + depth - 1)*tau (image pipeline), tau = max ceil(steps/r) * t_mvm;
 * T_io = B*(in + out)/BW; T = T_prog + max(T_comp, T_io). Energy adds writes, DRAM bytes, MVM steps and
 * static power over T. A batch takes the sum over partitions.
 */
public final class CostModel {

    private final Problem problem;
    private final MappedGraph graph;
    private final Hardware hw;
    private final PipelineTiming timing;
    private final DramExcess dramExcess;
    private final PlanMetrics metrics;

    public CostModel(Problem problem) {
        this.problem = problem;
        this.graph = problem.graph();
        this.hw = problem.hardware();
        this.timing = problem.costModel() == CostModelVersion.V2 ? new PipelineTiming(problem) : null;
        this.dramExcess = timing == null ? null : new DramExcess(timing, graph, hw);
        this.metrics = new PlanMetrics(this);
    }

    /** The problem evaluated. */
    public Problem problem() {
        return problem;
    }

    /**
     * Aggregates a partition's units under a replication choice.
     *
     * @param units       unit ids, ascending
     * @param replication replication of each unit, parallel to units
     */
    public PartitionLoad load(int[] units, int[] replication) {
        return load(units, replication, inBytes(units), outBytes(units), null);
    }

    /**
     * Aggregates a partition's units under a replication choice, some of them resident: a resident unit computes in
     * the partition (its MVM steps, period and fill count) but is neither loaded from DRAM nor written in the batch;
     * its crossbars are reserved for the whole run ({@link PartitionLoad#residentCrossbars}) instead of counting
     * among the partition's streamed crossbars.
     *
     * @param units       unit ids, ascending
     * @param replication replication of each unit, parallel to units
     * @param resident    whether each unit is resident, parallel to units; null when none is
     */
    public PartitionLoad load(int[] units, int[] replication, boolean[] resident) {
        return load(units, replication, inBytes(units), outBytes(units), resident);
    }

    /** Like {@link #load(int[], int[])} with the partition's DRAM bytes per input already known. */
    public PartitionLoad load(int[] units, int[] replication, long inBytes, long outBytes) {
        return load(units, replication, inBytes, outBytes, null);
    }

    /** Like {@link #load(int[], int[], boolean[])} with the partition's DRAM bytes per input already known. */
    public PartitionLoad load(int[] units, int[] replication, long inBytes, long outBytes, boolean[] resident) {
        long crossbars = 0;
        long rows = 0;
        long weightBytes = 0;
        long period = 0;
        double fill = 0;
        int depth = 0;
        long crossbarSteps = 0;
        long tiles = 0;
        long tileRows = 0;
        long residentCrossbars = 0;
        for (int i = 0; i < units.length; i++) {
            Unit u = graph.unit(units[i]);
            if (!u.weighted()) {
                continue;
            }
            int r = replication[i];
            period = Math.max(period, ceilDiv(u.mvmSteps(), r));
            fill += u.fillSteps();
            depth++;
            crossbarSteps += u.mvmSteps() * u.crossbars();
            if (resident != null && resident[i]) {
                // written once before the first batch: no load, no write, its crossbars reserved for the run
                residentCrossbars += (long) r * u.crossbars();
                continue;
            }
            crossbars += (long) r * u.crossbars();
            rows += r * u.rowsWritten();
            weightBytes += u.weightBytes();
            tiles += u.crossbars();
            tileRows += u.rowsWritten();
        }
        if (timing != null) {
            PipelineTiming.Stages stages = timing.stages(units, replication, positions(units));
            return new PartitionLoad(crossbars, rows, weightBytes, period, fill, depth, inBytes, outBytes,
                    crossbarSteps, stages.periodSeconds(), stages.computeSeconds(), tiles, tileRows, residentCrossbars);
        }
        return loadV1(crossbars, rows, weightBytes, period, fill, depth, inBytes, outBytes, crossbarSteps, tiles,
                tileRows, residentCrossbars);
    }

    /**
     * Cost model v1: a partition's load from its sums over weighted units (replicated crossbars and rows, weight
     * bytes, the fill steps summed in unit order, MVM steps x crossbars, unreplicated crossbars and rows), its
     * period in steps and its depth.
     */
    PartitionLoad loadV1(long crossbars, long rows, long weightBytes, long period, double fill, int depth,
                         long inBytes, long outBytes, long crossbarSteps, long tiles, long tileRows) {
        return loadV1(crossbars, rows, weightBytes, period, fill, depth, inBytes, outBytes, crossbarSteps, tiles,
                tileRows, 0);
    }

    /** {@link #loadV1} with resident units' crossbars (their rows and bytes are left out of the sums given). */
    PartitionLoad loadV1(long crossbars, long rows, long weightBytes, long period, double fill, int depth,
                         long inBytes, long outBytes, long crossbarSteps, long tiles, long tileRows,
                         long residentCrossbars) {
        double periodSeconds = period * hw.mvmSeconds();
        double compute;
        if (depth == 0) {
            compute = 0;
        } else if (problem.pipeline() == PipelineMode.ROW) {
            compute = problem.batch() * periodSeconds + fill * hw.mvmSeconds();
        } else {
            compute = (problem.batch() + depth - 1) * periodSeconds;
        }
        return new PartitionLoad(crossbars, rows, weightBytes, period, fill, depth, inBytes, outBytes, crossbarSteps,
                periodSeconds, compute, tiles, tileRows, residentCrossbars);
    }

    /** Whether this is cost model v1 (no vector-unit stages). */
    boolean v1() {
        return timing == null;
    }

    /**
     * Cost model v2 only: the stages of a partition's compute phase for a replication, with the units' positions
     * precomputed ({@link #positions}); what {@link ReplicationSearch} evaluates at every node.
     */
    PipelineTiming.Stages stages(int[] units, int[] replication, UnitPositions position) {
        return timing.stages(units, replication, position);
    }

    /**
     * Cost model v2 only: an empty run of stages ({@link PipelineTiming.Run}) for a partition whose units are added
     * in topological order at the places {@code position} gives them; what {@link RangeFloorScan} grows.
     */
    PipelineTiming.Run stageRun(UnitPositions position, int capacity) {
        return timing.new Run(position, capacity);
    }

    /** Cost model v2 only: {@link DramExcess#excess}, for the DRAM peak within a partition. */
    double dramExcess(int[] units, int[] replication, java.util.function.IntPredicate freed) {
        return dramExcess.excess(units, replication, positions(units), freed);
    }

    /** Cost model v2 only: {@link PipelineTiming#storeSeconds}, the store of a unit's last output band. */
    double storeSeconds(Unit unit) {
        return timing.storeSeconds(unit);
    }

    /** Cost model v2 only: a weighted unit's own time for one input on r replicas (seconds). */
    double ownSeconds(Unit unit, int r) {
        return timing.ownSeconds(unit, r);
    }

    /**
     * Cost model v2 only: the chain bound of a partition ({@link ChainBound}), one per search (it keeps its floors).
     *
     * @param units    unit ids, ascending
     * @param position the units' places ({@link #positions})
     * @param exact    whether its budgets are exact ({@link SparseFloor}), not steps ({@link DenseFloor})
     */
    ChainBound chainBound(int[] units, UnitPositions position, boolean exact) {
        return new ChainBound(timing.inbound(units, position), problem.batch(), exact);
    }

    /** Each unit's place in {@code units}: {@code of(units[i]) = i}, -1 for the other units of the graph. */
    UnitPositions positions(int[] units) {
        return new UnitPositions(units);
    }

    /**
     * When each unit's pipeline stage starts and ends, in seconds after the partition's compute phase starts:
     * {@code [0][i]} and {@code [1][i]} for units[i]. In v2 the stages of {@code docs/cost-model.md}; in v1 each
     * weighted unit starts its lag after the previous one (in unit order) and lasts its stage.
     */
    public double[][] stageWindows(int[] units, int[] replication) {
        if (timing != null) {
            PipelineTiming.Stages s = timing.stages(units, replication, positions(units));
            return new double[][] {s.start(), s.end()};
        }
        PartitionLoad load = load(units, replication);
        double[][] w = new double[2][units.length];
        double offset = 0;
        for (int i = 0; i < units.length; i++) {
            Unit u = graph.unit(units[i]);
            w[0][i] = offset;
            w[1][i] = u.weighted() ? offset + stageSeconds(u, load) : offset;
            if (u.weighted()) {
                offset += stageLagSeconds(u, load);
            }
        }
        return w;
    }

    /** Bytes per input of tensors read by the units but produced outside them (network inputs included). */
    public long inBytes(int[] units, boolean[] inside) {
        return inBytes(units, u -> inside[u]);
    }

    /**
     * {@link #inBytes(int[], boolean[])} for ascending unit ids, without a flag per unit of the graph: O(k log k)
     * for k inputs read, whatever the graph's size.
     */
    public long inBytes(int[] units) {
        return inBytes(units, u -> java.util.Arrays.binarySearch(units, u) >= 0);
    }

    private long inBytes(int[] units, java.util.function.IntPredicate inside) {
        int count = 0;
        for (int u : units) {
            count += graph.unit(u).inputTensors().size();
        }
        int[] read = new int[count];
        int k = 0;
        for (int u : units) {
            for (int t : graph.unit(u).inputTensors()) {
                int producer = graph.tensor(t).producer();
                if (producer < 0 || !inside.test(producer)) {
                    read[k++] = t;
                }
            }
        }
        // each tensor once, however many of the units read it
        java.util.Arrays.sort(read, 0, k);
        long bytes = 0;
        for (int i = 0; i < k; i++) {
            if (i == 0 || read[i] != read[i - 1]) {
                bytes += graph.tensor(read[i]).bytes();
            }
        }
        return bytes;
    }

    /** Bytes per input of tensors produced by the units and read outside them, or that are network outputs. */
    public long outBytes(int[] units, boolean[] inside) {
        return outBytes(units, u -> inside[u]);
    }

    /** {@link #outBytes(int[], boolean[])} for ascending unit ids, without a flag per unit of the graph. */
    public long outBytes(int[] units) {
        return outBytes(units, u -> java.util.Arrays.binarySearch(units, u) >= 0);
    }

    private long outBytes(int[] units, java.util.function.IntPredicate inside) {
        long bytes = 0;
        for (int u : units) {
            Tensor tensor = graph.tensor(graph.unit(u).outputTensor());
            boolean leaves = tensor.networkOutput();
            for (int c : tensor.consumers()) {
                if (leaves) {
                    break;
                }
                leaves = !inside.test(c);
            }
            if (leaves) {
                bytes += tensor.bytes();
            }
        }
        return bytes;
    }

    /** Time and energy of a partition with the given load. */
    public PartitionCost cost(PartitionLoad load) {
        int batch = problem.batch();
        double program = programSeconds(load);
        double compute = load.computeSeconds();
        long ioBytes = (long) batch * (load.inBytes() + load.outBytes());
        double io = dramSeconds(ioBytes);
        double seconds = program + Math.max(compute, io);
        double write = load.rowsWritten() * hw.rowWriteJoules();
        double dram = (load.weightBytes() + ioBytes) * hw.dramJoulesPerByte();
        double mvm = (double) batch * load.crossbarSteps() * hw.mvmJoulesPerCrossbarStep();
        double stat = hw.staticWatts() * seconds;
        return new PartitionCost(load, program, compute, io, seconds, write, dram, mvm, stat);
    }

    /** Time and energy of a partition given by units and replication. */
    public PartitionCost cost(int[] units, int[] replication) {
        return cost(load(units, replication));
    }

    /** Time and energy of a partition given by units, replication and which units are resident (null: none). */
    public PartitionCost cost(int[] units, int[] replication, boolean[] resident) {
        return cost(load(units, replication, resident));
    }

    /** Pipeline period tau of a partition in seconds (v1: max over its units of ceil(steps / r) * t_mvm). */
    public double periodSeconds(PartitionLoad load) {
        return load.periodSeconds();
    }

    /**
     * The pipeline fill of a partition in seconds: v1 (row pipeline) the sum over its units of
     * f_l * steps_l * t_mvm; v2 (either pipeline) what the compute phase takes beyond B periods.
     */
    public double fillSeconds(PartitionLoad load) {
        if (timing != null) {
            return Math.max(0, load.computeSeconds() - problem.batch() * load.periodSeconds());
        }
        return load.fillSteps() * hw.mvmSeconds();
    }

    /**
     * How long after a weighted unit's stage starts its consumers in the same partition may start (the
     * unit's share of the pipeline fill): f_l * steps_l * t_mvm in the row pipeline, tau in the image pipeline.
     * Summed over a partition's units it gives the fill term of T_comp.
     */
    public double stageLagSeconds(Unit unit, PartitionLoad load) {
        return problem.pipeline() == PipelineMode.ROW ? unit.fillSteps() * hw.mvmSeconds() : periodSeconds(load);
    }

    /**
     * The shortest pipeline stage of a weighted unit: the batch at the partition's period plus the unit's own
     * lag (row pipeline), or the batch at the period (image pipeline). A chain of stages, each starting one lag
     * after its producer, ends after exactly T_comp.
     */
    public double stageSeconds(Unit unit, PartitionLoad load) {
        double batchTime = problem.batch() * periodSeconds(load);
        return problem.pipeline() == PipelineMode.ROW ? batchTime + stageLagSeconds(unit, load) : batchTime;
    }

    /**
     * T_prog, the program phase of a partition: loading its weight tiles from DRAM and writing them into the
     * crossbars. v1 (the paper's): max(W, L), writes W = ceil(rows / ports) * t_row and loads
     * L = weight bytes / DRAM bandwidth overlapping perfectly. v2 adds the ends of that two-stage flow line
     * (docs/cost-model.md, "Program phase v2"): max(W + {@link #programHeadSeconds}, L + {@link #programTailSeconds},
     * min(W, L) + h), the last term because when the loads take about as long as the writes the ports cannot run
     * ahead of the channel, so the core whose first tile comes last in the cores' turn (h, below) ends that late.
     * Every term is non-decreasing in the rows written and depends on the replication through them only, which the
     * replication search's bounds need.
     */
    public double programSeconds(PartitionLoad load) {
        int ports = hw.writePorts();
        long rows = load.rowsWritten();
        double writes = writeSeconds(rows, ports);
        double loads = dramSeconds(load.weightBytes());
        if (timing == null || load.tiles() == 0) {
            return Math.max(writes, loads);
        }
        double head = Math.min(hw.cores(), load.tiles()) * loads / load.tiles();
        return Math.max(Math.max(writeEnd(load, head), loads + programTailSeconds(load)),
                Math.min(writes, loads) + head);
    }

    /**
     * The head of v2's program phase ({@link #programSeconds}), how long after the partition's first weight load its
     * writes can start on every port: with h = min(cores, tiles) * (tile bytes / bandwidth) (the cores' first tiles
     * sharing the DRAM channel) and the rows replicated R / R0 times, G(R) - W(R), G the largest of
     * g(R') = W(R') + h R0 / R' over R0 <= R' <= R, so that the writes end no earlier than W + head = G(R), which never
     * decreases with the rows. Seconds; 0 under v1 (max(W, L)) and for a partition with nothing to write.
     */
    public double programHeadSeconds(PartitionLoad load) {
        if (timing == null || load.tiles() == 0) {
            return 0;
        }
        double head = Math.min(hw.cores(), load.tiles()) * dramSeconds(load.weightBytes()) / load.tiles();
        return writeEnd(load, head) - writeSeconds(load.rowsWritten(), hw.writePorts());
    }

    /** G(R) of {@link #programHeadSeconds}: when the writes end at the earliest, with h = {@code head}. */
    private double writeEnd(PartitionLoad load, double head) {
        int ports = hw.writePorts();
        long rows = load.rowsWritten();
        long one = load.tileRows();
        double end = fedWrites(one, one, head, ports);
        if (rows > one) {
            // the first row of the last write-port round of R (the largest of g over that round)
            long first = Math.max(one, (ceilDiv(rows, ports) - 1) * ports + 1);
            end = Math.max(end, fedWrites(first, one, head, ports));
        }
        return end;
    }

    /** g(R) of {@link #programHeadSeconds}: W(R) + h * R0 / R, the writes of R rows once every port has a tile. */
    private double fedWrites(long rows, long oneReplica, double head, int ports) {
        return writeSeconds(rows, ports) + head * oneReplica / rows;
    }

    /**
     * The tail b of v2's program phase ({@link #programSeconds}): b = (rows of one tile) * t_row, the last tile's
     * rows through one port after it arrives, so the phase ends no earlier than L + b (tile rows: the partition's
     * average). Seconds; 0 under v1 and for a partition with nothing to write.
     */
    public double programTailSeconds(PartitionLoad load) {
        if (timing == null || load.tiles() == 0) {
            return 0;
        }
        return (double) load.tileRows() / load.tiles() * hw.rowWriteSeconds();
    }

    /**
     * Cost model v1: an upper bound on how much a partition's slack T - k x rows (docs/cost-model.md, "Lifetime")
     * can grow when its units keep the period of {@code load} but are replicated beyond the least replication that
     * reaches it ({@code load} must be that least one: {@link ReplicationChooser}'s options are). At the same period
     * T_comp, T_io and the weight bytes loaded stay; the rows grow by some d of at least d_min, the rows of one
     * replica of the smallest weighted unit; T_prog = max(writes, loads) grows by at most writes(R + d) - writes(R),
     * a step function of d that rises by t_row once per write-port round, while -k d falls between the steps. For
     * k &gt; t_row / ports the largest value is therefore at d = d_min or at the first step after it, and the bound
     * is the larger of the two (0 when neither adds slack). Infinite when k &lt;= t_row / ports, and in v2, whose
     * compute phase depends on the replication beyond the period.
     *
     * @param units the partition's units, ascending
     * @param load  their least replication for its period
     * @param k     seconds of plan time each row written must bring (L / (endurance x chip rows))
     */
    public double slackGainBound(int[] units, PartitionLoad load, double k) {
        int ports = hw.writePorts();
        if (!v1() || k * ports <= hw.rowWriteSeconds()) {
            return Double.POSITIVE_INFINITY;
        }
        if (problem.replication().toArray().length < 2) {
            return 0;
        }
        long least = Long.MAX_VALUE;
        for (int u : units) {
            Unit unit = graph.unit(u);
            if (unit.weighted()) {
                least = Math.min(least, unit.rowsWritten());
            }
        }
        if (least == Long.MAX_VALUE) {
            return 0;
        }
        long rows = load.rowsWritten();
        double now = writeSeconds(rows, ports);
        long firstStep = ceilDiv(rows + least, ports) * ports + 1 - rows;
        double atLeast = writeSeconds(rows + least, ports) - now - k * least;
        double atStep = writeSeconds(rows + firstStep, ports) - now - k * firstStep;
        return Math.max(0, Math.max(atLeast, atStep));
    }

    /** Time to write a unit's replicas through at most {@code ports} ports, a tile's rows through one ({@link TileWrites}). */
    public double unitWriteSeconds(Unit unit, int replication, int ports) {
        return TileWrites.seconds(TileWrites.tileRows(graph, unit, hw.crossbarRows()), replication, ports,
                hw.rowWriteSeconds());
    }

    /** Time to program {@code rows} crossbar rows through {@code ports} write ports. */
    public double writeSeconds(long rows, int ports) {
        return ceilDiv(rows, ports) * hw.rowWriteSeconds();
    }

    /** Time to move {@code bytes} to or from DRAM at the full bandwidth. */
    public double dramSeconds(long bytes) {
        return bytes / hw.dramBytesPerSecond();
    }

    /**
     * Evaluates a whole plan; the plan is assumed valid (see {@link PlanValidator}). A plan with resident units is
     * priced in the steady state of batch after batch (decode step after decode step): resident units are neither
     * loaded nor written per batch; their one-time write is reported apart ({@link ResidentMetrics}), not charged.
     */
    public Evaluation evaluate(Plan plan) {
        List<PartitionCost> costs = new ArrayList<>();
        double latency = 0;
        double energy = 0;
        double write = 0;
        double dram = 0;
        double mvm = 0;
        double stat = 0;
        long dramBytes = 0;
        long rows = 0;
        double busy = 0;
        long residentCrossbars = 0;
        boolean[] mask = plan.hasResident() ? plan.residentMask(graph.size()) : null;
        for (Partition p : plan.partitions()) {
            int[] units = p.unitArray();
            PartitionCost c = cost(units, p.replicationArray(), mask == null ? null : residentFlags(units, mask));
            costs.add(c);
            latency += c.seconds();
            energy += c.joules();
            write += c.writeJoules();
            dram += c.dramJoules();
            mvm += c.mvmJoules();
            stat += c.staticJoules();
            dramBytes += c.load().weightBytes() + (long) problem.batch() * (c.load().inBytes() + c.load().outBytes());
            rows += c.load().rowsWritten();
            busy += c.load().crossbars() * c.seconds();
            residentCrossbars += c.load().residentCrossbars();
        }
        // resident crossbars are held for the whole batch
        busy += residentCrossbars * latency;
        double utilization = latency > 0 ? busy / (hw.crossbars() * latency) : 0;
        double cellWrites = cellWritesPerSecond(rows, latency);
        return new Evaluation(costs, latency, problem.batch() / latency, energy, energy * latency, dramBytes,
                dramPeakBytes(plan), rows, utilization, write, dram, mvm, stat, cellWrites,
                lifetimeSeconds(cellWrites), metrics.tokenMetrics(plan, latency, energy, rows),
                mask == null ? null : metrics.residentMetrics(plan, residentCrossbars, rows, latency));
    }

    /** Per unit of a partition (parallel to its ids): whether the plan keeps it resident. */
    public static boolean[] residentFlags(int[] units, boolean[] residentByUnit) {
        boolean[] flags = new boolean[units.length];
        for (int i = 0; i < units.length; i++) {
            flags[i] = residentByUnit[units[i]];
        }
        return flags;
    }

    /**
     * A plan run by a write schedule whose batch takes {@code makespanSeconds} (docs/scheduling.md): the same work
     * as in {@link #evaluate} (rows written, DRAM bytes, MVM steps, hence the same write, DRAM and MVM energy and
     * the same per-partition phase costs), static power over the makespan instead of the phases' sum, and the
     * throughput, EDP, cell writes per second, lifetime and per-token figures of that latency. The crossbar
     * utilization is {@code crossbarSeconds} (crossbars held, each from its unit's first write to its stage's end,
     * times how long) over the chip's crossbars times the makespan.
     */
    public Evaluation evaluateScheduled(Plan plan, double makespanSeconds, double crossbarSeconds) {
        Evaluation phases = evaluate(plan);
        double latency = makespanSeconds;
        double stat = hw.staticWatts() * latency;
        double energy = phases.writeJoules() + phases.dramJoules() + phases.mvmJoules() + stat;
        double utilization = latency > 0 ? crossbarSeconds / (hw.crossbars() * latency) : 0;
        double cellWrites = cellWritesPerSecond(phases.rowsWritten(), latency);
        long residentCrossbars = 0;
        for (PartitionCost c : phases.partitions()) {
            residentCrossbars += c.load().residentCrossbars();
        }
        return new Evaluation(phases.partitions(), latency, problem.batch() / latency, energy, energy * latency,
                phases.dramBytes(), phases.dramPeakBytes(), phases.rowsWritten(), utilization, phases.writeJoules(),
                phases.dramJoules(), phases.mvmJoules(), stat, cellWrites, lifetimeSeconds(cellWrites),
                metrics.tokenMetrics(plan, latency, energy, phases.rowsWritten()), phases.resident() == null ? null
                : metrics.residentMetrics(plan, residentCrossbars, phases.rowsWritten(), latency));
    }

    /**
     * Programmings per cell per second when a plan writing {@code rows} crossbar rows per batch of
     * {@code latencySeconds} runs continuously, with ideal wear levelling (every row of the chip takes an equal
     * share): rows / chip rows / latency.
     */
    public double cellWritesPerSecond(long rows, double latencySeconds) {
        return rows / (double) hw.chipRows() / latencySeconds;
    }

    /** Seconds of continuous operation until the cells reach the chip's endurance: endurance / rate. */
    public double lifetimeSeconds(double cellWritesPerSecond) {
        return cellWritesPerSecond > 0 ? hw.enduranceCycles() / cellWritesPerSecond : Double.POSITIVE_INFINITY;
    }

    /**
     * The most activation bytes alive in DRAM at once, times B (docs/cost-model.md, "A batch"): at a partition
     * boundary (before the first partition, between two, after the last), tensors produced before it (network inputs at
     * the start) and read after it, or kept as network outputs or as part of a decoder's KV cache (which stays across
     * decode steps); in cost model v2 also within each partition, where its outputs are stored while inputs that leave
     * DRAM after it are still being loaded ({@link DramExcess}).
     */
    public long dramPeakBytes(Plan plan) {
        return metrics.dramPeakBytes(plan);
    }

    /** The most activation bytes alive in DRAM at a partition boundary, times B (v1's peak; a floor under v2's). */
    public long boundaryPeakBytes(Plan plan) {
        return metrics.boundaryPeakBytes(plan);
    }

    /** The value of the problem's objective for an evaluation (throughput in inferences/s, others in SI). */
    public double objectiveValue(Evaluation e) {
        return objectiveValue(problem.objective(), e);
    }

    /** The value of the given objective for an evaluation. */
    public static double objectiveValue(Objective objective, Evaluation e) {
        return switch (objective) {
            case THROUGHPUT -> e.throughput();
            case LATENCY -> e.latencySeconds();
            case ENERGY -> e.energyJoules();
            case EDP -> e.edp();
        };
    }
}
