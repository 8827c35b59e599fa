package org.compass.model.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.compass.model.network.Activation;
import org.compass.model.network.LayerKind;
import org.compass.model.network.Network;
import org.compass.model.network.NetworkBuilder;
import org.compass.model.network.NetworkException;
import org.compass.model.network.Shape;
import org.compass.model.onnx.proto.Onnx.GraphProto;
import org.compass.model.onnx.proto.Onnx.NodeProto;
import org.compass.model.onnx.proto.Onnx.TensorProto;
import org.compass.model.onnx.proto.Onnx.ValueInfoProto;
import org.compass.model.InputException;

/**
 * Translates one ONNX graph, node by node in its (topological) order, into layers with inferred shapes,
 * then emits them through a {@link NetworkBuilder}.
 *
 * <p>This class reads the graph's initializers ({@link TensorReader}) and inputs (deciding which are parameters by
 * the rules of {@link GraphInputs}), holds the values defined so far and the layers made, and hands each node to
 * its operator's translator from the {@link OperatorRegistry}; the operators themselves live in their families ({@link WindowOps},
 * {@link LinearOps}, {@link ActivationOps}, {@link NormOps}, {@link ElementwiseOps}, {@link DataMovementOps},
 * {@link GatherOps}, {@link ConstantOps}), which use the shared helpers here.
 */
final class GraphTranslator {

    /** Constants with more elements than this keep only their shape. */
    static final int MAX_DATA = 1 << 16;

    private final String file;
    private final String networkName;
    private final GraphProto graph;
    private final Map<String, Val> values = new HashMap<>();
    private final Map<String, Integer> uses = new HashMap<>();
    private final Map<String, List<NodeProto>> consumers = new HashMap<>();
    private final List<Layer> layers = new ArrayList<>();
    private final Set<String> layerNames = new HashSet<>();
    private final Set<String> weightsAsInputs;
    private final TensorReader tensors;
    private final GraphInputs inputs;
    private final List<String> notes = new ArrayList<>();
    /** Per concatenation of a KV-cache input with new entries: {cached tokens, new tokens} along its axis. */
    private final List<long[]> cacheAppends = new ArrayList<>();
    /** Layers whose outputs are appended to a KV cache (a Concat's inputs beside a cache input). */
    private final List<Layer> kvAppends = new ArrayList<>();
    /** Graph inputs read by embedding lookups; dropped from the network when nothing else reads them. */
    private final Set<Layer> lookupIndices = new HashSet<>();
    /** The static batch of an image input imported per image, or 1. */
    private long staticBatch = 1;
    private NodeProto current;
    private final OperatorRegistry operators = OperatorRegistry.of(this);
    /** False only for shape checks of graphs without an activation input (all folded at import time). */
    private boolean requireInput = true;

    GraphTranslator(String file, String networkName, GraphProto graph, Shape givenInput, Set<String> weightsAsInputs) {
        this(file, networkName, graph, givenInput, weightsAsInputs, null);
    }

    /** @param modelDir the model file's folder, where external data files are looked up (null: none read) */
    GraphTranslator(String file, String networkName, GraphProto graph, Shape givenInput, Set<String> weightsAsInputs,
                    java.nio.file.Path modelDir) {
        this.file = file;
        this.networkName = networkName;
        this.graph = graph;
        this.weightsAsInputs = Set.copyOf(weightsAsInputs);
        this.tensors = new TensorReader(file, modelDir);
        this.inputs = new GraphInputs(file, givenInput);
    }

    Network translate() {
        translateNodes();
        return emit();
    }

    /**
     * Translates every node without emitting a network, for shape checks (the conformance suite): a graph
     * whose inputs are all constants is accepted here. The graph outputs' values are then
     * {@link #outputValues()}; the network is {@link #emitted()} when the graph has an activation input.
     */
    void translateShapesOnly() {
        requireInput = false;
        translateNodes();
    }

    /** The network of a translated graph, or null when it has no activation input. */
    Network emitted() {
        return layers.stream().anyMatch(l -> l.kind == LayerKind.INPUT) ? emit() : null;
    }

    /** The values of the graph's outputs, by name (after translation). */
    Map<String, Val> outputValues() {
        Map<String, Val> out = new java.util.LinkedHashMap<>();
        for (ValueInfoProto o : graph.getOutputList()) {
            Val v = values.get(o.getName());
            if (v != null) {
                out.put(o.getName(), v);
            }
        }
        return out;
    }

    private void translateNodes() {
        checkOneWriterPerTensor();
        countUses();
        try {
            readInitializers();
            readInputs();
        } catch (InputException e) {
            throw e;
        } catch (RuntimeException e) {
            // sizes that overflow or exceed the limits (an input dimension of 2^40)
            throw new InputException(file + ": graph inputs: " + (e instanceof ArithmeticException
                    ? "a dimension product overflows (" + e.getMessage() + ")" : String.valueOf(e.getMessage())), e);
        }
        for (int i = 0; i < graph.getNodeCount(); i++) {
            current = graph.getNode(i);
            try {
                translate(current);
            } catch (InputException e) {
                throw e;
            } catch (ArithmeticException e) {
                throw nodeError("a product of its dimensions overflows (" + e.getMessage() + ")");
            } catch (RuntimeException e) {
                throw nodeError(e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }
        current = null;
        new Collapser(layers).run();
    }

    // ---------------------------------------------------------------- graph inputs and initializers

    /**
     * An ONNX graph is in single static assignment form: each tensor has one producer. A file where two nodes
     * write the same name is refused (the second would silently replace the first's value).
     */
    private void checkOneWriterPerTensor() {
        Map<String, NodeProto> writer = new HashMap<>();
        for (NodeProto n : graph.getNodeList()) {
            for (String out : n.getOutputList()) {
                if (out.isEmpty()) {
                    continue;
                }
                NodeProto first = writer.putIfAbsent(out, n);
                if (first != null) {
                    throw new InputException(file + ": tensor '" + out + "' is written by two nodes, " + describe(first)
                            + " and " + describe(n) + "; an ONNX graph gives each tensor one producer");
                }
            }
        }
    }

    private String describe(NodeProto n) {
        String name = n.getName().isEmpty() ? "#" + graph.getNodeList().indexOf(n) : "'" + n.getName() + "'";
        return name + " (op " + n.getOpType() + ")";
    }

    private void countUses() {
        for (NodeProto n : graph.getNodeList()) {
            for (String in : n.getInputList()) {
                if (!in.isEmpty()) {
                    uses.merge(in, 1, Integer::sum);
                    consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
                }
            }
        }
        for (ValueInfoProto out : graph.getOutputList()) {
            uses.merge(out.getName(), 1, Integer::sum);
        }
    }

    private void readInitializers() {
        long externalTensors = 0;
        long externalBytes = 0;
        for (TensorProto t : graph.getInitializerList()) {
            if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
                Val v = tensors.external(t);
                values.put(t.getName(), v);
                if (v.data == null) {
                    externalTensors++;
                    externalBytes += Math.multiplyExact(v.elements(), TensorReader.elementBytes(t.getDataType()));
                }
            } else {
                values.put(t.getName(), TensorReader.tensor(t));
            }
        }
        if (externalTensors > 0) {
            notes.add(String.format("%,d tensors (%,d bytes) stored in external data files were not read: only their"
                    + " shapes are used", externalTensors, externalBytes));
        }
    }

    /**
     * Decides, for each graph input that is not an initializer, whether it is a parameter (an export made
     * with {@code export_params=False} keeps its weights as inputs) or an activation input, by where it comes
     * from and never by its position: listed in {@code weights_as_inputs}; read at an operand only a
     * parameter takes ({@link GraphInputs#parameterOperands}); named like a PyTorch parameter ({@link GraphInputs#parameterName}). Every other input that some node reads is an activation input;
     * inputs after the first are reported in a note, with the rule that decided.
     */
    private void readInputs() {
        Map<String, String> roles = new HashMap<>();
        for (NodeProto n : graph.getNodeList()) {
            for (int i : GraphInputs.parameterOperands(n.getOpType())) {
                if (i < n.getInputCount() && !n.getInput(i).isEmpty()) {
                    roles.putIfAbsent(n.getInput(i), "operand " + i + " of " + n.getOpType() + " '" + n.getName() + "'");
                }
            }
        }
        Set<String> inputNames = new HashSet<>();
        graph.getInputList().forEach(v -> inputNames.add(v.getName()));
        for (String w : weightsAsInputs) {
            if (!inputNames.contains(w)) {
                throw new InputException(file + ": weights_as_inputs names '" + w + "', which is not an input of the graph");
            }
        }
        int[] byRule = new int[3];
        List<String> extra = new ArrayList<>();
        List<String> cache = new ArrayList<>();
        boolean haveData = false;
        for (ValueInfoProto in : graph.getInputList()) {
            String name = in.getName();
            if (values.containsKey(name)) {
                continue;
            }
            int rule = weightsAsInputs.contains(name) ? 0 : roles.containsKey(name) ? 1 : GraphInputs.parameterName(name) ? 2 : -1;
            if (rule >= 0) {
                long[] dims = inputs.staticDims(in, 0);
                if (dims == null) {
                    throw new InputException(file + ": parameter input '" + name + "' ("
                            + (rule == 0 ? "listed in weights_as_inputs" : rule == 1 ? roles.get(name) : "named like a parameter")
                            + ") has no static shape");
                }
                values.put(name, Val.constant(dims, null, true));
                byRule[rule]++;
                continue;
            }
            if (haveData && !uses.containsKey(name)) {
                continue;
            }
            long[] dims = perInput(in, inputs.dataInputDims(in, inputs.staticDims(in, 1)));
            Layer input = new Layer(unique(name), "Input", LayerKind.INPUT, List.of(), Dims.nchw(dims));
            layers.add(input);
            values.put(name, Val.activation(dims, input));
            if (haveData) {
                // a later input named like a cache holds earlier tokens' keys or values: flagged as KV cache, it
                // stays in DRAM across the step (in the DRAM peak) and its reads are counted as cache reads
                input.kvCache = GraphInputs.kvCacheName(name);
                (GraphInputs.cacheName(name) ? cache : extra).add("'" + name + "' " + Dims.str(dims));
            }
            haveData = true;
        }
        if (!haveData && requireInput) {
            throw new InputException(file + ": the graph has no activation input: every input is an initializer or a "
                    + "parameter (" + byRule[0] + " listed in weights_as_inputs, " + byRule[1] + " read as a weight operand, "
                    + byRule[2] + " named like a parameter)");
        }
        if (byRule[0] + byRule[1] + byRule[2] > 0) {
            notes.add("parameters given as graph inputs (export_params=False): " + byRule[1] + " by the operand that reads "
                    + "them (weight, bias, normalization), " + byRule[2] + " by their name (*weight, *bias, onnx::*), "
                    + byRule[0] + " listed in weights_as_inputs");
        }
        if (!cache.isEmpty()) {
            notes.add("cached keys and values of earlier tokens (a decoder's decode step): " + String.join(", ", cache)
                    + " are activation inputs read from DRAM at every step and kept there (the KV cache)");
        }
        if (!extra.isEmpty()) {
            notes.add("also taken as activation inputs: " + String.join(", ", extra) + " (no initializer, not read as "
                    + "a weight operand, not named like a parameter; list parameters in weights_as_inputs)");
        }
    }

    /**
     * An image input (rank 4, N x C x H x W, or rank 3, N x C x L, read by a convolution or pooling) exported
     * with a static batch N > 1 is imported per image (N = 1),
     * with a note; Reshape targets that spell out N are read as 1 (see {@link #reshape}).
     */
    private long[] perInput(ValueInfoProto in, long[] dims) {
        boolean signal = dims.length == 3 && consumersOf(in.getName()).stream()
                .anyMatch(c -> List.of("Conv", "MaxPool", "AveragePool").contains(c.getOpType()));
        if ((dims.length != 4 && !signal) || dims[0] <= 1) {
            return dims;
        }
        long n = dims[0];
        if (staticBatch > 1 && staticBatch != n) {
            throw new InputException(file + ": inputs have different static batches (" + staticBatch + " and " + n
                    + " of '" + in.getName() + "'); export with one batch, or a symbolic one");
        }
        staticBatch = n;
        long[] one = dims.clone();
        one[0] = 1;
        notes.add("input '" + in.getName() + "' " + Dims.str(dims) + " has a static batch of " + n + ": imported per image as "
                + Dims.str(one) + " (MACs and shapes are per image; the problem's batch sets how many images run)");
        return one;
    }

    // ---------------------------------------------------------------- dispatch

    private void translate(NodeProto n) {
        String domain = n.getDomain();
        OperatorTranslator t = domain.isEmpty() || domain.equals("ai.onnx") ? operators.get(n.getOpType()) : null;
        if (t == null) {
            throw unsupported(n);
        }
        t.translate(n);
    }

    // ---------------------------------------------------------------- constants and shape computations

    // ---------------------------------------------------------------- weighted layers

    // ---------------------------------------------------------------- pools, norms, activations

    void unaryLayer(NodeProto n, LayerKind kind, Activation act) {
        Val x = activationIn(n, 0);
        Layer l = newLayer(kind, List.of(x.layer), x.layer.shape, "");
        l.activation = act;
        values.put(n.getOutput(0), Val.activation(x.dims, l));
    }

    // ---------------------------------------------------------------- elementwise

    // ---------------------------------------------------------------- data movement

    /**
     * A value with new dims and the same (or, for {@code keepsData}, reshaped) contents. An activation whose
     * model shape does not change is the same layer; otherwise a node of the given kind is added.
     */
    void reshaped(NodeProto n, Val x, long[] out, LayerKind kind, boolean keepsData) {
        if (x.isConstant()) {
            values.put(n.getOutput(0), Val.constant(out, keepsData ? x.data : null, x.real));
            return;
        }
        Shape s = Dims.nchw(out);
        if (s.equals(x.layer.shape) && x.unpadded == null) {
            markShared(n.getInput(0), x);
            values.put(n.getOutput(0), Val.activation(out, x.layer));
            return;
        }
        Layer l = newLayer(kind, List.of(x.layer), s, "");
        values.put(n.getOutput(0), Val.activation(out, l));
    }

    void sliced(NodeProto n, int output, Val x, long[] out) {
        Layer l = newLayer(LayerKind.SLICE, List.of(x.layer), Dims.nchw(out), output == 0 ? "" : "#" + output);
        values.put(n.getOutput(output), Val.activation(out, l));
    }

    // ---------------------------------------------------------------- helpers

    /** The layer of {@code x} viewed with the given model shape, inserting a reshape node when it differs. */
    Layer asShape(Val x, long[] dims, Shape needed) {
        if (x.layer.shape.equals(needed)) {
            return x.layer;
        }
        return newLayer(LayerKind.RESHAPE, List.of(x.layer), needed, "/view");
    }

    List<Layer> activationLayers(Val... vals) {
        Set<Layer> set = new LinkedHashSet<>();
        for (Val v : vals) {
            if (!v.isConstant()) {
                if (v.unpadded != null) {
                    throw nodeError("a folded Pad is read by a node other than Conv or pooling");
                }
                set.add(v.layer);
            }
        }
        return new ArrayList<>(set);
    }

    /** Whether the node may fuse into the producer of its input: that producer has no other reader. */
    boolean fusable(NodeProto n, int input) {
        Val x = values.get(n.getInput(input));
        return !x.layer.shared && x.layer.kind != LayerKind.INPUT && uses.getOrDefault(n.getInput(input), 0) == 1
                && n.getOutputCount() >= 1;
    }

    void alias(String out, String in) {
        Val x = value(in);
        markShared(in, x);
        values.put(out, x);
    }

    void markShared(String name, Val x) {
        if (!x.isConstant() && uses.getOrDefault(name, 0) > 1) {
            x.layer.shared = true;
        }
    }

    boolean isGraphOutput(String name) {
        return graph.getOutputList().stream().anyMatch(o -> o.getName().equals(name));
    }

    Layer newLayer(LayerKind kind, List<Layer> inputs, Shape shape, String suffix) {
        String base = current.getName().isEmpty() ? current.getOpType() + "_" + current.getOutput(0) : current.getName();
        Layer l = new Layer(unique(base + suffix), current.getOpType(), kind, inputs, shape);
        layers.add(l);
        return l;
    }

    String unique(String base) {
        String name = base;
        for (int i = 2; !layerNames.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    Val value(String name) {
        Val v = values.get(name);
        if (v == null) {
            throw nodeError("reads '" + name + "', which no earlier node, input or initializer defines");
        }
        return v;
    }

    Val in(NodeProto n, int i) {
        if (i >= n.getInputCount() || n.getInput(i).isEmpty()) {
            throw nodeError("missing input " + i);
        }
        return value(n.getInput(i));
    }

    Val activationIn(NodeProto n, int i) {
        Val v = in(n, i);
        if (v.isConstant()) {
            throw nodeError("input '" + n.getInput(i) + "' must be an activation, but it is a constant or weight");
        }
        return v;
    }

    Val weightIn(NodeProto n, int i) {
        Val v = in(n, i);
        if (!v.isConstant()) {
            throw nodeError("weight '" + n.getInput(i) + "' is computed from activations; only stored weights are supported");
        }
        return v;
    }

    long[] constLongs(NodeProto n, int i) {
        Val v = in(n, i);
        if (!v.isConstant() || v.data == null) {
            throw nodeError("input '" + n.getInput(i) + "' must be a constant known at import time");
        }
        return v.longs();
    }

    double constScalar(NodeProto n, int i) {
        Val v = in(n, i);
        if (!v.isConstant() || v.data == null || v.data.length != 1) {
            throw nodeError("input '" + n.getInput(i) + "' must be a scalar constant");
        }
        return v.data[0];
    }

    long[] axesOf(NodeProto n) {
        List<Long> a = Attributes.attrInts(n, "axes");
        if (a != null) {
            return a.stream().mapToLong(Long::longValue).toArray();
        }
        return n.getInputCount() > 1 && !n.getInput(1).isEmpty() ? constLongs(n, 1) : null;
    }

    // ---------------------------------------------------------------- state the operator families share

    /** Defines an ONNX value. */
    void define(String name, Val v) {
        values.put(name, v);
    }

    /** Whether an ONNX value is defined. */
    boolean defines(String name) {
        return values.containsKey(name);
    }

    /** The nodes that read a value. */
    List<NodeProto> consumersOf(String name) {
        return consumers.getOrDefault(name, List.of());
    }

    /** Adds a note for the user to the network. */
    void note(String line) {
        notes.add(line);
    }

    /** Adds a layer made outside {@link #newLayer} (a network input). */
    void addLayer(Layer l) {
        layers.add(l);
    }

    /** Marks a graph input as read by an embedding lookup: dropped when nothing else reads it. */
    void lookupIndex(Layer l) {
        lookupIndices.add(l);
    }

    /** The static batch of an image input imported per image, or 1. */
    long staticBatch() {
        return staticBatch;
    }

    /** The node being translated. */
    NodeProto current() {
        return current;
    }

    // ---------------------------------------------------------------- errors and output

    private InputException unsupported(NodeProto n) {
        String op = n.getDomain().isEmpty() ? n.getOpType() : n.getDomain() + "." + n.getOpType();
        return new InputException(file + ": node '" + n.getName() + "' (op " + op + "): unsupported operator; supported: "
                + String.join(", ", operators.names()));
    }

    InputException nodeError(String what) {
        if (current == null) {
            return new InputException(file + ": " + what);
        }
        return new InputException(file + ": node '" + current.getName() + "' (op " + current.getOpType() + "): " + what);
    }

    /**
     * Records that a Concat appends {@code added} tokens' keys or values to a cached input of {@code cached} tokens
     * (along the concatenation axis), from which {@link #emit} tells a decode step.
     */
    void cacheAppend(long cached, long added) {
        cacheAppends.add(new long[] {cached, added});
    }

    /**
     * Records that a layer's output is appended to a KV cache: it is stored to DRAM as new cache entries
     * ({@code Network.kvCache}), as the zoo's decoders store their new keys and values.
     */
    void kvAppend(Layer l) {
        kvAppends.add(l);
    }

    /**
     * The decode step the export's cache appends describe: every one appends one token to the same number of
     * cached ones (L); otherwise none, with a note saying why no phase (so no token metrics) is given.
     */
    private int cachedTokensOfStep() {
        if (cacheAppends.isEmpty()) {
            return 0;
        }
        long cached = cacheAppends.get(0)[0];
        long added = cacheAppends.get(0)[1];
        boolean same = cacheAppends.stream().allMatch(a -> a[0] == cached && a[1] == added);
        if (same && added == 1 && cached > 0 && cached <= Integer.MAX_VALUE) {
            return (int) cached;
        }
        notes.add("the cache inputs are concatenated with " + (same ? added + " new tokens to " + cached
                + " cached ones" : "different numbers of cached or new tokens") + ", not one decode step: no"
                + " inference phase (and no token metrics) is given");
        return 0;
    }

    private Network emit() {
        NetworkBuilder b = new NetworkBuilder(networkName);
        int cachedTokens = cachedTokensOfStep();
        if (cachedTokens > 0) {
            b.decodeStep(cachedTokens);
        }
        notes.forEach(b::note);
        Set<Layer> read = new HashSet<>();
        for (Layer l : layers) {
            if (!l.removed) {
                l.inputs.forEach(i -> read.add(i.resolve()));
            }
        }
        try {
            for (Layer l : layers) {
                if (l.removed || (lookupIndices.contains(l) && !read.contains(l))) {
                    continue;
                }
                if (l.kind == LayerKind.INPUT) {
                    l.id = b.input(l.name, l.shape);
                    if (l.kvCache) {
                        b.kvCache(l.id);
                    }
                } else {
                    List<Integer> ins = l.inputs.stream().map(i -> i.resolve().id).distinct().toList();
                    l.id = b.custom(l.name, l.kind, ins, l.shape, l.window, l.groups, l.bias, l.activation);
                }
            }
            for (Layer appended : kvAppends) {
                Layer l = appended.resolve();
                if (!l.removed && l.id >= 0 && l.kind != LayerKind.INPUT) {
                    b.kvCache(l.id);
                }
            }
            return b.build();
        } catch (NetworkException e) {
            throw new InputException(file + ": " + e.getMessage(), e);
        }
    }
}
