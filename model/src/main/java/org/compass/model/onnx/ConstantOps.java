package org.compass.model.onnx;

import java.util.Arrays;
import org.compass.model.network.Shape;
import org.compass.model.onnx.proto.Onnx.AttributeProto;
import org.compass.model.onnx.proto.Onnx.NodeProto;
import org.compass.model.onnx.proto.Onnx.TensorProto;

/** The importer's constants and shape computations evaluated at import time. */
final class ConstantOps implements OperatorFamily {

    private final GraphTranslator g;

    ConstantOps(GraphTranslator g) {
        this.g = g;
    }

    @Override
    public void register(OperatorRegistry r) {
        r.add("Constant", this::constantNode);
        r.add("Identity", n -> g.alias(n.getOutput(0), n.getInput(0)));
        r.add("Dropout", this::dropout);
        r.add("Size", this::size);
        r.add("Cast", this::cast);
        r.add("Shape", this::shapeOf);
        r.add("ConstantOfShape", this::constantOfShape);
        r.add("Range", this::range);
    }

    private void constantNode(NodeProto n) {
        for (AttributeProto a : n.getAttributeList()) {
            switch (a.getName()) {
                case "value" -> g.define(n.getOutput(0), TensorReader.tensor(a.getT()));
                case "value_float" -> g.define(n.getOutput(0), Val.constant(new long[0], new double[] {a.getF()}, true));
                case "value_int" -> g.define(n.getOutput(0), Val.constant(new long[0], new double[] {a.getI()}, false));
                case "value_floats" -> g.define(n.getOutput(0), Val.constant(new long[] {a.getFloatsCount()},
                        a.getFloatsList().stream().mapToDouble(Float::doubleValue).toArray(), true));
                case "value_ints" -> g.define(n.getOutput(0), Val.constant(new long[] {a.getIntsCount()},
                        a.getIntsList().stream().mapToDouble(Long::doubleValue).toArray(), false));
                default -> {
                }
            }
        }
        if (!g.defines(n.getOutput(0))) {
            throw g.nodeError("Constant without a supported value attribute");
        }
    }

    /** Dropout at inference passes its input on; the optional mask has the input's dims (all ones). */
    private void dropout(NodeProto n) {
        g.alias(n.getOutput(0), n.getInput(0));
        if (n.getOutputCount() > 1 && !n.getOutput(1).isEmpty()) {
            Val x = g.in(n, 0);
            long count = x.elements();
            double[] ones = null;
            if (count <= GraphTranslator.MAX_DATA) {
                ones = new double[(int) count];
                Arrays.fill(ones, 1);
            }
            g.define(n.getOutput(1), Val.constant(x.dims, ones, false));
        }
    }

    /** Size: the input's element count, a scalar known at import time. */
    private void size(NodeProto n) {
        g.define(n.getOutput(0), Val.constant(new long[0], new double[] {g.in(n, 0).elements()}, false));
    }

    private void cast(NodeProto n) {
        Val x = g.in(n, 0);
        if (!x.isConstant()) {
            g.alias(n.getOutput(0), n.getInput(0));
            return;
        }
        long to = Attributes.attrInt(n, "to", TensorProto.DataType.FLOAT_VALUE);
        boolean real = to == TensorProto.DataType.FLOAT_VALUE || to == TensorProto.DataType.DOUBLE_VALUE
                || to == TensorProto.DataType.FLOAT16_VALUE || to == 16;
        double[] data = x.data;
        if (data != null && !real) {
            data = Arrays.stream(data).map(v -> (double) (long) v).toArray();
        }
        g.define(n.getOutput(0), Val.constant(x.dims, data, real));
    }

    private void shapeOf(NodeProto n) {
        long[] d = g.in(n, 0).dims;
        int start = (int) Attributes.attrInt(n, "start", 0);
        int end = (int) Attributes.attrInt(n, "end", d.length);
        start = Math.max(0, start < 0 ? start + d.length : start);
        end = Math.min(d.length, end < 0 ? end + d.length : end);
        double[] data = new double[Math.max(0, end - start)];
        for (int i = start; i < end; i++) {
            data[i - start] = d[i];
        }
        g.define(n.getOutput(0), Val.constant(new long[] {data.length}, data, false));
    }

    private void constantOfShape(NodeProto n) {
        long[] dims = g.constLongs(n, 0);
        double fill = 0;
        boolean real = true;
        AttributeProto v = Attributes.attr(n, "value");
        if (v != null) {
            Val t = TensorReader.tensor(v.getT());
            fill = t.data == null || t.data.length == 0 ? 0 : t.data[0];
            real = t.real;
        }
        long count = Dims.product(dims, 0, dims.length);
        double[] data = null;
        if (count <= GraphTranslator.MAX_DATA) {
            data = new double[(int) count];
            Arrays.fill(data, fill);
        }
        g.define(n.getOutput(0), Val.constant(dims, data, real));
    }

    private void range(NodeProto n) {
        double start = g.constScalar(n, 0);
        double limit = g.constScalar(n, 1);
        double delta = g.constScalar(n, 2);
        int count = (int) Math.max(0, Math.ceil((limit - start) / delta));
        double[] data = new double[count];
        for (int i = 0; i < count; i++) {
            data[i] = start + i * delta;
        }
        g.define(n.getOutput(0), Val.constant(new long[] {count}, data, g.in(n, 0).real));
    }
}
