package org.compass.model.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.compass.model.network.Activation;
import org.compass.model.network.LayerKind;
import org.compass.model.network.Shape;
import org.compass.model.onnx.proto.Onnx.NodeProto;

/** The importer's unary and binary elementwise arithmetic, evaluated on constants. */
final class ElementwiseOps implements OperatorFamily {

    private final GraphTranslator g;

    ElementwiseOps(GraphTranslator g) {
        this.g = g;
    }

    @Override
    public void register(OperatorRegistry r) {
        r.add("Sqrt", n -> unary(n, Math::sqrt));
        r.add("Neg", n -> unary(n, x -> -x));
        r.add("Reciprocal", n -> unary(n, x -> 1 / x));
        r.add("Exp", n -> unary(n, Math::exp));
        r.add("Log", n -> unary(n, Math::log));
        r.add("Abs", n -> unary(n, Math::abs));
        r.add("Sin", n -> unary(n, Math::sin));
        r.add("Cos", n -> unary(n, Math::cos));
        r.add("Not", n -> unary(n, x -> x == 0 ? 1 : 0));
        r.add("Add", n -> binary(n, LayerKind.ADD, Double::sum));
        r.add("Sub", n -> binary(n, LayerKind.ADD, (a, b) -> a - b));
        r.add("Mul", n -> binary(n, LayerKind.MUL, (a, b) -> a * b));
        r.add("Div", n -> binary(n, LayerKind.MUL, (a, b) -> a / b));
        r.add("Pow", n -> binary(n, LayerKind.MUL, Math::pow));
        r.add("Max", n -> binary(n, LayerKind.ADD, Math::max));
        r.add("Min", n -> binary(n, LayerKind.ADD, Math::min));
        r.add("Sum", n -> binary(n, LayerKind.ADD, Double::sum));
        r.add("Mean", n -> binary(n, LayerKind.ADD, Double::sum));
        r.add("Equal", n -> binary(n, LayerKind.ADD, (a, b) -> a == b ? 1 : 0));
        r.add("Less", n -> binary(n, LayerKind.ADD, (a, b) -> a < b ? 1 : 0));
        r.add("LessOrEqual", n -> binary(n, LayerKind.ADD, (a, b) -> a <= b ? 1 : 0));
        r.add("Greater", n -> binary(n, LayerKind.ADD, (a, b) -> a > b ? 1 : 0));
        r.add("GreaterOrEqual", n -> binary(n, LayerKind.ADD, (a, b) -> a >= b ? 1 : 0));
        r.add("And", n -> binary(n, LayerKind.ADD, (a, b) -> a != 0 && b != 0 ? 1 : 0));
        r.add("Or", n -> binary(n, LayerKind.ADD, (a, b) -> a != 0 || b != 0 ? 1 : 0));
        r.add("Xor", n -> binary(n, LayerKind.ADD, (a, b) -> (a != 0) != (b != 0) ? 1 : 0));
        r.add("Trilu", this::trilu);
        r.add("Where", this::where);
    }

    /** Operators whose result is boolean. */
    private static final java.util.Set<String> BOOLEAN = java.util.Set.of("Equal", "Less", "LessOrEqual", "Greater",
            "GreaterOrEqual", "And", "Or", "Xor", "Not");

    private void unary(NodeProto n, DoubleUnaryOperator f) {
        Val x = g.in(n, 0);
        if (x.isConstant()) {
            g.define(n.getOutput(0), Val.constant(x.dims, x.data == null ? null : Arrays.stream(x.data).map(f).toArray(),
                    x.real && !BOOLEAN.contains(n.getOpType())));
            return;
        }
        g.unaryLayer(n, LayerKind.ACTIVATION, Activation.NONE);
    }

    /**
     * A binary elementwise operator with numpy broadcasting, or a variadic one (Max, Min, Sum, Mean: one
     * input or more): evaluated on constants, else one elementwise vector-unit node reading every activation
     * operand.
     */
    private void binary(NodeProto n, LayerKind kind, DoubleBinaryOperator f) {
        boolean variadic = List.of("Max", "Min", "Sum", "Mean").contains(n.getOpType());
        List<Val> ins = new ArrayList<>();
        for (int i = 0; i < (variadic ? n.getInputCount() : 2); i++) {
            ins.add(g.in(n, i));
        }
        long[] out = ins.get(0).dims;
        for (Val v : ins) {
            long[] o = Dims.broadcast(out, v.dims);
            if (o == null) {
                throw g.nodeError("operands " + ins.stream().map(x -> Dims.str(x.dims)).toList() + " do not broadcast");
            }
            out = o;
        }
        if (ins.stream().allMatch(Val::isConstant)) {
            boolean integer = ins.stream().noneMatch(v -> v.real);
            DoubleBinaryOperator op = integer && n.getOpType().equals("Div") ? (p, q) -> (double) ((long) p / (long) q) : f;
            Val acc = ins.get(0);
            for (int i = 1; i < ins.size(); i++) {
                long[] o = Dims.broadcast(acc.dims, ins.get(i).dims);
                acc = Val.constant(o, elementwise(o, op, acc, ins.get(i)), acc.real || ins.get(i).real);
            }
            double[] data = acc.data == null ? null : Arrays.copyOf(acc.data, acc.data.length);
            if (n.getOpType().equals("Mean") && data != null) {
                for (int i = 0; i < data.length; i++) {
                    data[i] /= ins.size();
                }
            }
            boolean real = !BOOLEAN.contains(n.getOpType()) && !integer;
            g.define(n.getOutput(0), Val.constant(out, data, real));
            return;
        }
        if (ins.size() == 1) {
            g.alias(n.getOutput(0), n.getInput(0));
            return;
        }
        Val a = ins.get(0);
        Val b = ins.get(1);
        // A bias added after MatMul becomes the linear layer's bias: one value per output feature, on the
        // features' axis (the last for X.W, the second-last for W.X).
        if (n.getOpType().equals("Add")) {
            Val act = a.isConstant() ? b : a;
            Val c = a.isConstant() ? a : b;
            int actIndex = a.isConstant() ? 1 : 0;
            if (c.isConstant() && act.layer.kind == LayerKind.FC && !act.layer.bias
                    && act.layer.activation == Activation.NONE && perFeature(c, act)
                    && Arrays.equals(out, act.dims) && g.fusable(n, actIndex)) {
                act.layer.bias = true;
                g.define(n.getOutput(0), act);
                return;
            }
        }
        elementwiseNode(n, out, kind, ins);
    }

    /**
     * Whether a constant holds one value per output feature of a linear layer, on the axis that holds the
     * features: [M] or [.., 1, M] after X.W; [M, 1] or [.., M, 1] after W.X.
     */
    private static boolean perFeature(Val c, Val fc) {
        long m = fc.layer.shape.channels();
        int axis = fc.layer.featureAxisFromEnd;
        if (c.elements() != m || c.dims.length > fc.dims.length || fc.dims.length < axis
                || fc.dims[fc.dims.length - axis] != m) {
            return false;
        }
        if (m == 1) {
            return true;
        }
        return c.dims.length >= axis && c.dims[c.dims.length - axis] == m;
    }

    /** One vector-unit node over the activation operands of an elementwise operator. */
    private void elementwiseNode(NodeProto n, long[] out, LayerKind kind, List<Val> ins) {
        // the result is laid out as an operand of the same dims when there is one (a 1-d signal's C x 1 x L)
        Shape shape = Dims.nchw(out);
        for (Val v : ins) {
            if (!v.isConstant() && Arrays.equals(v.dims, out) && v.layer.shape.elements() == shape.elements()) {
                shape = v.layer.shape;
                break;
            }
        }
        Layer l = g.newLayer(kind, g.activationLayers(ins.toArray(new Val[0])), shape, "");
        g.define(n.getOutput(0), Val.activation(out, l));
    }

    /**
     * Where(condition, X, Y): evaluated when all three are constants (a causal mask built at import time);
     * otherwise a select on the vector units, one operation per operand read per output element (a mask
     * applied to attention scores: Where(mask, scores, -inf)).
     */
    private void where(NodeProto n) {
        Val c = g.in(n, 0);
        Val x = g.in(n, 1);
        Val y = g.in(n, 2);
        long[] cx = Dims.broadcast(c.dims, x.dims);
        long[] out = cx == null ? null : Dims.broadcast(cx, y.dims);
        if (out == null) {
            throw g.nodeError("operands " + Dims.str(c.dims) + ", " + Dims.str(x.dims) + " and " + Dims.str(y.dims)
                    + " do not broadcast");
        }
        if (!c.isConstant() || !x.isConstant() || !y.isConstant()) {
            elementwiseNode(n, out, LayerKind.ADD, List.of(c, x, y));
            return;
        }
        double[] data = null;
        if (c.data != null && x.data != null && y.data != null && Dims.product(out, 0, out.length) <= GraphTranslator.MAX_DATA) {
            data = new double[(int) Dims.product(out, 0, out.length)];
            for (int i = 0; i < data.length; i++) {
                data[i] = c.data[Dims.broadcastIndex(i, out, c.dims)] != 0
                        ? x.data[Dims.broadcastIndex(i, out, x.dims)] : y.data[Dims.broadcastIndex(i, out, y.dims)];
            }
        }
        g.define(n.getOutput(0), Val.constant(out, data, x.real));
    }

    /**
     * Trilu: the upper (upper = 1, the default) or lower triangle of the last two axes from diagonal k (input 1),
     * the rest zeroed. On a constant it is evaluated (a causal mask built with torch.triu or torch.tril);
     * on an activation it is a masking node on the vector units, one operation per element.
     */
    private void trilu(NodeProto n) {
        Val x = g.in(n, 0);
        long k = n.getInputCount() > 1 && !n.getInput(1).isEmpty() ? (long) g.constScalar(n, 1) : 0;
        boolean upper = Attributes.attrInt(n, "upper", 1) != 0;
        if (x.dims.length < 2) {
            throw g.nodeError("Trilu needs an input of rank 2 or more, got " + Dims.str(x.dims));
        }
        if (!x.isConstant()) {
            elementwiseNode(n, x.dims, LayerKind.ACTIVATION, List.of(x));
            return;
        }
        double[] data = null;
        if (x.data != null) {
            long rows = x.dims[x.dims.length - 2];
            long cols = x.dims[x.dims.length - 1];
            data = x.data.clone();
            for (int i = 0; i < data.length; i++) {
                long c = i % cols;
                long r = (i / cols) % rows;
                boolean keep = upper ? c - r >= k : c - r <= k;
                if (!keep) {
                    data[i] = 0;
                }
            }
        }
        g.define(n.getOutput(0), Val.constant(x.dims, data, x.real));
    }

    private static double[] elementwise(long[] out, DoubleBinaryOperator f, Val a, Val b) {
        long count = Dims.product(out, 0, out.length);
        if (a.data == null || b.data == null || count > GraphTranslator.MAX_DATA) {
            return null;
        }
        double[] r = new double[(int) count];
        for (int i = 0; i < r.length; i++) {
            r[i] = f.applyAsDouble(a.data[Dims.broadcastIndex(i, out, a.dims)], b.data[Dims.broadcastIndex(i, out, b.dims)]);
        }
        return r;
    }
}
