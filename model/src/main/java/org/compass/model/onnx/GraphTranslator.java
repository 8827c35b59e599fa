package org.compass.model.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.compass.model.network.Activation;
import org.compass.model.network.LayerKind;
import org.compass.model.network.Network;
import org.compass.model.network.NetworkBuilder;
import org.compass.model.network.NetworkException;
import org.compass.model.network.Shape;
import org.compass.model.network.Window;
import org.compass.model.onnx.proto.Onnx.AttributeProto;
import org.compass.model.onnx.proto.Onnx.GraphProto;
import org.compass.model.onnx.proto.Onnx.NodeProto;
import org.compass.model.onnx.proto.Onnx.TensorProto;
import org.compass.model.onnx.proto.Onnx.TensorShapeProto;
import org.compass.model.onnx.proto.Onnx.ValueInfoProto;
import org.compass.model.problem.InputException;

/**
 * Translates one ONNX graph, node by node in its (topological) order, into layers with inferred shapes,
 * then emits them through a {@link NetworkBuilder}.
 */
final class GraphTranslator {

    /** Operators this importer understands (the ai.onnx domain). */
    static final List<String> SUPPORTED = List.of(
            "Add", "AveragePool", "BatchNormalization", "Cast", "Clip", "Concat", "Constant", "ConstantOfShape",
            "Conv", "Div", "Dropout", "Equal", "Erf", "Expand", "Flatten", "Gather", "Gelu", "Gemm",
            "GlobalAveragePool", "GlobalMaxPool", "Identity", "LayerNormalization", "MatMul", "MaxPool", "Mul",
            "Neg", "Pad", "Pow", "Range", "Reciprocal", "ReduceMean", "Relu", "Reshape", "Shape", "Sigmoid",
            "Slice", "Softmax", "Split", "Sqrt", "Squeeze", "Sub", "Tanh", "Transpose", "Unsqueeze", "Where");

    /** Constants with more elements than this keep only their shape. */
    private static final int MAX_DATA = 1 << 16;

    private final String file;
    private final String networkName;
    private final GraphProto graph;
    private final Shape givenInput;
    private final Map<String, Val> values = new HashMap<>();
    private final Map<String, Integer> uses = new HashMap<>();
    private final Map<String, List<NodeProto>> consumers = new HashMap<>();
    private final List<Layer> layers = new ArrayList<>();
    private final Set<String> layerNames = new HashSet<>();
    private NodeProto current;

    GraphTranslator(String file, String networkName, GraphProto graph, Shape givenInput) {
        this.file = file;
        this.networkName = networkName;
        this.graph = graph;
        this.givenInput = givenInput;
    }

    Network translate() {
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
        return emit();
    }

    // ---------------------------------------------------------------- graph inputs and initializers

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
        for (TensorProto t : graph.getInitializerList()) {
            values.put(t.getName(), tensor(t));
        }
    }

    /**
     * Graph inputs that are initializers or weight operands (of Conv, Gemm, MatMul, BatchNormalization,
     * LayerNormalization) are weights. Of the others, the first is the data input and later ones with a
     * fully static shape are parameters too (class tokens, position embeddings of exports with
     * {@code export_params=False}).
     */
    private void readInputs() {
        Set<String> weightOperands = new HashSet<>();
        for (NodeProto n : graph.getNodeList()) {
            int from = switch (n.getOpType()) {
                case "Conv", "Gemm", "BatchNormalization", "LayerNormalization", "InstanceNormalization", "MatMul" -> 1;
                default -> Integer.MAX_VALUE;
            };
            for (int i = from; i < n.getInputCount(); i++) {
                weightOperands.add(n.getInput(i));
            }
        }
        boolean haveData = false;
        for (ValueInfoProto in : graph.getInputList()) {
            String name = in.getName();
            if (values.containsKey(name)) {
                continue;
            }
            long[] dims = staticDims(in, weightOperands.contains(name) || haveData ? 0 : 1);
            if (weightOperands.contains(name) || (haveData && dims != null)) {
                if (dims == null) {
                    throw new InputException(file + ": weight input '" + name + "' has no static shape");
                }
                values.put(name, Val.constant(dims, null, true));
                continue;
            }
            if (haveData && !uses.containsKey(name)) {
                continue;
            }
            dims = dataInputDims(in, dims);
            Layer input = new Layer(unique(name), "Input", LayerKind.INPUT, List.of(), Dims.nchw(dims));
            layers.add(input);
            values.put(name, Val.activation(dims, input));
            haveData = true;
        }
        if (!haveData) {
            throw new InputException(file + ": the graph has no activation input (every input is a weight)");
        }
    }

    /** The dims of a graph input; dimensions before {@code freeLeading} may be symbolic (batch: 1). */
    private static long[] staticDims(ValueInfoProto in, int freeLeading) {
        if (!in.hasType() || !in.getType().hasTensorType() || !in.getType().getTensorType().hasShape()) {
            return null;
        }
        TensorShapeProto s = in.getType().getTensorType().getShape();
        long[] dims = new long[s.getDimCount()];
        for (int i = 0; i < dims.length; i++) {
            TensorShapeProto.Dimension d = s.getDim(i);
            if (d.hasDimValue() && d.getDimValue() > 0) {
                dims[i] = d.getDimValue();
            } else if (i < freeLeading) {
                dims[i] = 1;
            } else {
                return null;
            }
        }
        return dims;
    }

    private long[] dataInputDims(ValueInfoProto in, long[] fromFile) {
        if (fromFile != null) {
            return fromFile;
        }
        if (givenInput == null) {
            throw new InputException(file + ": input '" + in.getName() + "' has no static shape; give input_shape");
        }
        int rank = in.hasType() && in.getType().getTensorType().hasShape()
                ? in.getType().getTensorType().getShape().getDimCount() : 4;
        Shape g = givenInput;
        return switch (rank) {
            case 2 -> new long[] {1, g.channels()};
            case 3 -> new long[] {1, g.height(), g.channels()};
            case 4 -> new long[] {1, g.channels(), g.height(), g.width()};
            default -> throw new InputException(file + ": input '" + in.getName() + "' has rank " + rank
                    + "; input_shape fits ranks 2 to 4 only");
        };
    }

    // ---------------------------------------------------------------- dispatch

    private void translate(NodeProto n) {
        String domain = n.getDomain();
        if (!domain.isEmpty() && !domain.equals("ai.onnx")) {
            throw unsupported(n);
        }
        switch (n.getOpType()) {
            case "Constant" -> constantNode(n);
            case "Identity", "Dropout" -> alias(n.getOutput(0), n.getInput(0));
            case "Cast" -> cast(n);
            case "Shape" -> shapeOf(n);
            case "ConstantOfShape" -> constantOfShape(n);
            case "Range" -> range(n);
            case "Conv" -> conv(n);
            case "MaxPool" -> pool(n, LayerKind.MAX_POOL);
            case "AveragePool" -> pool(n, LayerKind.AVG_POOL);
            case "GlobalAveragePool", "GlobalMaxPool" -> globalPool(n);
            case "Gemm" -> gemm(n);
            case "MatMul" -> matmul(n);
            case "BatchNormalization" -> batchNorm(n);
            case "LayerNormalization" -> unaryLayer(n, LayerKind.NORM, Activation.NONE);
            case "Relu" -> activation(n, Activation.RELU);
            case "Sigmoid" -> activation(n, Activation.SIGMOID);
            case "Tanh" -> activation(n, Activation.TANH);
            case "Gelu" -> activation(n, Activation.GELU);
            case "Clip" -> clip(n);
            case "Softmax" -> unaryLayer(n, LayerKind.SOFTMAX, Activation.NONE);
            case "Erf" -> unaryLayer(n, LayerKind.ACTIVATION, Activation.NONE);
            case "Sqrt" -> unary(n, Math::sqrt);
            case "Neg" -> unary(n, x -> -x);
            case "Reciprocal" -> unary(n, x -> 1 / x);
            case "Add" -> binary(n, LayerKind.ADD, Double::sum);
            case "Sub" -> binary(n, LayerKind.ADD, (a, b) -> a - b);
            case "Mul" -> binary(n, LayerKind.MUL, (a, b) -> a * b);
            case "Div" -> binary(n, LayerKind.MUL, (a, b) -> a / b);
            case "Pow" -> binary(n, LayerKind.MUL, Math::pow);
            case "Equal" -> binary(n, null, (a, b) -> a == b ? 1 : 0);
            case "Where" -> where(n);
            case "Concat" -> concat(n);
            case "Flatten" -> flatten(n);
            case "Reshape" -> reshape(n);
            case "Transpose" -> transpose(n);
            case "Squeeze" -> squeeze(n);
            case "Unsqueeze" -> unsqueeze(n);
            case "Expand" -> expand(n);
            case "Gather" -> gather(n);
            case "Slice" -> slice(n);
            case "Split" -> split(n);
            case "ReduceMean" -> reduceMean(n);
            case "Pad" -> pad(n);
            default -> throw unsupported(n);
        }
    }

    // ---------------------------------------------------------------- constants and shape computations

    private void constantNode(NodeProto n) {
        for (AttributeProto a : n.getAttributeList()) {
            switch (a.getName()) {
                case "value" -> values.put(n.getOutput(0), tensor(a.getT()));
                case "value_float" -> values.put(n.getOutput(0), Val.constant(new long[0], new double[] {a.getF()}, true));
                case "value_int" -> values.put(n.getOutput(0), Val.constant(new long[0], new double[] {a.getI()}, false));
                case "value_floats" -> values.put(n.getOutput(0), Val.constant(new long[] {a.getFloatsCount()},
                        a.getFloatsList().stream().mapToDouble(Float::doubleValue).toArray(), true));
                case "value_ints" -> values.put(n.getOutput(0), Val.constant(new long[] {a.getIntsCount()},
                        a.getIntsList().stream().mapToDouble(Long::doubleValue).toArray(), false));
                default -> {
                }
            }
        }
        if (!values.containsKey(n.getOutput(0))) {
            throw nodeError("Constant without a supported value attribute");
        }
    }

    private void cast(NodeProto n) {
        Val x = in(n, 0);
        if (!x.isConstant()) {
            alias(n.getOutput(0), n.getInput(0));
            return;
        }
        long to = attrInt(n, "to", TensorProto.DataType.FLOAT_VALUE);
        boolean real = to == TensorProto.DataType.FLOAT_VALUE || to == TensorProto.DataType.DOUBLE_VALUE
                || to == TensorProto.DataType.FLOAT16_VALUE || to == 16;
        double[] data = x.data;
        if (data != null && !real) {
            data = Arrays.stream(data).map(v -> (double) (long) v).toArray();
        }
        values.put(n.getOutput(0), Val.constant(x.dims, data, real));
    }

    private void shapeOf(NodeProto n) {
        long[] d = in(n, 0).dims;
        int start = (int) attrInt(n, "start", 0);
        int end = (int) attrInt(n, "end", d.length);
        start = Math.max(0, start < 0 ? start + d.length : start);
        end = Math.min(d.length, end < 0 ? end + d.length : end);
        double[] data = new double[Math.max(0, end - start)];
        for (int i = start; i < end; i++) {
            data[i - start] = d[i];
        }
        values.put(n.getOutput(0), Val.constant(new long[] {data.length}, data, false));
    }

    private void constantOfShape(NodeProto n) {
        long[] dims = constLongs(n, 0);
        double fill = 0;
        boolean real = true;
        AttributeProto v = attr(n, "value");
        if (v != null) {
            Val t = tensor(v.getT());
            fill = t.data == null || t.data.length == 0 ? 0 : t.data[0];
            real = t.real;
        }
        long count = Dims.product(dims, 0, dims.length);
        double[] data = null;
        if (count <= MAX_DATA) {
            data = new double[(int) count];
            Arrays.fill(data, fill);
        }
        values.put(n.getOutput(0), Val.constant(dims, data, real));
    }

    private void range(NodeProto n) {
        double start = constScalar(n, 0);
        double limit = constScalar(n, 1);
        double delta = constScalar(n, 2);
        int count = (int) Math.max(0, Math.ceil((limit - start) / delta));
        double[] data = new double[count];
        for (int i = 0; i < count; i++) {
            data[i] = start + i * delta;
        }
        values.put(n.getOutput(0), Val.constant(new long[] {count}, data, in(n, 0).real));
    }

    // ---------------------------------------------------------------- weighted layers

    private void conv(NodeProto n) {
        Val x = activationIn(n, 0);
        Val w = weightIn(n, 1);
        long[] xd = x.unpadded != null ? x.unpadded : x.dims;
        if (w.dims.length != 4 || xd.length != 4) {
            throw nodeError("only 2-d convolutions are supported (input " + Dims.str(xd) + ", weight " + Dims.str(w.dims) + ")");
        }
        int groups = (int) attrInt(n, "group", 1);
        long m = w.dims[0];
        if (xd[1] != w.dims[1] * groups) {
            throw nodeError("input has " + xd[1] + " channels but the weight " + Dims.str(w.dims) + " with group "
                    + groups + " expects " + w.dims[1] * groups);
        }
        Window win = window(n, new int[] {(int) w.dims[2], (int) w.dims[3]}, xd, x);
        long[] out = {xd[0], m, outSize(win.outputHeight((int) xd[2])), outSize(win.outputWidth((int) xd[3]))};
        Layer in = asShape(x, xd, Dims.nchw(xd));
        Layer conv = newLayer(LayerKind.CONV, List.of(in), Dims.nchw(out), "");
        conv.window = win;
        conv.groups = groups;
        conv.bias = n.getInputCount() > 2 && !n.getInput(2).isEmpty();
        values.put(n.getOutput(0), Val.activation(out, conv));
    }

    private void gemm(NodeProto n) {
        Val a = in(n, 0);
        Val b = in(n, 1);
        boolean transA = attrInt(n, "transA", 0) != 0;
        boolean transB = attrInt(n, "transB", 0) != 0;
        boolean bias = n.getInputCount() > 2 && !n.getInput(2).isEmpty();
        if (a.isConstant() || !b.isConstant() || transA) {
            long[] ad = transA ? new long[] {a.dims[1], a.dims[0]} : a.dims;
            long[] bd = transB ? new long[] {b.dims[1], b.dims[0]} : b.dims;
            matmulBetween(n, a, b, new long[] {ad[0], bd[1]});
            return;
        }
        long k = transB ? b.dims[1] : b.dims[0];
        long m = transB ? b.dims[0] : b.dims[1];
        fc(n, a, k, m, bias);
    }

    private void matmul(NodeProto n) {
        Val a = in(n, 0);
        Val b = in(n, 1);
        if (!a.isConstant() && b.isConstant()) {
            if (b.dims.length < 2 || Dims.product(b.dims, 0, b.dims.length - 2) != 1) {
                throw nodeError("MatMul with a batched weight " + Dims.str(b.dims) + " is not supported");
            }
            fc(n, a, b.dims[b.dims.length - 2], b.dims[b.dims.length - 1], false);
            return;
        }
        long[] ad = a.dims.length == 1 ? new long[] {1, a.dims[0]} : a.dims;
        long[] bd = b.dims.length == 1 ? new long[] {b.dims[0], 1} : b.dims;
        if (ad[ad.length - 1] != bd[bd.length - 2]) {
            throw nodeError("MatMul operands " + Dims.str(a.dims) + " and " + Dims.str(b.dims) + " do not match");
        }
        long[] batch = Dims.broadcast(Arrays.copyOf(ad, ad.length - 2), Arrays.copyOf(bd, bd.length - 2));
        if (batch == null) {
            throw nodeError("MatMul batch dimensions of " + Dims.str(a.dims) + " and " + Dims.str(b.dims) + " do not broadcast");
        }
        long[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = ad[ad.length - 2];
        out[batch.length + 1] = bd[bd.length - 1];
        matmulBetween(n, a, b, out);
    }

    private void matmulBetween(NodeProto n, Val a, Val b, long[] out) {
        if (a.isConstant() && b.isConstant()) {
            values.put(n.getOutput(0), Val.constant(out, null, true));
            return;
        }
        Layer l = newLayer(LayerKind.MATMUL, activationLayers(a, b), Dims.nchw(out), "");
        values.put(n.getOutput(0), Val.activation(out, l));
    }

    /** A linear layer contracting the last dimension (K) of {@code a} to M output features. */
    private void fc(NodeProto n, Val a, long k, long m, boolean bias) {
        if (a.dims[a.dims.length - 1] != k) {
            throw nodeError("input " + Dims.str(a.dims) + " does not match the weight's " + k + " input features");
        }
        long[] out = a.dims.clone();
        out[out.length - 1] = m;
        Layer in = asShape(a, a.dims, Dims.channelsLast(a.dims));
        Layer fc = newLayer(LayerKind.FC, List.of(in), Dims.channelsLast(out), "");
        fc.bias = bias;
        values.put(n.getOutput(0), Val.activation(out, fc));
    }

    // ---------------------------------------------------------------- pools, norms, activations

    private void pool(NodeProto n, LayerKind kind) {
        Val x = activationIn(n, 0);
        long[] xd = x.unpadded != null ? x.unpadded : x.dims;
        List<Long> k = attrInts(n, "kernel_shape");
        if (k == null || k.size() != 2 || xd.length != 4) {
            throw nodeError("only 2-d pooling is supported");
        }
        Window win = window(n, new int[] {k.get(0).intValue(), k.get(1).intValue()}, xd, x);
        if (attrInt(n, "ceil_mode", 0) != 0) {
            win = win.withCeilMode();
        }
        long[] out = {xd[0], xd[1], outSize(win.outputHeight((int) xd[2])), outSize(win.outputWidth((int) xd[3]))};
        Layer l = newLayer(kind, List.of(asShape(x, xd, Dims.nchw(xd))), Dims.nchw(out), "");
        l.window = win;
        values.put(n.getOutput(0), Val.activation(out, l));
    }

    private void globalPool(NodeProto n) {
        Val x = activationIn(n, 0);
        long[] out = x.dims.clone();
        for (int i = 2; i < out.length; i++) {
            out[i] = 1;
        }
        Layer l = newLayer(LayerKind.GLOBAL_AVG_POOL, List.of(asShape(x, x.dims, Dims.nchw(x.dims))), Dims.nchw(out), "");
        values.put(n.getOutput(0), Val.activation(out, l));
    }

    private void reduceMean(NodeProto n) {
        Val x = activationIn(n, 0);
        List<Long> axesAttr = attrInts(n, "axes");
        long[] axes = axesAttr != null ? axesAttr.stream().mapToLong(Long::longValue).toArray()
                : n.getInputCount() > 1 && !n.getInput(1).isEmpty() ? constLongs(n, 1) : null;
        boolean keep = attrInt(n, "keepdims", 1) != 0;
        int r = x.dims.length;
        boolean[] reduced = new boolean[r];
        if (axes == null) {
            Arrays.fill(reduced, true);
        } else {
            for (long a : axes) {
                reduced[Dims.axis(a, r)] = true;
            }
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            if (!reduced[i]) {
                out.add(x.dims[i]);
            } else if (keep) {
                out.add(1L);
            }
        }
        long[] od = out.stream().mapToLong(Long::longValue).toArray();
        boolean spatial = r == 4 && reduced[2] && reduced[3] && !reduced[0] && !reduced[1];
        LayerKind kind = spatial ? LayerKind.GLOBAL_AVG_POOL : LayerKind.NORM;
        Layer l = newLayer(kind, List.of(x.layer), Dims.nchw(od), "");
        values.put(n.getOutput(0), Val.activation(od, l));
    }

    private void batchNorm(NodeProto n) {
        Val x = activationIn(n, 0);
        if (x.layer.kind == LayerKind.CONV && fusable(n, 0)) {
            values.put(n.getOutput(0), x);
            return;
        }
        unaryLayer(n, LayerKind.NORM, Activation.NONE);
    }

    private void clip(NodeProto n) {
        double min = Double.NEGATIVE_INFINITY;
        double max = Double.POSITIVE_INFINITY;
        AttributeProto a = attr(n, "min");
        if (a != null) {
            min = a.getF();
        } else if (n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
            min = constScalar(n, 1);
        }
        a = attr(n, "max");
        if (a != null) {
            max = a.getF();
        } else if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
            max = constScalar(n, 2);
        }
        Activation act = min == 0 && max == 6 ? Activation.RELU6
                : min == 0 && max == Double.POSITIVE_INFINITY ? Activation.RELU : Activation.NONE;
        activation(n, act);
    }

    /** Fuses the activation into the producer when this node is its only consumer, else adds a node. */
    private void activation(NodeProto n, Activation act) {
        Val x = in(n, 0);
        if (x.isConstant()) {
            values.put(n.getOutput(0), Val.constant(x.dims, null, true));
            return;
        }
        LayerKind k = x.layer.kind;
        boolean fusable = act != Activation.NONE && (k == LayerKind.CONV || k == LayerKind.FC || k == LayerKind.ADD)
                && x.layer.activation == Activation.NONE && fusable(n, 0);
        if (fusable) {
            x.layer.activation = act;
            values.put(n.getOutput(0), x);
            return;
        }
        unaryLayer(n, LayerKind.ACTIVATION, act);
    }

    private void unaryLayer(NodeProto n, LayerKind kind, Activation act) {
        Val x = activationIn(n, 0);
        Layer l = newLayer(kind, List.of(x.layer), x.layer.shape, "");
        l.activation = act;
        values.put(n.getOutput(0), Val.activation(x.dims, l));
    }

    // ---------------------------------------------------------------- elementwise

    private void unary(NodeProto n, DoubleUnaryOperator f) {
        Val x = in(n, 0);
        if (x.isConstant()) {
            values.put(n.getOutput(0), Val.constant(x.dims, x.data == null ? null : Arrays.stream(x.data).map(f).toArray(), x.real));
            return;
        }
        unaryLayer(n, LayerKind.ACTIVATION, Activation.NONE);
    }

    private void binary(NodeProto n, LayerKind kind, DoubleBinaryOperator f) {
        Val a = in(n, 0);
        Val b = in(n, 1);
        long[] out = Dims.broadcast(a.dims, b.dims);
        if (out == null) {
            throw nodeError("operands " + Dims.str(a.dims) + " and " + Dims.str(b.dims) + " do not broadcast");
        }
        if (a.isConstant() && b.isConstant()) {
            boolean integer = !a.real && !b.real;
            DoubleBinaryOperator g = integer && n.getOpType().equals("Div") ? (p, q) -> (double) ((long) p / (long) q) : f;
            values.put(n.getOutput(0), Val.constant(out, elementwise(out, g, a, b), a.real || b.real));
            return;
        }
        if (kind == null) {
            throw nodeError("comparison of activations is not supported");
        }
        // A bias added after MatMul becomes the linear layer's bias.
        if (n.getOpType().equals("Add")) {
            Val act = a.isConstant() ? b : a;
            Val c = a.isConstant() ? a : b;
            int actIndex = a.isConstant() ? 1 : 0;
            if (c.isConstant() && act.layer.kind == LayerKind.FC && !act.layer.bias
                    && act.layer.activation == Activation.NONE && c.elements() == act.dims[act.dims.length - 1]
                    && Arrays.equals(out, act.dims) && fusable(n, actIndex)) {
                act.layer.bias = true;
                values.put(n.getOutput(0), act);
                return;
            }
        }
        Layer l = newLayer(kind, activationLayers(a, b), Dims.nchw(out), "");
        values.put(n.getOutput(0), Val.activation(out, l));
    }

    private void where(NodeProto n) {
        Val c = in(n, 0);
        Val x = in(n, 1);
        Val y = in(n, 2);
        long[] out = Dims.broadcast(Dims.broadcast(c.dims, x.dims), y.dims);
        if (!c.isConstant() || !x.isConstant() || !y.isConstant()) {
            throw nodeError("Where over activations is not supported");
        }
        double[] data = null;
        if (c.data != null && x.data != null && y.data != null && Dims.product(out, 0, out.length) <= MAX_DATA) {
            data = new double[(int) Dims.product(out, 0, out.length)];
            for (int i = 0; i < data.length; i++) {
                data[i] = c.data[Dims.broadcastIndex(i, out, c.dims)] != 0
                        ? x.data[Dims.broadcastIndex(i, out, x.dims)] : y.data[Dims.broadcastIndex(i, out, y.dims)];
            }
        }
        values.put(n.getOutput(0), Val.constant(out, data, x.real));
    }

    private static double[] elementwise(long[] out, DoubleBinaryOperator f, Val a, Val b) {
        long count = Dims.product(out, 0, out.length);
        if (a.data == null || b.data == null || count > MAX_DATA) {
            return null;
        }
        double[] r = new double[(int) count];
        for (int i = 0; i < r.length; i++) {
            r[i] = f.applyAsDouble(a.data[Dims.broadcastIndex(i, out, a.dims)], b.data[Dims.broadcastIndex(i, out, b.dims)]);
        }
        return r;
    }

    // ---------------------------------------------------------------- data movement

    private void concat(NodeProto n) {
        List<Val> ins = new ArrayList<>();
        for (int i = 0; i < n.getInputCount(); i++) {
            ins.add(in(n, i));
        }
        int r = ins.get(0).dims.length;
        int axis = Dims.axis(attrInt(n, "axis", 0), r);
        long[] out = ins.get(0).dims.clone();
        out[axis] = 0;
        for (Val v : ins) {
            if (v.dims.length != r) {
                throw nodeError("concat of ranks " + r + " and " + v.dims.length);
            }
            out[axis] += v.dims[axis];
        }
        if (ins.stream().allMatch(Val::isConstant)) {
            double[] data = null;
            if (ins.stream().allMatch(v -> v.data != null) && Dims.product(out, 0, out.length) <= MAX_DATA) {
                data = concatData(ins, out, axis);
            }
            values.put(n.getOutput(0), Val.constant(out, data, ins.get(0).real));
            return;
        }
        Layer l = newLayer(LayerKind.CONCAT, activationLayers(ins.toArray(new Val[0])), Dims.nchw(out), "");
        values.put(n.getOutput(0), Val.activation(out, l));
    }

    private static double[] concatData(List<Val> ins, long[] out, int axis) {
        long outer = Dims.product(out, 0, axis);
        long inner = Dims.product(out, axis + 1, out.length);
        double[] r = new double[(int) Dims.product(out, 0, out.length)];
        int pos = 0;
        for (long o = 0; o < outer; o++) {
            for (Val v : ins) {
                int chunk = (int) (v.dims[axis] * inner);
                System.arraycopy(v.data, (int) (o * chunk), r, pos, chunk);
                pos += chunk;
            }
        }
        return r;
    }

    private void flatten(NodeProto n) {
        Val x = in(n, 0);
        int axis = (int) attrInt(n, "axis", 1);
        axis = axis < 0 ? axis + x.dims.length : axis;
        long[] out = {Dims.product(x.dims, 0, axis), Dims.product(x.dims, axis, x.dims.length)};
        reshaped(n, x, out, LayerKind.FLATTEN, true);
    }

    private void reshape(NodeProto n) {
        Val x = in(n, 0);
        long[] spec = constLongs(n, 1);
        long[] out = new long[spec.length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < spec.length; i++) {
            if (spec[i] == -1) {
                infer = i;
                continue;
            }
            out[i] = spec[i] == 0 && attrInt(n, "allowzero", 0) == 0 ? x.dims[i] : spec[i];
            known *= out[i];
        }
        if (infer >= 0) {
            out[infer] = x.elements() / Math.max(1, known);
        }
        if (Dims.product(out, 0, out.length) != x.elements()) {
            throw nodeError("cannot reshape " + Dims.str(x.dims) + " to " + Dims.str(spec));
        }
        reshaped(n, x, out, LayerKind.RESHAPE, true);
    }

    private void transpose(NodeProto n) {
        Val x = in(n, 0);
        List<Long> perm = attrInts(n, "perm");
        long[] out = new long[x.dims.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = x.dims[perm == null ? out.length - 1 - i : perm.get(i).intValue()];
        }
        reshaped(n, x, out, LayerKind.RESHAPE, false);
    }

    private void squeeze(NodeProto n) {
        Val x = in(n, 0);
        long[] axes = axesOf(n);
        List<Long> out = new ArrayList<>();
        Set<Integer> drop = new HashSet<>();
        if (axes != null) {
            for (long a : axes) {
                drop.add(Dims.axis(a, x.dims.length));
            }
        }
        for (int i = 0; i < x.dims.length; i++) {
            boolean remove = axes == null ? x.dims[i] == 1 : drop.contains(i);
            if (!remove) {
                out.add(x.dims[i]);
            }
        }
        reshaped(n, x, out.stream().mapToLong(Long::longValue).toArray(), LayerKind.RESHAPE, true);
    }

    private void unsqueeze(NodeProto n) {
        Val x = in(n, 0);
        long[] axes = axesOf(n);
        int r = x.dims.length + axes.length;
        boolean[] inserted = new boolean[r];
        for (long a : axes) {
            inserted[Dims.axis(a, r)] = true;
        }
        long[] out = new long[r];
        int j = 0;
        for (int i = 0; i < r; i++) {
            out[i] = inserted[i] ? 1 : x.dims[j++];
        }
        reshaped(n, x, out, LayerKind.RESHAPE, true);
    }

    private void expand(NodeProto n) {
        Val x = in(n, 0);
        long[] out = Dims.broadcast(x.dims, constLongs(n, 1));
        if (out == null) {
            throw nodeError("cannot expand " + Dims.str(x.dims));
        }
        if (x.isConstant()) {
            double[] data = null;
            if (x.data != null && Dims.product(out, 0, out.length) <= MAX_DATA) {
                data = new double[(int) Dims.product(out, 0, out.length)];
                for (int i = 0; i < data.length; i++) {
                    data[i] = x.data[Dims.broadcastIndex(i, out, x.dims)];
                }
            }
            values.put(n.getOutput(0), Val.constant(out, data, x.real));
            return;
        }
        reshaped(n, x, out, LayerKind.RESHAPE, false);
    }

    /**
     * A value with new dims and the same (or, for {@code keepsData}, reshaped) contents. An activation whose
     * model shape does not change is the same layer; otherwise a node of the given kind is added.
     */
    private void reshaped(NodeProto n, Val x, long[] out, LayerKind kind, boolean keepsData) {
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

    private void gather(NodeProto n) {
        Val x = in(n, 0);
        Val idx = in(n, 1);
        int r = x.dims.length;
        int axis = Dims.axis(attrInt(n, "axis", 0), r);
        long[] out = new long[r - 1 + idx.dims.length];
        System.arraycopy(x.dims, 0, out, 0, axis);
        System.arraycopy(idx.dims, 0, out, axis, idx.dims.length);
        System.arraycopy(x.dims, axis + 1, out, axis + idx.dims.length, r - axis - 1);
        if (!idx.isConstant()) {
            throw nodeError("Gather with activation indices (an embedding lookup) is not supported");
        }
        if (x.isConstant()) {
            double[] data = null;
            if (x.data != null && idx.data != null) {
                long outer = Dims.product(x.dims, 0, axis);
                long inner = Dims.product(x.dims, axis + 1, r);
                data = new double[(int) (outer * idx.data.length * inner)];
                int pos = 0;
                for (long o = 0; o < outer; o++) {
                    for (double iv : idx.data) {
                        long i = (long) iv < 0 ? (long) iv + x.dims[axis] : (long) iv;
                        for (long k = 0; k < inner; k++) {
                            data[pos++] = x.data[(int) ((o * x.dims[axis] + i) * inner + k)];
                        }
                    }
                }
            }
            values.put(n.getOutput(0), Val.constant(out, data, x.real));
            return;
        }
        sliced(n, 0, x, out);
    }

    private void slice(NodeProto n) {
        Val x = in(n, 0);
        int r = x.dims.length;
        long[] starts;
        long[] ends;
        long[] axes;
        long[] steps = null;
        if (n.getInputCount() > 1) {
            starts = constLongs(n, 1);
            ends = constLongs(n, 2);
            axes = n.getInputCount() > 3 && !n.getInput(3).isEmpty() ? constLongs(n, 3) : null;
            steps = n.getInputCount() > 4 && !n.getInput(4).isEmpty() ? constLongs(n, 4) : null;
        } else {
            starts = attrInts(n, "starts").stream().mapToLong(Long::longValue).toArray();
            ends = attrInts(n, "ends").stream().mapToLong(Long::longValue).toArray();
            List<Long> a = attrInts(n, "axes");
            axes = a == null ? null : a.stream().mapToLong(Long::longValue).toArray();
        }
        long[] out = x.dims.clone();
        long[] begin = new long[r];
        long[] step = new long[r];
        Arrays.fill(step, 1);
        for (int i = 0; i < starts.length; i++) {
            int ax = axes == null ? i : Dims.axis(axes[i], r);
            long d = x.dims[ax];
            long st = steps == null ? 1 : steps[i];
            long s = starts[i] < 0 ? starts[i] + d : starts[i];
            long e = ends[i] < 0 ? ends[i] + d : ends[i];
            if (st > 0) {
                s = Math.max(0, Math.min(d, s));
                e = Math.max(0, Math.min(d, e));
                out[ax] = Math.max(0, (e - s + st - 1) / st);
            } else {
                s = Math.max(-1, Math.min(d - 1, s));
                e = Math.max(-1, Math.min(d - 1, e));
                out[ax] = Math.max(0, (s - e + (-st) - 1) / (-st));
            }
            begin[ax] = s;
            step[ax] = st;
        }
        if (x.isConstant()) {
            double[] data = null;
            long count = Dims.product(out, 0, r);
            if (x.data != null && count <= MAX_DATA) {
                data = new double[(int) count];
                long[] os = Dims.strides(out);
                long[] is = Dims.strides(x.dims);
                for (int f = 0; f < data.length; f++) {
                    long idx = 0;
                    for (int k = 0; k < r; k++) {
                        long c = (f / os[k]) % out[k];
                        idx += (begin[k] + c * step[k]) * is[k];
                    }
                    data[f] = x.data[(int) idx];
                }
            }
            values.put(n.getOutput(0), Val.constant(out, data, x.real));
            return;
        }
        if (Arrays.equals(out, x.dims)) {
            alias(n.getOutput(0), n.getInput(0));
            return;
        }
        sliced(n, 0, x, out);
    }

    private void split(NodeProto n) {
        Val x = in(n, 0);
        int r = x.dims.length;
        int axis = Dims.axis(attrInt(n, "axis", 0), r);
        int outputs = n.getOutputCount();
        long[] sizes;
        List<Long> attrSplit = attrInts(n, "split");
        if (attrSplit != null) {
            sizes = attrSplit.stream().mapToLong(Long::longValue).toArray();
        } else if (n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
            sizes = constLongs(n, 1);
        } else {
            sizes = new long[outputs];
            long each = (x.dims[axis] + outputs - 1) / outputs;
            for (int i = 0; i < outputs; i++) {
                sizes[i] = Math.min(each, x.dims[axis] - each * i);
            }
        }
        for (int i = 0; i < outputs; i++) {
            long[] out = x.dims.clone();
            out[axis] = sizes[i];
            if (x.isConstant()) {
                values.put(n.getOutput(i), Val.constant(out, null, x.real));
            } else {
                sliced(n, i, x, out);
            }
        }
    }

    private void sliced(NodeProto n, int output, Val x, long[] out) {
        Layer l = newLayer(LayerKind.SLICE, List.of(x.layer), Dims.nchw(out), output == 0 ? "" : "#" + output);
        values.put(n.getOutput(output), Val.activation(out, l));
    }

    /** Pad before a convolution or pooling is folded into its window when symmetric; otherwise a node. */
    private void pad(NodeProto n) {
        Val x = activationIn(n, 0);
        long[] pads;
        List<Long> attrPads = attrInts(n, "pads");
        if (attrPads != null) {
            pads = attrPads.stream().mapToLong(Long::longValue).toArray();
        } else {
            pads = constLongs(n, 1);
        }
        String mode = attrString(n, "mode", "constant");
        int r = x.dims.length;
        if (pads.length != 2 * r) {
            throw nodeError("Pad with axes is not supported");
        }
        long[] out = x.dims.clone();
        for (int i = 0; i < r; i++) {
            out[i] += pads[i] + pads[i + r];
        }
        boolean foldable = r == 4 && mode.equals("constant") && x.unpadded == null
                && pads[0] == 0 && pads[1] == 0 && pads[r] == 0 && pads[r + 1] == 0
                && pads[2] == pads[r + 2] && pads[3] == pads[r + 3]
                && consumers.getOrDefault(n.getOutput(0), List.of()).stream().allMatch(c ->
                        (c.getOpType().equals("Conv") || c.getOpType().equals("MaxPool") || c.getOpType().equals("AveragePool"))
                                && c.getInput(0).equals(n.getOutput(0)))
                && !isGraphOutput(n.getOutput(0));
        if (foldable) {
            values.put(n.getOutput(0), Val.padded(x, out, (int) pads[2], (int) pads[3]));
            return;
        }
        Layer l = newLayer(LayerKind.RESHAPE, List.of(x.layer), Dims.nchw(out), "");
        values.put(n.getOutput(0), Val.activation(out, l));
    }

    // ---------------------------------------------------------------- helpers

    private Window window(NodeProto n, int[] kernel, long[] xd, Val x) {
        List<Long> strides = attrInts(n, "strides");
        List<Long> dil = attrInts(n, "dilations");
        List<Long> pads = attrInts(n, "pads");
        int sh = strides == null ? 1 : strides.get(0).intValue();
        int sw = strides == null ? 1 : strides.get(1).intValue();
        int dh = dil == null ? 1 : dil.get(0).intValue();
        int dw = dil == null ? 1 : dil.get(1).intValue();
        int ph;
        int pw;
        String auto = attrString(n, "auto_pad", "NOTSET");
        if (auto.equals("SAME_UPPER") || auto.equals("SAME_LOWER")) {
            ph = samePad((int) xd[2], kernel[0], sh, dh);
            pw = samePad((int) xd[3], kernel[1], sw, dw);
        } else if (pads == null || auto.equals("VALID")) {
            ph = 0;
            pw = 0;
        } else {
            if (!pads.get(0).equals(pads.get(2)) || !pads.get(1).equals(pads.get(3))) {
                throw nodeError("asymmetric padding " + pads + " is not supported");
            }
            ph = pads.get(0).intValue();
            pw = pads.get(1).intValue();
        }
        return new Window(kernel[0], kernel[1], sh, sw, ph + x.padH, pw + x.padW, dh, dw, false);
    }

    private int samePad(int in, int k, int s, int d) {
        int out = (in + s - 1) / s;
        int total = Math.max(0, (out - 1) * s + (k - 1) * d + 1 - in);
        if (total % 2 != 0) {
            throw nodeError("auto_pad SAME with odd total padding is not supported");
        }
        return total / 2;
    }

    private long outSize(int size) {
        if (size <= 0) {
            throw nodeError("the window does not fit the input (output size " + size + ")");
        }
        return size;
    }

    /** The layer of {@code x} viewed with the given model shape, inserting a reshape node when it differs. */
    private Layer asShape(Val x, long[] dims, Shape needed) {
        if (x.layer.shape.equals(needed)) {
            return x.layer;
        }
        return newLayer(LayerKind.RESHAPE, List.of(x.layer), needed, "/view");
    }

    private List<Layer> activationLayers(Val... vals) {
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
    private boolean fusable(NodeProto n, int input) {
        Val x = values.get(n.getInput(input));
        return !x.layer.shared && x.layer.kind != LayerKind.INPUT && uses.getOrDefault(n.getInput(input), 0) == 1
                && n.getOutputCount() >= 1;
    }

    private void alias(String out, String in) {
        Val x = value(in);
        markShared(in, x);
        values.put(out, x);
    }

    private void markShared(String name, Val x) {
        if (!x.isConstant() && uses.getOrDefault(name, 0) > 1) {
            x.layer.shared = true;
        }
    }

    private boolean isGraphOutput(String name) {
        return graph.getOutputList().stream().anyMatch(o -> o.getName().equals(name));
    }

    private Layer newLayer(LayerKind kind, List<Layer> inputs, Shape shape, String suffix) {
        String base = current.getName().isEmpty() ? current.getOpType() + "_" + current.getOutput(0) : current.getName();
        Layer l = new Layer(unique(base + suffix), current.getOpType(), kind, inputs, shape);
        layers.add(l);
        return l;
    }

    private String unique(String base) {
        String name = base;
        for (int i = 2; !layerNames.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    private Val value(String name) {
        Val v = values.get(name);
        if (v == null) {
            throw nodeError("reads '" + name + "', which no earlier node, input or initializer defines");
        }
        return v;
    }

    private Val in(NodeProto n, int i) {
        if (i >= n.getInputCount() || n.getInput(i).isEmpty()) {
            throw nodeError("missing input " + i);
        }
        return value(n.getInput(i));
    }

    private Val activationIn(NodeProto n, int i) {
        Val v = in(n, i);
        if (v.isConstant()) {
            throw nodeError("input '" + n.getInput(i) + "' must be an activation, but it is a constant or weight");
        }
        return v;
    }

    private Val weightIn(NodeProto n, int i) {
        Val v = in(n, i);
        if (!v.isConstant()) {
            throw nodeError("weight '" + n.getInput(i) + "' is computed from activations; only stored weights are supported");
        }
        return v;
    }

    private long[] constLongs(NodeProto n, int i) {
        Val v = in(n, i);
        if (!v.isConstant() || v.data == null) {
            throw nodeError("input '" + n.getInput(i) + "' must be a constant known at import time");
        }
        return v.longs();
    }

    private double constScalar(NodeProto n, int i) {
        Val v = in(n, i);
        if (!v.isConstant() || v.data == null || v.data.length != 1) {
            throw nodeError("input '" + n.getInput(i) + "' must be a scalar constant");
        }
        return v.data[0];
    }

    private long[] axesOf(NodeProto n) {
        List<Long> a = attrInts(n, "axes");
        if (a != null) {
            return a.stream().mapToLong(Long::longValue).toArray();
        }
        return n.getInputCount() > 1 && !n.getInput(1).isEmpty() ? constLongs(n, 1) : null;
    }

    private static AttributeProto attr(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    private static long attrInt(NodeProto n, String name, long dflt) {
        AttributeProto a = attr(n, name);
        return a == null ? dflt : a.getI();
    }

    private static List<Long> attrInts(NodeProto n, String name) {
        AttributeProto a = attr(n, name);
        return a == null ? null : a.getIntsList();
    }

    private static String attrString(NodeProto n, String name, String dflt) {
        AttributeProto a = attr(n, name);
        return a == null ? dflt : a.getS().toStringUtf8();
    }

    /** A constant from a tensor: its dims, and its contents when small. */
    private static Val tensor(TensorProto t) {
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long count = Dims.product(dims, 0, dims.length);
        int type = t.getDataType();
        boolean real = type == TensorProto.DataType.FLOAT_VALUE || type == TensorProto.DataType.DOUBLE_VALUE
                || type == TensorProto.DataType.FLOAT16_VALUE || type == 16;
        if (count > MAX_DATA) {
            return Val.constant(dims, null, real);
        }
        double[] data = null;
        if (t.getFloatDataCount() == count) {
            data = t.getFloatDataList().stream().mapToDouble(Float::doubleValue).toArray();
        } else if (t.getInt64DataCount() == count) {
            data = t.getInt64DataList().stream().mapToDouble(Long::doubleValue).toArray();
        } else if (t.getInt32DataCount() == count) {
            data = t.getInt32DataList().stream().mapToDouble(Integer::doubleValue).toArray();
        } else if (t.getDoubleDataCount() == count) {
            data = t.getDoubleDataList().stream().mapToDouble(Double::doubleValue).toArray();
        } else if (t.hasRawData()) {
            data = raw(t.getRawData().toByteArray(), type, (int) count);
        }
        return Val.constant(dims, data, real);
    }

    private static double[] raw(byte[] bytes, int type, int count) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        double[] d = new double[count];
        try {
            for (int i = 0; i < count; i++) {
                d[i] = switch (type) {
                    case TensorProto.DataType.FLOAT_VALUE -> b.getFloat();
                    case TensorProto.DataType.DOUBLE_VALUE -> b.getDouble();
                    case TensorProto.DataType.INT64_VALUE -> b.getLong();
                    case TensorProto.DataType.INT32_VALUE -> b.getInt();
                    case TensorProto.DataType.INT8_VALUE, TensorProto.DataType.UINT8_VALUE,
                         TensorProto.DataType.BOOL_VALUE -> b.get();
                    default -> throw new IllegalStateException();
                };
            }
        } catch (RuntimeException e) {
            return null;
        }
        return d;
    }

    // ---------------------------------------------------------------- errors and output

    private InputException unsupported(NodeProto n) {
        String op = n.getDomain().isEmpty() ? n.getOpType() : n.getDomain() + "." + n.getOpType();
        return new InputException(file + ": node '" + n.getName() + "' (op " + op + "): unsupported operator; supported: "
                + String.join(", ", SUPPORTED));
    }

    private InputException nodeError(String what) {
        if (current == null) {
            return new InputException(file + ": " + what);
        }
        return new InputException(file + ": node '" + current.getName() + "' (op " + current.getOpType() + "): " + what);
    }

    private Network emit() {
        NetworkBuilder b = new NetworkBuilder(networkName);
        try {
            for (Layer l : layers) {
                if (l.removed) {
                    continue;
                }
                if (l.kind == LayerKind.INPUT) {
                    l.id = b.input(l.name, l.shape);
                } else {
                    List<Integer> ins = l.inputs.stream().map(i -> i.resolve().id).distinct().toList();
                    l.id = b.custom(l.name, l.kind, ins, l.shape, l.window, l.groups, l.bias, l.activation);
                }
            }
            return b.build();
        } catch (NetworkException e) {
            throw new InputException(file + ": " + e.getMessage(), e);
        }
    }
}
