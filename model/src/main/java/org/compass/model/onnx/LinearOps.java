package org.compass.model.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.compass.model.network.LayerKind;
import org.compass.model.onnx.proto.Onnx.NodeProto;

/** The importer's MatMul and Gemm: crossbar linear layers when one operand is stored, vector-unit matmuls otherwise. */
final class LinearOps implements OperatorFamily {

    private final GraphTranslator g;

    LinearOps(GraphTranslator g) {
        this.g = g;
    }

    @Override
    public void register(OperatorRegistry r) {
        r.add("Gemm", this::gemm);
        r.add("MatMul", this::matmul);
    }

    /**
     * Gemm: Y = A' B' (+ C), A' and B' being A and B transposed by transA and transB. When one of A and B is
     * a constant (initializer, Constant or parameter input) it is the crossbar weight, in either position:
     * a weight B makes the rows of A' the tokens (Y = X W), a weight A the columns of B' (Y = W X). Two
     * activations make a vector-unit matmul; C must be a stored bias.
     */
    private void gemm(NodeProto n) {
        Val a = g.in(n, 0);
        Val b = g.in(n, 1);
        if (a.dims.length != 2 || b.dims.length != 2) {
            throw g.nodeError("Gemm operands must be 2-d, got A " + Dims.str(a.dims) + " and B " + Dims.str(b.dims));
        }
        boolean transA = Attributes.attrInt(n, "transA", 0) != 0;
        boolean transB = Attributes.attrInt(n, "transB", 0) != 0;
        long[] ad = transA ? new long[] {a.dims[1], a.dims[0]} : a.dims;
        long[] bd = transB ? new long[] {b.dims[1], b.dims[0]} : b.dims;
        if (ad[1] != bd[0]) {
            throw g.nodeError("A" + (transA ? "^T " : " ") + Dims.str(ad) + " and B" + (transB ? "^T " : " ") + Dims.str(bd)
                    + " do not multiply (inner sizes " + ad[1] + " and " + bd[0] + ")");
        }
        long[] out = {ad[0], bd[1]};
        boolean bias = n.getInputCount() > 2 && !n.getInput(2).isEmpty();
        if (bias && !g.in(n, 2).isConstant()) {
            throw g.nodeError("C '" + n.getInput(2) + "' is computed from activations; expected a stored bias");
        }
        if (a.isConstant() == b.isConstant()) {
            matmulBetween(n, a, b, out);
        } else if (b.isConstant()) {
            linear(n, a, ad[0], ad[1], bd[1], out, bias, 1);
        } else {
            linear(n, b, bd[1], bd[0], ad[0], out, bias, 2);
        }
    }

    /**
     * MatMul with numpy semantics (1-d operands promoted and their axis dropped, batch axes broadcast). A
     * constant operand on either side is a crossbar weight: X W contracts X's last axis, W X its second-last
     * (each column of X is a token). A weight with batch axes other than 1 is refused; two activations make
     * a vector-unit matmul.
     */
    private void matmul(NodeProto n) {
        Val a = g.in(n, 0);
        Val b = g.in(n, 1);
        long[] ad = a.dims.length == 1 ? new long[] {1, a.dims[0]} : a.dims;
        long[] bd = b.dims.length == 1 ? new long[] {b.dims[0], 1} : b.dims;
        if (ad.length < 2 || bd.length < 2 || ad[ad.length - 1] != bd[bd.length - 2]) {
            throw g.nodeError("MatMul operands " + Dims.str(a.dims) + " and " + Dims.str(b.dims) + " do not multiply");
        }
        long[] batch = Dims.broadcast(Arrays.copyOf(ad, ad.length - 2), Arrays.copyOf(bd, bd.length - 2));
        if (batch == null) {
            throw g.nodeError("MatMul batch dimensions of " + Dims.str(a.dims) + " and " + Dims.str(b.dims) + " do not broadcast");
        }
        List<Long> outList = new ArrayList<>();
        Arrays.stream(batch).forEach(outList::add);
        if (a.dims.length > 1) {
            outList.add(ad[ad.length - 2]);
        }
        if (b.dims.length > 1) {
            outList.add(bd[bd.length - 1]);
        }
        long[] out = outList.stream().mapToLong(Long::longValue).toArray();
        if (a.isConstant() == b.isConstant()) {
            matmulBetween(n, a, b, out);
            return;
        }
        Val w = a.isConstant() ? a : b;
        long[] wd = a.isConstant() ? ad : bd;
        if (Dims.product(wd, 0, wd.length - 2) != 1) {
            throw g.nodeError("MatMul with a batched weight " + Dims.str(w.dims) + " is not supported");
        }
        long k = ad[ad.length - 1];
        if (b.isConstant()) {
            linear(n, a, Dims.product(ad, 0, ad.length - 1), k, bd[bd.length - 1], out, false, 1);
        } else {
            long tokens = Dims.product(bd, 0, bd.length - 2) * bd[bd.length - 1];
            linear(n, b, tokens, k, ad[ad.length - 2], out, false, b.dims.length == 1 ? 1 : 2);
        }
    }

    private void matmulBetween(NodeProto n, Val a, Val b, long[] out) {
        if (a.isConstant() && b.isConstant()) {
            g.define(n.getOutput(0), Val.constant(out, null, true));
            return;
        }
        Layer l = g.newLayer(LayerKind.MATMUL, g.activationLayers(a, b), Dims.nchw(out), "");
        g.define(n.getOutput(0), Val.activation(out, l));
    }

    /**
     * A linear (FC) layer of K x M crossbar weights applied to {@code tokens} vectors of K features of the
     * activation {@code x}, making the value {@code out}. A view node is inserted when {@code x}'s layer does
     * not already hold K features per position (the activation is read transposed).
     */
    private void linear(NodeProto n, Val x, long tokens, long k, long m, long[] out, boolean bias, int featureAxisFromEnd) {
        Layer in = g.asShape(x, x.dims, Dims.shape(k, tokens, 1));
        Layer fc = g.newLayer(LayerKind.FC, List.of(in), Dims.shape(m, tokens, 1), "");
        fc.bias = bias;
        fc.featureAxisFromEnd = featureAxisFromEnd;
        g.define(n.getOutput(0), Val.activation(out, fc));
    }
}
