package org.compass.model.mapping;

import java.util.ArrayList;
import java.util.List;
import org.compass.model.hardware.Hardware;
import org.compass.model.network.LayerKind;
import org.compass.model.network.Network;
import org.compass.model.network.Node;
import org.compass.model.network.SizeLimits;

/**
 * A network mapped onto a chip: the units that partitions are made of and the tensors between them.
 *
 * <p>Units are in a topological order (a unit's inputs are produced by units with smaller ids or by
 * network inputs). A weighted layer that needs more crossbars than the chip is split into balanced column
 * slices (groups of output channels) that each fit; every consumer of the layer reads all slices.
 */
public final class MappedGraph {

    private final Network network;
    private final Hardware hardware;
    private final List<Unit> units;
    private final List<Tensor> tensors;
    private final List<CrossbarMapping> nodeMappings;

    private MappedGraph(Network network, Hardware hardware, List<Unit> units, List<Tensor> tensors,
                        List<CrossbarMapping> nodeMappings) {
        this.network = network;
        this.hardware = hardware;
        this.units = List.copyOf(units);
        this.tensors = List.copyOf(tensors);
        this.nodeMappings = nodeMappings;
    }

    /**
     * Maps every node of the network onto the chip.
     *
     * @throws LayerTooLargeException   when one column tile of a layer exceeds the chip
     * @throws MappingTooLargeException when the mapping would exceed {@link SizeLimits#UNITS} units or a
     *                                  layer's crossbar count does not fit an int
     */
    public static MappedGraph build(Network network, Hardware hw) {
        return build(network, hw, 0);
    }

    /**
     * Maps every node of the network onto the chip, splitting a layer into column slices of at most
     * {@code sliceCrossbars} crossbars (0: the chip's crossbars, the default) instead of slices that fill the chip; a
     * slice holds at least one column tile, so a layer whose column tile (its row tiles) exceeds the limit gets slices
     * of one column tile. Finer slices let a plan keep more crossbars resident (docs/llm.md, "Resident weights").
     *
     * @throws LayerTooLargeException   when one column tile of a layer exceeds the chip
     * @throws MappingTooLargeException when the mapping would exceed {@link SizeLimits#UNITS} units
     */
    public static MappedGraph build(Network network, Hardware hw, int sliceCrossbars) {
        int limit = sliceCrossbars > 0 ? Math.min(sliceCrossbars, hw.crossbars()) : hw.crossbars();
        List<UnitDraft> drafts = new ArrayList<>();
        List<TensorDraft> tensorDrafts = new ArrayList<>();
        List<List<Integer>> nodeTensors = new ArrayList<>();
        List<CrossbarMapping> mappings = new ArrayList<>();
        checkUnits(network, hw, limit);
        for (Node node : network.nodes()) {
            List<Integer> inputs = new ArrayList<>();
            for (int in : node.inputs()) {
                for (int t : nodeTensors.get(in)) {
                    if (!inputs.contains(t)) {
                        inputs.add(t);
                    }
                }
            }
            List<Integer> produced = new ArrayList<>();
            if (node.kind() == LayerKind.INPUT) {
                mappings.add(null);
                produced.add(tensorDrafts.size());
                tensorDrafts.add(new TensorDraft(node.name(), -1, hw.activationBytes(node.output().elements()),
                        network.kvCache(node.id())));
            } else if (!node.weighted()) {
                mappings.add(null);
                int t = tensorDrafts.size();
                produced.add(t);
                tensorDrafts.add(new TensorDraft(node.name(), drafts.size(), hw.activationBytes(node.output().elements()),
                        network.kvCache(node.id())));
                drafts.add(new UnitDraft(node.name(), node.id(), 0, 1, node.kind(), 0, 0, 0, 0, 0, 0, 0,
                        node.output().channels(), inputs, t));
            } else {
                CrossbarMapping map = CrossbarMapper.map(node, hw);
                mappings.add(map);
                addWeighted(node, map, hw, limit, inputs, drafts, tensorDrafts, produced,
                        network.kvCache(node.id()));
            }
            nodeTensors.add(produced);
        }
        List<List<Integer>> consumers = new ArrayList<>();
        for (int i = 0; i < tensorDrafts.size(); i++) {
            consumers.add(new ArrayList<>());
        }
        for (int u = 0; u < drafts.size(); u++) {
            for (int t : drafts.get(u).inputs) {
                consumers.get(t).add(u);
            }
        }
        List<Tensor> tensors = new ArrayList<>();
        for (int t = 0; t < tensorDrafts.size(); t++) {
            TensorDraft d = tensorDrafts.get(t);
            // new KV-cache entries are results of a decode step: stored even though the attention reads them
            boolean output = d.producer >= 0 && (consumers.get(t).isEmpty() || d.kvCache);
            tensors.add(new Tensor(t, d.name, d.producer, d.bytes, consumers.get(t), output, d.kvCache));
        }
        List<Unit> units = new ArrayList<>();
        for (int u = 0; u < drafts.size(); u++) {
            UnitDraft d = drafts.get(u);
            units.add(new Unit(u, d.name, d.nodeId, d.slice, d.slices, d.kind, d.crossbars, d.rowsWritten,
                    d.mvmSteps, d.fillSteps, d.weights, d.weightBytes, d.macs, d.outputs, d.inputs, d.output));
        }
        return new MappedGraph(network, hw, units, tensors, mappings);
    }

    /** Counts the units before building any, so a layer split into millions of slices is refused at once. */
    private static void checkUnits(Network network, Hardware hw, int limit) {
        long units = 0;
        int chip = hw.crossbars();
        for (Node node : network.nodes()) {
            if (node.kind() == LayerKind.INPUT) {
                continue;
            }
            long slices = 1;
            if (node.weighted()) {
                CrossbarMapping map = CrossbarMapper.map(node, hw);
                if (map.rowTiles() <= chip && map.crossbars() > limit) {
                    long tilesPerSlice = Math.max(1, limit / map.rowTiles());
                    slices = (map.colTiles() + tilesPerSlice - 1) / tilesPerSlice;
                }
                if (slices > SizeLimits.UNITS) {
                    throw new MappingTooLargeException("layer '" + node.name() + "' splits into "
                            + String.format("%,d", slices) + " slices on a chip of " + chip + (chip == 1 ? " crossbar" : " crossbars") + " (it needs "
                            + String.format("%,d", (long) map.crossbars()) + "); at most "
                            + String.format("%,d", SizeLimits.UNITS) + " units per network are supported;"
                            + " maybe choose a larger chip or a smaller layer");
                }
            }
            units += slices;
        }
        if (units > SizeLimits.UNITS) {
            throw new MappingTooLargeException("the network maps to " + String.format("%,d", units)
                    + " units on a chip of " + chip + (chip == 1 ? " crossbar" : " crossbars") + "; at most " + String.format("%,d", SizeLimits.UNITS)
                    + " are supported; maybe choose a larger chip");
        }
    }

    private static void addWeighted(Node node, CrossbarMapping map, Hardware hw, int limit, List<Integer> inputs,
                                    List<UnitDraft> drafts, List<TensorDraft> tensorDrafts, List<Integer> produced,
                                    boolean kvCacheNode) {
        int chip = hw.crossbars();
        if (map.rowTiles() > chip) {
            throw new LayerTooLargeException(node.name(), map.rowTiles(), chip);
        }
        int tilesPerSlice = map.crossbars() <= limit ? map.colTiles() : Math.max(1, limit / map.rowTiles());
        int slices = (map.colTiles() + tilesPerSlice - 1) / tilesPerSlice;
        long steps = map.mvmSteps();
        double fillSteps = fillFraction(node) * steps;
        long positions = node.output().positions();
        long k = map.rows();
        long m = map.cols();
        long perGroupCols = m / node.groups();
        int firstTile = 0;
        long firstOutput = 0;
        for (int s = 0; s < slices; s++) {
            // balanced slices: the first (colTiles % slices) slices get one tile more
            int tiles = map.colTiles() / slices + (s < map.colTiles() % slices ? 1 : 0);
            long outputs = Math.min(m - firstOutput, (long) tiles * map.outputsPerColTile());
            long weights = k * outputs;
            long rows = map.groupsPerCrossbar() > 1 ? k * (outputs / perGroupCols) : k * tiles;
            if (slices == 1) {
                rows = map.rowsWritten();
            }
            int crossbars = slices == 1 ? map.crossbars() : map.rowTiles() * tiles;
            String name = slices == 1 ? node.name() : node.name() + "#" + s;
            int t = tensorDrafts.size();
            tensorDrafts.add(new TensorDraft(name, drafts.size(), hw.activationBytes(outputs * positions),
                    kvCacheNode));
            produced.add(t);
            drafts.add(new UnitDraft(name, node.id(), s, slices, node.kind(), crossbars, rows, steps, fillSteps,
                    weights, hw.weightBytes(weights), steps * weights, (int) outputs, inputs, t));
            firstTile += tiles;
            firstOutput += outputs;
        }
    }

    /**
     * Fraction of a layer's steps that pass before its first output row is ready in a row pipeline:
     * min(1, kh/H_in) for a convolution over a spatial input, one step for a linear layer.
     */
    static double fillFraction(Node node) {
        if (node.kind() == LayerKind.CONV) {
            int h = node.inputShapes().get(0).height();
            return Math.min(1.0, (double) node.window().kernelH() / h);
        }
        return 1.0 / Math.max(1, node.mvmSteps());
    }

    /** The network mapped. */
    public Network network() {
        return network;
    }

    /** The chip mapped onto. */
    public Hardware hardware() {
        return hardware;
    }

    /** Units in topological order; a unit's id is its index. */
    public List<Unit> units() {
        return units;
    }

    /** The unit with the given id. */
    public Unit unit(int id) {
        return units.get(id);
    }

    /** Number of units. */
    public int size() {
        return units.size();
    }

    /** All tensors; network inputs have producer -1. */
    public List<Tensor> tensors() {
        return tensors;
    }

    /** The tensor with the given id. */
    public Tensor tensor(int id) {
        return tensors.get(id);
    }

    /** The mapping of a whole weighted node, or null for an unweighted one. */
    public CrossbarMapping mappingOf(int nodeId) {
        return nodeMappings.get(nodeId);
    }

    /** Crossbars needed to hold every layer once. */
    public long crossbarsNeeded() {
        return units.stream().mapToLong(Unit::crossbars).sum();
    }

    /** Whether every layer fits on the chip at once. */
    public boolean fitsOnChip() {
        return crossbarsNeeded() <= hardware.crossbars();
    }

    /** Units that depend on unit u through one of its tensors. */
    public List<Integer> successors(int u) {
        return tensors.get(units.get(u).outputTensor()).consumers();
    }

    private record UnitDraft(String name, int nodeId, int slice, int slices, LayerKind kind, int crossbars,
                             long rowsWritten, long mvmSteps, double fillSteps, long weights, long weightBytes,
                             long macs, int outputs, List<Integer> inputs, int output) {
    }

    private record TensorDraft(String name, int producer, long bytes, boolean kvCache) {
    }
}
