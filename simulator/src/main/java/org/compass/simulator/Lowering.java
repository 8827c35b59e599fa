package org.compass.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Tensor;
import org.compass.model.mapping.Unit;
import org.compass.model.network.Node;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;
import org.compass.solver.schedule.Schedule;

/**
 * Lowers a plan to per-core programs (docs/simulator.md).
 *
 * <p>Placement: a partition's crossbar tiles (every replica of every layer) are taken largest first and
 * each goes to the core that has a free crossbar and the fewest rows to program so far, so that write
 * work is spread over all write ports (the cost model assumes perfect spreading). A partition larger
 * than the chip gets crossbar indices beyond the core's last crossbar; the simulator rejects the first
 * write to one. A layer's MVM stream runs on the core holding its first tile; a vector op runs on the core
 * of its first producer in the partition; a tensor loaded from DRAM is loaded by its first reader's core
 * and sent to the other readers' cores.
 *
 * <p>With a write {@link Schedule} ({@link #lower(Problem, Plan, Schedule)}) the schedule decides the order,
 * earliest start and crossbars of the writes and which barriers remain (docs/simulator.md, "Executing a
 * schedule").
 *
 * <p>The lowering does not judge the plan: a plan that reads a tensor before it is produced, leaves out a
 * layer or overfills the chip is lowered as it is, and the simulator reports where it goes wrong.
 */
public final class Lowering {

    // the staging slots per core that the write order assumes: ChipModel.defaults's
    private static final int STAGING_SLOTS = 4;

    private final Problem problem;
    private final MappedGraph g;
    private final Hardware hw;
    private final LoweringOptions options;
    private final boolean image;
    private final ScheduleDirectives sched;
    // with a schedule: per slot, the earlier occupant whose end the write must await (none: not in the map)
    private Map<Integer, Integer> awaits = Map.of();
    // where each partition's tiles go: the plain placement, or least-worn first
    private final TilePlacer placer;

    private final List<BufferSpec> buffers = new ArrayList<>();
    private final List<List<List<Instruction>>> streams = new ArrayList<>();
    private final List<List<String>> streamNames = new ArrayList<>();

    private Lowering(Problem problem, LoweringOptions options, Schedule schedule, CrossbarWrites worn) {
        this.problem = problem;
        this.g = problem.graph();
        this.hw = problem.hardware();
        this.placer = new TilePlacer(hw, worn == null ? null : worn.rows());
        this.options = options;
        this.image = problem.pipeline() == PipelineMode.IMAGE;
        this.sched = schedule == null ? null : ScheduleDirectives.of(schedule, g.size());
        for (int c = 0; c < hw.cores(); c++) {
            streams.add(new ArrayList<>());
            streamNames.add(new ArrayList<>());
        }
    }

    /** Lowers a plan with the default options. */
    public static Program lower(Problem problem, Plan plan) {
        return lower(problem, plan, LoweringOptions.DEFAULT);
    }

    /** Lowers a plan. */
    public static Program lower(Problem problem, Plan plan, LoweringOptions options) {
        return new Lowering(problem, options, null, null).run(plan);
    }

    /**
     * Lowers a plan to execute a write schedule of it: writes in the schedule's order, each no earlier than its
     * unit's scheduled write start, onto crossbars the schedule has freed (waiting for their earlier user to
     * finish); with early start a stage waits only for its own weights, with prefetch a partition's weight
     * loads and writes do not wait for the previous partition. The schedule's records are instructions, not
     * checked here: a schedule that overlaps a write with its crossbar's earlier user is caught by the
     * simulator.
     */
    public static Program lower(Problem problem, Plan plan, Schedule schedule) {
        return new Lowering(problem, new LoweringOptions(WriteOrder.AS_LOWERED, !schedule.mode().prefetch()), schedule,
                null).run(plan);
    }

    /**
     * Lowers one batch of a plan with least-worn-first placement (docs/simulator.md, "Wear levelling"): each tile
     * still goes to the core with a free crossbar and the fewest rows of its partition to program (so the write
     * ports stay balanced), but ties between cores go to the core whose crossbars have been written least, and
     * within the core the tile takes the free crossbar written least (then the lowest index). {@code worn} is
     * what earlier batches wrote onto each physical crossbar; this batch's earlier partitions count too.
     */
    public static Program lowerLevelled(Problem problem, Plan plan, CrossbarWrites worn) {
        Hardware hw = problem.hardware();
        if (worn.crossbars() != hw.crossbars() || worn.crossbarsPerCore() != hw.crossbarsPerCore()) {
            throw new IllegalArgumentException("wear of " + worn.crossbars() + " crossbars for a chip of "
                    + hw.crossbars());
        }
        return new Lowering(problem, LoweringOptions.DEFAULT, null, worn).run(plan);
    }

    private Program run(Plan plan) {
        if (plan.hasResident()) {
            // resident weights (docs/llm.md) are written once before the first batch and never reloaded: the
            // lowering of one batch does not express that yet, and lowering them as streamed would misreport it
            throw new IllegalArgumentException("the plan keeps " + plan.resident().size() + " units resident across"
                    + " batches; the simulator does not lower resident weights yet");
        }
        int n = g.size();
        int[] part = new int[n];
        Arrays.fill(part, -1);
        int[] rep = new int[n];
        for (int p = 0; p < plan.size(); p++) {
            Partition pt = plan.partitions().get(p);
            for (int i = 0; i < pt.size(); i++) {
                int u = pt.units().get(i);
                if (u < 0 || u >= n) {
                    throw new IllegalArgumentException("partition " + p + " holds unknown unit " + u);
                }
                if (part[u] >= 0) {
                    throw new IllegalArgumentException("unit '" + g.unit(u).name() + "' is in partitions " + part[u]
                            + " and " + p);
                }
                part[u] = p;
                rep[u] = Math.max(1, pt.replication().get(i));
            }
        }
        List<TileLayout> layouts = new ArrayList<>();
        int[] slotBase = new int[n];
        Arrays.fill(slotBase, -1);
        List<Placement.Slot> slots = new ArrayList<>();
        for (int u = 0; u < n; u++) {
            layouts.add(g.unit(u).weighted() && part[u] >= 0 ? TileLayout.of(g, g.unit(u)) : null);
        }
        int[] unitCore = new int[n];
        Arrays.fill(unitCore, -1);
        List<List<Integer>> unitInputs = new ArrayList<>();
        for (int u = 0; u < n; u++) {
            unitInputs.add(new ArrayList<>());
        }
        if (sched != null) {
            awaits = new ScheduledPlacer(hw, sched).place(plan, rep, layouts, slotBase, slots);
        }
        for (int p = 0; p < plan.size(); p++) {
            Partition pt = plan.partitions().get(p);
            if (sched == null) {
                placer.place(p, pt, rep, layouts, slotBase, slots);
                lowerWrites(p, pt, rep, layouts, slotBase, slots);
            } else {
                lowerScheduledWrites(p, pt, rep, layouts, slotBase, slots);
            }
            lowerCompute(p, pt, part, slotBase, slots, unitCore, unitInputs);
        }
        Placement placement = new Placement(layouts, slotBase, slots);
        List<CoreProgram> cores = new ArrayList<>();
        for (int c = 0; c < hw.cores(); c++) {
            List<InstructionStream> s = new ArrayList<>();
            for (int i = 0; i < streams.get(c).size(); i++) {
                s.add(new InstructionStream(c, streamNames.get(c).get(i), streams.get(c).get(i)));
            }
            cores.add(new CoreProgram(c, s));
        }
        return new Program(problem, plan, cores, buffers, placement, unitInputs, part, unitCore);
    }

    /**
     * Per core, a partition's weight loads (one per tile, by the core of replica 0) and the slot ids of its writes
     * (every replica of every tile), in unit order and, within a unit, in the order {@link #unitLoadOrder} plans (the
     * tile for the port that runs out of writes first next); each load no earlier than its share of its unit's
     * scheduled load ({@link ScheduleDirectives#loadAt}: the fraction of the unit's bytes in the tiles loaded before
     * it, in that order).
     */
    private void tiles(int p, Partition pt, int[] rep, List<TileLayout> layouts, int[] slotBase,
                       List<Placement.Slot> slots, List<List<Instruction>> loads,
                       List<List<Integer>> writes) {
        for (int c = 0; c < hw.cores(); c++) {
            loads.add(new ArrayList<>());
            writes.add(new ArrayList<>());
        }
        for (int u : pt.units()) {
            TileLayout l = layouts.get(u);
            if (l == null) {
                continue;
            }
            long[] bytes = l.loadBytes(g.unit(u));
            int tiles = l.tiles().size();
            long total = Arrays.stream(bytes).sum();
            long before = 0;
            for (int t : unitLoadOrder(u, rep[u], l, bytes, total, slotBase, slots)) {
                Placement.Slot first = slots.get(slotBase[u] + t);
                loads.get(first.core()).add(new Instruction(Opcode.LOAD_W, p, first.core(), u, -1, -1, -1, t, -1,
                        bytes[t], 1, sched.loadAt(u, total == 0 ? 0 : (double) before / total)));
                before += bytes[t];
                for (int r = 0; r < rep[u]; r++) {
                    int id = slotBase[u] + r * tiles + t;
                    writes.get(slots.get(id).core()).add(id);
                }
            }
        }
    }

    /**
     * The order of a scheduled unit's tile loads (and of its writes on each core): {@link LoadOrder}'s over the unit's
     * tiles alone, each loaded by the core of its replica 0, at the rate the schedule loads the unit (its load
     * record's duration shared by bytes, as {@link ScheduleDirectives#loadAt} paces them; the full DRAM bandwidth
     * where the loads are not paced). Why: the schedule lets every write port of the unit write as the load delivers
     * (ScheduleValidator's rule 10, uniform rates), so every port must get its first tile early; in tile order a
     * port's first tile could be among the last loaded, and the port then still had all its tiles to write
     * (squeezenet.yaml b1 {@code full} on compass-m, seed 2: unit 29's writes 3.6 us late, +3.92%;
     * docs/scheduling.md, "Tiles through ports").
     */
    private int[] unitLoadOrder(int u, int replicas, TileLayout l, long[] bytes, long total, int[] slotBase,
                                List<Placement.Slot> slots) {
        int n = bytes.length;
        double paced = sched.loadAt(u, 1) - sched.loadAt(u, 0);
        int[] loader = new int[n];
        double[] loadSeconds = new double[n];
        double[] writeSeconds = new double[n];
        int[][] cores = new int[n][replicas];
        for (int t = 0; t < n; t++) {
            loader[t] = slots.get(slotBase[u] + t).core();
            loadSeconds[t] = paced > 0 ? paced * bytes[t] / total : bytes[t] / hw.dramBytesPerSecond();
            writeSeconds[t] = l.tiles().get(t).rows() * hw.rowWriteSeconds();
            for (int r = 0; r < replicas; r++) {
                cores[t][r] = slots.get(slotBase[u] + r * n + t).core();
            }
        }
        return LoadOrder.order(loader, loadSeconds, writeSeconds, cores, hw.cores(), hw.writePortsPerCore(),
                STAGING_SLOTS, new int[n][]);
    }

    /**
     * Weight loads and writes of a partition (docs/simulator.md, "Writes"): one load per tile, staged on the core,
     * among those holding its replicas, that has staged the fewest bytes of the partition so far; the loads in one
     * queue (one stream), in the order {@link LoadOrder} plans (the tile for the port that runs out of writes first
     * next); one write per replica on the core that holds it, each port's writes in the order their tiles arrive.
     */
    private void lowerWrites(int p, Partition pt, int[] rep, List<TileLayout> layouts, int[] slotBase,
                             List<Placement.Slot> slots) {
        int cores = hw.cores();
        int ports = hw.writePortsPerCore();
        List<Instruction> loads = new ArrayList<>();
        List<int[]> ids = new ArrayList<>();
        long[] staged = new long[cores];
        for (int u : pt.units()) {
            TileLayout l = layouts.get(u);
            if (l == null) {
                continue;
            }
            long[] bytes = l.loadBytes(g.unit(u));
            int tiles = l.tiles().size();
            for (int t = 0; t < tiles; t++) {
                int[] w = new int[rep[u]];
                int loader = -1;
                for (int r = 0; r < rep[u]; r++) {
                    w[r] = slotBase[u] + r * tiles + t;
                    int c = slots.get(w[r]).core();
                    if (loader < 0 || staged[c] < staged[loader] || (staged[c] == staged[loader] && c < loader)) {
                        loader = c;
                    }
                }
                staged[loader] += bytes[t];
                loads.add(new Instruction(Opcode.LOAD_W, p, loader, u, -1, -1, -1, t, -1, bytes[t], 1, 0));
                ids.add(w);
            }
        }
        int n = loads.size();
        int[] loader = new int[n];
        double[] loadSeconds = new double[n];
        double[] writeSeconds = new double[n];
        int[][] onCores = new int[n][];
        for (int i = 0; i < n; i++) {
            Instruction in = loads.get(i);
            loader[i] = in.core();
            loadSeconds[i] = in.amount() / hw.dramBytesPerSecond();
            writeSeconds[i] = layouts.get(in.unit()).tiles().get(in.tile()).rows() * hw.rowWriteSeconds();
            onCores[i] = new int[ids.get(i).length];
            for (int r = 0; r < onCores[i].length; r++) {
                onCores[i][r] = slots.get(ids.get(i)[r]).core();
            }
        }
        int[][] portOf = new int[n][];
        int[] order = LoadOrder.order(loader, loadSeconds, writeSeconds, onCores, cores, ports, STAGING_SLOTS, portOf);
        List<List<List<Instruction>>> writes = new ArrayList<>();
        for (int c = 0; c < cores; c++) {
            List<List<Instruction>> perPort = new ArrayList<>();
            for (int k = 0; k < ports; k++) {
                perPort.add(new ArrayList<>());
            }
            writes.add(perPort);
        }
        if (n > 0) {
            // one queue of weight loads in the planned order (the DMA's descriptor list), each into its core's
            // staging slot: the channel serves them in that order, not first come first served among the cores
            int first = loads.get(order[0]).core();
            List<Instruction> queue = new ArrayList<>();
            if (options.writesAfterPrevious()) {
                queue.add(barrier(p, first));
            }
            for (int i : order) {
                queue.add(loads.get(i));
            }
            addStream(first, "p" + p + " weight loads", queue);
        }
        for (int i : order) {
            for (int r = 0; r < ids.get(i).length; r++) {
                Placement.Slot sl = slots.get(ids.get(i)[r]);
                writes.get(sl.core()).get(portOf[i][r]).add(new Instruction(Opcode.WRITE_ROWS, p, sl.core(),
                        sl.unit(), -1, -1, sl.replica(), sl.tile(), sl.index(),
                        layouts.get(sl.unit()).tiles().get(sl.tile()).rows(), 1, 0));
            }
        }
        for (int c = 0; c < cores; c++) {
            for (int port = 0; port < ports; port++) {
                List<Instruction> mine = writes.get(c).get(port);
                if (mine.isEmpty()) {
                    continue;
                }
                List<Instruction> s = new ArrayList<>();
                if (options.writesAfterPrevious()) {
                    s.add(barrier(p, c));
                }
                s.addAll(options.writeOrder().order(p, c, port, mine));
                addStream(c, "p" + p + " write port " + port, s);
            }
        }
    }

    /**
     * Weight loads and writes for a schedule. Per core, loads in the order of their unit's scheduled write start
     * (a unit's tiles in {@link #unitLoadOrder}'s order), each no earlier than its share of its unit's scheduled load;
     * writes in that order too, each no earlier than that start, dealt to the port expected to be free first
     * (list scheduling on the row time), each after a FREE_X on the crossbar's earlier user where the schedule
     * orders them. Without prefetch both wait for the previous partition (BARRIER); with prefetch the loads wait
     * only until the core has issued every weight load of the earlier partitions (SYNC_PW: so a later
     * partition's tiles never take the staging slots an earlier partition's tiles still need, which could
     * deadlock).
     */
    private void lowerScheduledWrites(int p, Partition pt, int[] rep, List<TileLayout> layouts, int[] slotBase,
                                      List<Placement.Slot> slots) {
        int cores = hw.cores();
        List<List<Instruction>> loads = new ArrayList<>();
        List<List<Integer>> writes = new ArrayList<>();
        tiles(p, pt, rep, layouts, slotBase, slots, loads, writes);
        int ports = hw.writePortsPerCore();
        double row = hw.rowWriteSeconds();
        for (int c = 0; c < cores; c++) {
            List<Instruction> ls = new ArrayList<>(loads.get(c));
            // in the writes' order (not the loads' own): a port's next write must never wait for a tile that the
            // staging slots, full of tiles for its later writes, cannot take (a deadlock)
            ls.sort(Comparator.comparingDouble(in -> sched.start(in.unit())));
            if (!ls.isEmpty()) {
                List<Instruction> s = new ArrayList<>();
                if (!sched.mode().prefetch()) {
                    s.add(barrier(p, c));
                } else if (p > 0) {
                    s.add(wait(Opcode.SYNC_PW, p, c, -1));
                }
                s.addAll(ls);
                addStream(c, "p" + p + " weight loads", s);
            }
            List<Integer> ws = new ArrayList<>(writes.get(c));
            ws.sort(Comparator.comparingDouble(id -> sched.start(slots.get(id).unit())));
            List<List<Instruction>> port = new ArrayList<>();
            double[] portFree = new double[ports];
            for (int k = 0; k < ports; k++) {
                port.add(new ArrayList<>());
                if (!sched.mode().prefetch()) {
                    port.get(k).add(barrier(p, c));
                }
            }
            for (int id : ws) {
                Placement.Slot sl = slots.get(id);
                double start = sched.start(sl.unit());
                long rows = layouts.get(sl.unit()).tiles().get(sl.tile()).rows();
                int k = 0;
                for (int j = 1; j < ports; j++) {
                    if (Math.max(portFree[j], start) < Math.max(portFree[k], start)) {
                        k = j;
                    }
                }
                portFree[k] = Math.max(portFree[k], start) + rows * row;
                Integer prev = awaits.get(id);
                if (prev != null) {
                    port.get(k).add(wait(Opcode.FREE_X, p, c, prev));
                }
                port.get(k).add(new Instruction(Opcode.WRITE_ROWS, p, c, sl.unit(), -1, -1, sl.replica(), sl.tile(),
                        sl.index(), rows, 1, start));
            }
            for (int k = 0; k < ports; k++) {
                boolean any = port.get(k).stream().anyMatch(in -> in.op() == Opcode.WRITE_ROWS);
                if (any) {
                    addStream(c, "p" + p + " write port " + k, port.get(k));
                }
            }
        }
    }

    private void lowerCompute(int p, Partition pt, int[] part, int[] slotBase, List<Placement.Slot> slots,
                              int[] unitCore, List<List<Integer>> unitInputs) {
        int batch = problem.batch();
        // where each tensor is available on which core in this partition: tensor -> core -> buffer
        Map<Integer, Map<Integer, Integer>> at = new HashMap<>();
        Map<Integer, Integer> source = new HashMap<>();
        Map<Integer, Integer> creditInputs = image ? reconvergence(pt) : wholeInputReads(pt);
        for (int u : pt.units()) {
            Unit unit = g.unit(u);
            int core;
            if (unit.weighted()) {
                core = slots.get(slotBase[u]).core();
            } else {
                core = -1;
                for (int t : unit.inputTensors()) {
                    Integer b = source.get(t);
                    if (b != null) {
                        core = buffers.get(b).core();
                        break;
                    }
                }
                if (core < 0) {
                    core = Math.floorMod(u, hw.cores());
                }
            }
            core = Math.min(core, hw.cores() - 1);
            unitCore[u] = core;
            for (int t : unit.inputTensors()) {
                Integer src = source.get(t);
                if (src == null) {
                    // produced outside the partition (or never): load it from DRAM on this core
                    src = newBuffer(p, t, core, BufferSpec.Kind.LOADED, creditInputs);
                    source.put(t, src);
                    at.computeIfAbsent(t, k -> new HashMap<>()).put(core, src);
                    addStream(core, "p" + p + " load " + g.tensor(t).name(), withEntry(p, core, -1,
                            new Instruction(Opcode.LOAD_A, p, core, -1, src, -1, -1, -1, -1, 0,
                                    batch * bands(t), 0)));
                }
                Integer local = at.get(t).get(core);
                if (local == null) {
                    int from = buffers.get(src).core();
                    local = newBuffer(p, t, core, BufferSpec.Kind.RECEIVED, creditInputs);
                    at.get(t).put(core, local);
                    addStream(from, "p" + p + " send " + g.tensor(t).name() + " to core " + core, withEntry(p, from, -1,
                            new Instruction(Opcode.SEND, p, from, -1, src, local, -1, -1, -1, 0,
                                    batch * bands(t), 0)));
                    addStream(core, "p" + p + " recv " + g.tensor(t).name() + " from core " + from, withEntry(p,
                            core, -1, new Instruction(Opcode.RECV, p, core, -1, local, -1, -1, -1, -1, 0,
                                    batch * bands(t), 0)));
                }
                unitInputs.get(u).add(local);
            }
            int out = unit.outputTensor();
            int ob = newBuffer(p, out, core, BufferSpec.Kind.PRODUCED, creditInputs);
            source.put(out, ob);
            at.computeIfAbsent(out, k -> new HashMap<>()).put(core, ob);
            Opcode op = unit.weighted() ? Opcode.MVM : Opcode.VEC;
            addStream(core, "p" + p + " " + unit.name(), withEntry(p, core, unit.weighted() ? u : -1,
                    new Instruction(op, p, core, u, ob, -1, -1, -1, -1, 0, batch * bands(out), 0)));
            Tensor tensor = g.tensor(out);
            boolean leaves = tensor.networkOutput();
            for (int c : tensor.consumers()) {
                leaves |= part[c] != p;
            }
            if (leaves) {
                addStream(core, "p" + p + " store " + tensor.name(), withEntry(p, core, -1,
                        new Instruction(Opcode.STORE_A, p, core, -1, ob, -1, -1, -1, -1, 0,
                                batch * bands(out), 0)));
            }
        }
    }

    /** Bands of a tensor per input: one per row in the row pipeline, one per whole input in the image one. */
    private int bands(int tensor) {
        return image ? 1 : Geometry.rows(g, tensor);
    }

    /**
     * Image pipeline: the whole inputs each tensor read in a partition may hold at once. Two (double buffering),
     * plus the stages by which its latest reader trails its earliest one: where paths reconverge (a residual
     * connection), the tensor must wait in its buffer while the longer path catches up, and with only two inputs
     * of room its producer would stall every other input (a FIFO sized to the path difference, as dataflow
     * compilers size them). Stage depth is the longest path from the partition's sources.
     */
    private Map<Integer, Integer> reconvergence(Partition pt) {
        Map<Integer, Integer> level = new HashMap<>();
        Map<Integer, int[]> readers = new HashMap<>(); // tensor -> {least, greatest reader level}
        for (int u : pt.units()) {
            int l = 0;
            for (int t : g.unit(u).inputTensors()) {
                Integer pl = g.tensor(t).producer() >= 0 ? level.get(g.tensor(t).producer()) : null;
                if (pl != null) {
                    l = Math.max(l, pl + 1);
                }
            }
            level.put(u, l);
            for (int t : g.unit(u).inputTensors()) {
                int[] range = readers.computeIfAbsent(t, k -> new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE});
                range[0] = Math.min(range[0], l);
                range[1] = Math.max(range[1], l);
            }
        }
        Map<Integer, Integer> credit = new HashMap<>();
        readers.forEach((t, range) -> credit.put(t, 2 + range[1] - range[0]));
        return credit;
    }

    /**
     * Row pipeline: the whole inputs each tensor read in a partition may hold at once. One, so that a producer
     * runs at most one input ahead of a reader that frees rows as it goes; two (double buffering) for a tensor that
     * a reader in the partition needs whole before its first output row (attention's matmuls, softmax, global
     * pooling, flatten): such a reader frees the input only after its last row, and with one input of room its
     * producer would wait for the reader's whole input before starting the next, which no dataflow schedule does
     * when the core's buffer holds two (vit_b_16 on compass-s, batch 16: 529.7 us against 362.9 us in the cost
     * model for the partition from a block's residual add to its attention context, whose producer works on the
     * next input while the reader finishes this one; docs/simulator.md, "Flow control").
     */
    private Map<Integer, Integer> wholeInputReads(Partition pt) {
        Map<Integer, Integer> credit = new HashMap<>();
        for (int u : pt.units()) {
            Node node = g.network().node(g.unit(u).nodeId());
            for (int t : g.unit(u).inputTensors()) {
                int inRows = Geometry.rows(g, t);
                if (inRows > 1 && Geometry.dependence(node, inRows, false)[0][0] == inRows) {
                    credit.put(t, 2);
                }
            }
        }
        return credit;
    }

    private int newBuffer(int p, int tensor, int core, BufferSpec.Kind kind, Map<Integer, Integer> creditInputs) {
        int rows = Geometry.rows(g, tensor);
        // flow control: in the row pipeline one whole input, two for a tensor read whole (wholeInputReads); in the
        // image pipeline two (double buffering) and as many more as its readers' stages differ (reconvergence)
        long credit = (long) creditInputs.getOrDefault(tensor, image ? 2 : 1) * rows;
        buffers.add(new BufferSpec(buffers.size(), p, tensor, core, kind, credit));
        return buffers.size() - 1;
    }

    private static Instruction barrier(int p, int core) {
        return new Instruction(Opcode.BARRIER, p, core, -1, -1, -1, -1, -1, -1, 0, 1, 0);
    }

    /**
     * A compute stream: its instruction after the entry condition. In phases, the program phase (SYNC_W); with
     * early start, the previous partition (BARRIER) and, for a weighted layer, its own writes (SYNC_U).
     */
    private List<Instruction> withEntry(int p, int core, int weightedUnit, Instruction body) {
        if (sched == null || !sched.mode().earlyStart()) {
            return List.of(syncW(p, core), body);
        }
        if (weightedUnit < 0) {
            return List.of(barrier(p, core), body);
        }
        return List.of(barrier(p, core), wait(Opcode.SYNC_U, p, core, weightedUnit), body);
    }

    private static Instruction wait(Opcode op, int p, int core, int unit) {
        return new Instruction(op, p, core, unit, -1, -1, -1, -1, -1, 0, 1, 0);
    }

    private static Instruction syncW(int p, int core) {
        return new Instruction(Opcode.SYNC_W, p, core, -1, -1, -1, -1, -1, -1, 0, 1, 0);
    }

    private void addStream(int core, String name, List<Instruction> ins) {
        streams.get(core).add(new ArrayList<>(ins));
        streamNames.get(core).add(name);
    }
}
