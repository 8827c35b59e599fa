package org.compass.model.onnx;

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
        r.add("Add", n -> binary(n, LayerKind.ADD, Double::sum));
        r.add("Sub", n -> binary(n, LayerKind.ADD, (a, b) -> a - b));
        r.add("Mul", n -> binary(n, LayerKind.MUL, (a, b) -> a * b));
        r.add("Div", n -> binary(n, LayerKind.MUL, (a, b) -> a / b));
        r.add("Pow", n -> binary(n, LayerKind.MUL, Math::pow));
        r.add("Max", n -> binary(n, LayerKind.ADD, Math::max));
        r.add("Min", n -> binary(n, LayerKind.ADD, Math::min));
        r.add("Equal", n -> binary(n, null, (a, b) -> a == b ? 1 : 0));
        r.add("Where", this::where);
    }

    private void unary(NodeProto n, DoubleUnaryOperator f) {
        Val x = g.in(n, 0);
        if (x.isConstant()) {
            g.define(n.getOutput(0), Val.constant(x.dims, x.data == null ? null : Arrays.stream(x.data).map(f).toArray(), x.real));
            return;
        }
        g.unaryLayer(n, LayerKind.ACTIVATION, Activation.NONE);
    }

    private void binary(NodeProto n, LayerKind kind, DoubleBinaryOperator f) {
        Val a = g.in(n, 0);
        Val b = g.in(n, 1);
        long[] out = Dims.broadcast(a.dims, b.dims);
        if (out == null) {
            throw g.nodeError("operands " + Dims.str(a.dims) + " and " + Dims.str(b.dims) + " do not broadcast");
        }
        if (a.isConstant() && b.isConstant()) {
            boolean integer = !a.real && !b.real;
            DoubleBinaryOperator op = integer && n.getOpType().equals("Div") ? (p, q) -> (double) ((long) p / (long) q) : f;
            g.define(n.getOutput(0), Val.constant(out, elementwise(out, op, a, b), a.real || b.real));
            return;
        }
        if (kind == null) {
            throw g.nodeError("comparison of activations is not supported");
        }
        // A bias added after MatMul becomes the linear layer's bias.
        if (n.getOpType().equals("Add")) {
            Val act = a.isConstant() ? b : a;
            Val c = a.isConstant() ? a : b;
            int actIndex = a.isConstant() ? 1 : 0;
            if (c.isConstant() && act.layer.kind == LayerKind.FC && !act.layer.bias
                    && act.layer.activation == Activation.NONE && c.elements() == act.dims[act.dims.length - 1]
                    && Arrays.equals(out, act.dims) && g.fusable(n, actIndex)) {
                act.layer.bias = true;
                g.define(n.getOutput(0), act);
                return;
            }
        }
        // the result is laid out as an operand of the same dims when there is one (a 1-d signal's C x 1 x L)
        Shape shape = Dims.nchw(out);
        for (Val v : List.of(a, b)) {
            if (!v.isConstant() && Arrays.equals(v.dims, out) && v.layer.shape.elements() == shape.elements()) {
                shape = v.layer.shape;
                break;
            }
        }
        Layer l = g.newLayer(kind, g.activationLayers(a, b), shape, "");
        g.define(n.getOutput(0), Val.activation(out, l));
    }

    private void where(NodeProto n) {
        Val c = g.in(n, 0);
        Val x = g.in(n, 1);
        Val y = g.in(n, 2);
        long[] out = Dims.broadcast(Dims.broadcast(c.dims, x.dims), y.dims);
        if (!c.isConstant() || !x.isConstant() || !y.isConstant()) {
            throw g.nodeError("Where over activations is not supported");
        }
        double[] data = null;
        if (c.data != null && x.data != null && y.data != null && Dims.product(out, 0, out.length) <= OnnxConstants.MAX_DATA) {
            data = new double[(int) Dims.product(out, 0, out.length)];
            for (int i = 0; i < data.length; i++) {
                data[i] = c.data[Dims.broadcastIndex(i, out, c.dims)] != 0
                        ? x.data[Dims.broadcastIndex(i, out, x.dims)] : y.data[Dims.broadcastIndex(i, out, y.dims)];
            }
        }
        g.define(n.getOutput(0), Val.constant(out, data, x.real));
    }

    private static double[] elementwise(long[] out, DoubleBinaryOperator f, Val a, Val b) {
        long count = Dims.product(out, 0, out.length);
        if (a.data == null || b.data == null || count > OnnxConstants.MAX_DATA) {
            return null;
        }
        double[] r = new double[(int) count];
        for (int i = 0; i < r.length; i++) {
            r[i] = f.applyAsDouble(a.data[Dims.broadcastIndex(i, out, a.dims)], b.data[Dims.broadcastIndex(i, out, b.dims)]);
        }
        return r;
    }
}
