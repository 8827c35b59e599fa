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
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.solver.Partition;
import org.compass.solver.Plan;

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
 * <p>The lowering does not judge the plan: a plan that reads a tensor before it is produced, leaves out a
 * layer or overfills the chip is lowered as it is, and the simulator reports where it goes wrong.
 */
public final class Lowering {

    private final Problem problem;
    private final MappedGraph g;
    private final Hardware hw;
    private final LoweringOptions options;
    private final boolean image;

    private final List<BufferSpec> buffers = new ArrayList<>();
    private final List<List<List<Instruction>>> streams = new ArrayList<>();
    private final List<List<String>> streamNames = new ArrayList<>();

    private Lowering(Problem problem, LoweringOptions options) {
        this.problem = problem;
        this.g = problem.graph();
        this.hw = problem.hardware();
        this.options = options;
        this.image = problem.pipeline() == PipelineMode.IMAGE;
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
        return new Lowering(problem, options).run(plan);
    }

    private Program run(Plan plan) {
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
        for (int p = 0; p < plan.size(); p++) {
            Partition pt = plan.partitions().get(p);
            place(p, pt, rep, layouts, slotBase, slots);
            lowerWrites(p, pt, rep, layouts, slotBase, slots);
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

    /** Largest tile first onto the core with a free crossbar and the least rows to write. */
    private void place(int p, Partition pt, int[] rep, List<TileLayout> layouts, int[] slotBase,
                       List<Placement.Slot> slots) {
        record Demand(int unit, int replica, int tile, int rows) {
        }
        List<Demand> demands = new ArrayList<>();
        for (int u : pt.units()) {
            TileLayout l = layouts.get(u);
            if (l == null) {
                continue;
            }
            slotBase[u] = slots.size() + demands.size();
            for (int r = 0; r < rep[u]; r++) {
                for (int t = 0; t < l.tiles().size(); t++) {
                    demands.add(new Demand(u, r, t, l.tiles().get(t).rows()));
                }
            }
        }
        int base = slots.size();
        Placement.Slot[] placed = new Placement.Slot[demands.size()];
        Integer[] order = new Integer[demands.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> -demands.get(i).rows()).thenComparingInt(i -> i));
        int cores = hw.cores();
        int perCore = hw.crossbarsPerCore();
        int[] used = new int[cores];
        long[] rows = new long[cores];
        for (int i : order) {
            Demand d = demands.get(i);
            int best = -1;
            boolean free = false;
            for (int c = 0; c < cores; c++) {
                boolean f = used[c] < perCore;
                if (best < 0 || (f && !free) || (f == free && rows[c] < rows[best])) {
                    best = c;
                    free = f;
                }
            }
            placed[i] = new Placement.Slot(d.unit, d.replica, d.tile, p, best, used[best]++);
            rows[best] += d.rows;
        }
        for (Placement.Slot s : placed) {
            slots.add(s);
        }
        assert slots.size() == base + demands.size();
    }

    /** Weight loads (one per tile, by the core of replica 0) and writes (every replica), per port. */
    private void lowerWrites(int p, Partition pt, int[] rep, List<TileLayout> layouts, int[] slotBase,
                             List<Placement.Slot> slots) {
        int cores = hw.cores();
        List<List<Instruction>> loads = new ArrayList<>();
        List<List<Instruction>> writes = new ArrayList<>();
        for (int c = 0; c < cores; c++) {
            loads.add(new ArrayList<>());
            writes.add(new ArrayList<>());
        }
        for (int u : pt.units()) {
            TileLayout l = layouts.get(u);
            if (l == null) {
                continue;
            }
            Unit unit = g.unit(u);
            long weightsBefore = 0;
            int tiles = l.tiles().size();
            for (int t = 0; t < tiles; t++) {
                TileLayout.Tile tile = l.tiles().get(t);
                // split the unit's DRAM bytes by weights so the tiles add up exactly
                long from = TileLayout.share(unit.weightBytes(), weightsBefore, unit.weights());
                weightsBefore += tile.weights();
                long to = TileLayout.share(unit.weightBytes(), weightsBefore, unit.weights());
                Placement.Slot first = slots.get(slotBase[u] + t);
                loads.get(first.core()).add(new Instruction(Opcode.LOAD_W, p, first.core(), u, -1, -1, -1, t, -1,
                        to - from, 1, 0));
                for (int r = 0; r < rep[u]; r++) {
                    Placement.Slot s = slots.get(slotBase[u] + r * tiles + t);
                    writes.get(s.core()).add(new Instruction(Opcode.WRITE_ROWS, p, s.core(), u, -1, -1, r, t,
                            s.index(), tile.rows(), 1, 0));
                }
            }
        }
        for (int c = 0; c < cores; c++) {
            if (!loads.get(c).isEmpty()) {
                List<Instruction> s = new ArrayList<>();
                if (options.writesAfterPrevious()) {
                    s.add(barrier(p, c));
                }
                s.addAll(loads.get(c));
                addStream(c, "p" + p + " weight loads", s);
            }
            int ports = hw.writePortsPerCore();
            for (int port = 0; port < ports; port++) {
                List<Instruction> mine = new ArrayList<>();
                for (int i = port; i < writes.get(c).size(); i += ports) {
                    mine.add(writes.get(c).get(i));
                }
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

    private void lowerCompute(int p, Partition pt, int[] part, int[] slotBase, List<Placement.Slot> slots,
                              int[] unitCore, List<List<Integer>> unitInputs) {
        int batch = problem.batch();
        // where each tensor is available on which core in this partition: tensor -> core -> buffer
        Map<Integer, Map<Integer, Integer>> at = new HashMap<>();
        Map<Integer, Integer> source = new HashMap<>();
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
                    src = newBuffer(p, t, core, BufferSpec.Kind.LOADED);
                    source.put(t, src);
                    at.computeIfAbsent(t, k -> new HashMap<>()).put(core, src);
                    addStream(core, "p" + p + " load " + g.tensor(t).name(), List.of(syncW(p, core),
                            new Instruction(Opcode.LOAD_A, p, core, -1, src, -1, -1, -1, -1, 0,
                                    batch * bands(t), 0)));
                }
                Integer local = at.get(t).get(core);
                if (local == null) {
                    int from = buffers.get(src).core();
                    local = newBuffer(p, t, core, BufferSpec.Kind.RECEIVED);
                    at.get(t).put(core, local);
                    addStream(from, "p" + p + " send " + g.tensor(t).name() + " to core " + core, List.of(syncW(p, from),
                            new Instruction(Opcode.SEND, p, from, -1, src, local, -1, -1, -1, 0,
                                    batch * bands(t), 0)));
                    addStream(core, "p" + p + " recv " + g.tensor(t).name() + " from core " + from, List.of(
                            syncW(p, core), new Instruction(Opcode.RECV, p, core, -1, local, -1, -1, -1, -1, 0,
                                    batch * bands(t), 0)));
                }
                unitInputs.get(u).add(local);
            }
            int out = unit.outputTensor();
            int ob = newBuffer(p, out, core, BufferSpec.Kind.PRODUCED);
            source.put(out, ob);
            at.computeIfAbsent(out, k -> new HashMap<>()).put(core, ob);
            Opcode op = unit.weighted() ? Opcode.MVM : Opcode.VEC;
            addStream(core, "p" + p + " " + unit.name(), List.of(syncW(p, core),
                    new Instruction(op, p, core, u, ob, -1, -1, -1, -1, 0, batch * bands(out), 0)));
            Tensor tensor = g.tensor(out);
            boolean leaves = tensor.networkOutput();
            for (int c : tensor.consumers()) {
                leaves |= part[c] != p;
            }
            if (leaves) {
                addStream(core, "p" + p + " store " + tensor.name(), List.of(syncW(p, core),
                        new Instruction(Opcode.STORE_A, p, core, -1, ob, -1, -1, -1, -1, 0,
                                batch * bands(out), 0)));
            }
        }
    }

    /** Bands of a tensor per input: one per row in the row pipeline, one per whole input in the image one. */
    private int bands(int tensor) {
        return image ? 1 : Geometry.rows(g, tensor);
    }

    private int newBuffer(int p, int tensor, int core, BufferSpec.Kind kind) {
        int rows = Geometry.rows(g, tensor);
        // flow control: one whole input (row pipeline) or two (image pipeline, double buffering)
        long credit = image ? 2L * rows : rows;
        buffers.add(new BufferSpec(buffers.size(), p, tensor, core, kind, credit));
        return buffers.size() - 1;
    }

    private static Instruction barrier(int p, int core) {
        return new Instruction(Opcode.BARRIER, p, core, -1, -1, -1, -1, -1, -1, 0, 1, 0);
    }

    private static Instruction syncW(int p, int core) {
        return new Instruction(Opcode.SYNC_W, p, core, -1, -1, -1, -1, -1, -1, 0, 1, 0);
    }

    private void addStream(int core, String name, List<Instruction> ins) {
        streams.get(core).add(new ArrayList<>(ins));
        streamNames.get(core).add(name);
    }
}
