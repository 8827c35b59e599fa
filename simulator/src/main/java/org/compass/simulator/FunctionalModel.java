package org.compass.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Tensor;
import org.compass.model.mapping.Unit;
import org.compass.model.network.LayerKind;
import org.compass.model.network.Node;
import org.compass.model.network.Shape;
import org.compass.model.network.Window;

/**
 * The functional mode: crossbars hold real cell values, written by {@code WRITE_ROWS}, and every MVM
 * computes its outputs through them bit-serially.
 *
 * <p>A signed b_w-bit weight w is stored offset-binary (w + 2^(b_w-1)) over ceil(b_w/b_cell) cells of
 * b_cell bits. Inputs (unsigned b_a-bit activations) are applied one bit at a time; each column's sum is
 * read by an ADC of {@code adcBits} bits (the low bits beyond its resolution are lost), shifted by input bit
 * and cell slice, accumulated over the row tiles of a column, and the offset 2^(b_w-1) * sum(x) is
 * subtracted digitally. With a lossless ADC the result equals the integer dot product exactly. Input b of
 * a layer is computed on replica b mod r, so every replica's crossbars are exercised.
 */
public final class FunctionalModel {

    private final MappedGraph g;
    private final Hardware hw;
    private final long seed;
    private final int adcShift;
    private final Map<Integer, int[]> weights = new HashMap<>();
    private final Map<Integer, int[]> cells = new HashMap<>();
    private final int[][][] values;
    private final Map<Integer, List<Integer>> nodeTensors = new HashMap<>();
    private final int batch;

    /** A functional model of a problem's network with seeded weights and inputs and the ADC of a chip model. */
    public FunctionalModel(org.compass.model.problem.Problem problem, long seed, ChipModel chip) {
        this.g = problem.graph();
        this.hw = problem.hardware();
        this.seed = seed;
        this.batch = problem.batch();
        this.adcShift = Math.max(0, ChipModel.losslessAdcBits(hw) - chip.adcBits());
        this.values = new int[g.tensors().size()][][];
        for (Tensor t : g.tensors()) {
            values[t.id()] = new int[batch][];
            Node n = Geometry.node(g, t.id());
            nodeTensors.computeIfAbsent(n.id(), k -> new ArrayList<>()).add(t.id());
            if (t.producer() < 0) {
                for (int b = 0; b < batch; b++) {
                    values[t.id()][b] = Quantization.input(n, hw, seed, b);
                }
            }
        }
        for (Node n : problem.network().nodes()) {
            if (n.weighted()) {
                weights.put(n.id(), Quantization.weights(n, hw, seed));
            }
        }
    }

    /** The seed of weights and inputs. */
    public long seed() {
        return seed;
    }

    /** A node's output for input b as computed on the chip (slices concatenated), or null if never computed. */
    public int[] nodeOutput(int nodeId, int b) {
        List<Integer> ts = nodeTensors.get(nodeId);
        int len = 0;
        for (int t : ts) {
            if (values[t][b] == null) {
                return null;
            }
            len += values[t][b].length;
        }
        int[] out = new int[len];
        int at = 0;
        for (int t : ts) {
            System.arraycopy(values[t][b], 0, out, at, values[t][b].length);
            at += values[t][b].length;
        }
        return out;
    }

    /** Programs the cells of global crossbar x with a slot's tile (cells outside its blocks become 0). */
    void write(Program program, int slot, int x) {
        Placement.Slot s = program.placement().slotAt(slot);
        TileLayout layout = program.placement().layouts().get(s.unit());
        if (!layout.exact()) {
            throw new IllegalArgumentException("functional mode cannot lay out '" + g.unit(s.unit()).name() + "'");
        }
        int r = hw.crossbarRows();
        int c = hw.crossbarCols();
        int sl = hw.bitSlices();
        int cb = hw.cellBits();
        int half = 1 << (hw.weightBits() - 1);
        Node node = g.network().node(g.unit(s.unit()).nodeId());
        int m = (int) node.weightCols();
        int[] w = weights.get(node.id());
        int[] cell = new int[r * c];
        for (TileLayout.Block blk : layout.tiles().get(s.tile()).blocks()) {
            for (int i = 0; i < blk.rows(); i++) {
                for (int o = 0; o < blk.outputs(); o++) {
                    int u = w[(int) ((blk.firstRow() + i) * m + blk.firstOutput() + o)] + half;
                    for (int j = 0; j < sl; j++) {
                        cell[(blk.rowOffset() + i) * c + blk.colOffset() + o * sl + j] = (u >> (j * cb)) & ((1 << cb) - 1);
                    }
                }
            }
        }
        cells.put(x, cell);
    }

    /** Computes unit u's whole output for input b on the given replica, once the program has produced it. */
    void compute(Program program, int u, int b, int replica, Instruction in, double now) {
        Unit unit = g.unit(u);
        Node node = g.network().node(unit.nodeId());
        List<int[]> inputs = new ArrayList<>();
        for (int id : node.inputs()) {
            int[] v = nodeOutput(id, b);
            if (v == null) {
                throw new SimulationException(in.describe(program), in.core(), now, "input '"
                        + g.network().node(id).name() + "' of input sample " + b + " has no values");
            }
            inputs.add(v);
        }
        int[] out;
        if (!unit.weighted()) {
            out = VectorOps.apply(node, inputs, hw.activationBits());
        } else {
            out = mvm(program, unit, node, inputs.get(0), replica);
        }
        values[unit.outputTensor()][b] = out;
    }

    private int[] mvm(Program program, Unit unit, Node node, int[] x, int replica) {
        Placement pl = program.placement();
        TileLayout layout = pl.layouts().get(unit.id());
        Shape s = node.inputShapes().get(0);
        Shape o = node.output();
        long firstOutput = layout.tiles().get(0).blocks().get(0).firstOutput();
        for (TileLayout.Tile t : layout.tiles()) {
            for (TileLayout.Block blk : t.blocks()) {
                firstOutput = Math.min(firstOutput, blk.firstOutput());
            }
        }
        int outs = unit.outputs();
        int positions = o.height() * o.width();
        long[] acc = new long[(long) outs * positions > Integer.MAX_VALUE ? 0 : outs * positions];
        int k = (int) (node.weightRows() * node.groups());
        int[] vec = new int[k];
        int r = hw.crossbarRows();
        int c = hw.crossbarCols();
        int sl = hw.bitSlices();
        int cb = hw.cellBits();
        int ab = hw.activationBits();
        long half = 1L << (hw.weightBits() - 1);
        int[] rowIn = new int[r];
        long[] colSum = new long[c];
        for (int pos = 0; pos < positions; pos++) {
            im2col(node, s, x, pos / o.width(), pos % o.width(), vec);
            for (int t = 0; t < layout.tiles().size(); t++) {
                Placement.Slot slot = pl.slotAt(pl.slot(unit.id(), replica, t));
                int[] cell = cells.get(slot.core() * stride(program) + slot.index());
                java.util.Arrays.fill(rowIn, 0);
                for (TileLayout.Block blk : layout.tiles().get(t).blocks()) {
                    for (int i = 0; i < blk.rows(); i++) {
                        rowIn[blk.rowOffset() + i] = vec[(int) blk.firstRow() + i];
                    }
                }
                for (int bit = 0; bit < ab; bit++) {
                    java.util.Arrays.fill(colSum, 0);
                    if (cell != null) {
                        for (int row = 0; row < r; row++) {
                            if (((rowIn[row] >> bit) & 1) == 0) {
                                continue;
                            }
                            int base = row * c;
                            for (int col = 0; col < c; col++) {
                                colSum[col] += cell[base + col];
                            }
                        }
                    }
                    for (TileLayout.Block blk : layout.tiles().get(t).blocks()) {
                        for (int oo = 0; oo < blk.outputs(); oo++) {
                            int local = (int) (blk.firstOutput() - firstOutput) + oo;
                            for (int j = 0; j < sl; j++) {
                                long adc = (colSum[blk.colOffset() + oo * sl + j] >> adcShift) << adcShift;
                                acc[local * positions + pos] += adc << (bit + j * cb);
                            }
                        }
                    }
                }
                for (TileLayout.Block blk : layout.tiles().get(t).blocks()) {
                    long sum = 0;
                    for (int i = 0; i < blk.rows(); i++) {
                        sum += rowIn[blk.rowOffset() + i];
                    }
                    for (int oo = 0; oo < blk.outputs(); oo++) {
                        int local = (int) (blk.firstOutput() - firstOutput) + oo;
                        acc[local * positions + pos] -= half * sum;
                    }
                }
            }
        }
        int shift = Quantization.shift(node, hw);
        int[] out = new int[acc.length];
        for (int i = 0; i < acc.length; i++) {
            out[i] = Quantization.requantize(acc[i], node.activation(), shift, ab);
        }
        return out;
    }

    private int stride(Program program) {
        int max = hw.crossbarsPerCore();
        for (Placement.Slot s : program.placement().slots()) {
            max = Math.max(max, s.index() + 1);
        }
        return max;
    }

    /** The input vector of one output position, rows group-major as in the weight matrix. */
    private static void im2col(Node node, Shape s, int[] x, int oy, int ox, int[] vec) {
        if (node.kind() == LayerKind.FC) {
            int pos = s.height() * s.width();
            int p = oy * s.width() + ox;
            for (int i = 0; i < vec.length; i++) {
                vec[i] = x[i * pos + p];
            }
            return;
        }
        Window w = node.window();
        int cg = s.channels() / node.groups();
        int kg = cg * w.kernelH() * w.kernelW();
        for (int grp = 0; grp < node.groups(); grp++) {
            for (int cl = 0; cl < cg; cl++) {
                for (int ky = 0; ky < w.kernelH(); ky++) {
                    int iy = oy * w.strideH() - w.padH() + ky * w.dilationH();
                    for (int kx = 0; kx < w.kernelW(); kx++) {
                        int ix = ox * w.strideW() - w.padW() + kx * w.dilationW();
                        int row = grp * kg + (cl * w.kernelH() + ky) * w.kernelW() + kx;
                        vec[row] = iy < 0 || ix < 0 || iy >= s.height() || ix >= s.width()
                                ? 0 : x[((grp * cg + cl) * s.height() + iy) * s.width() + ix];
                    }
                }
            }
        }
    }
}
