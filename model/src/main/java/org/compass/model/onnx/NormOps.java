package org.compass.model.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.compass.model.network.Activation;
import org.compass.model.network.LayerKind;
import org.compass.model.onnx.proto.Onnx.NodeProto;

/** The importer's normalizations, softmax and reductions on the vector units. */
final class NormOps implements OperatorFamily {

    private final GraphTranslator g;

    NormOps(GraphTranslator g) {
        this.g = g;
    }

    @Override
    public void register(OperatorRegistry r) {
        r.add("BatchNormalization", this::batchNorm);
        r.add("LayerNormalization", this::layerNorm);
        r.add("InstanceNormalization", n -> g.unaryLayer(n, LayerKind.NORM, Activation.NONE));
        r.add("Softmax", n -> g.unaryLayer(n, LayerKind.SOFTMAX, Activation.NONE));
        r.add("ReduceMean", this::reduce);
        r.add("ReduceSum", this::reduce);
        r.add("ReduceMax", this::reduce);
        r.add("ReduceMin", this::reduce);
    }

    private void batchNorm(NodeProto n) {
        Val x = g.activationIn(n, 0);
        if (x.layer.kind == LayerKind.CONV && g.fusable(n, 0) && n.getOutputCount() == 1) {
            g.define(n.getOutput(0), x);
            return;
        }
        g.unaryLayer(n, LayerKind.NORM, Activation.NONE);
        // training mode: the running mean and variance (one value per channel), read off the norm
        long[] perChannel = {x.dims.length > 1 ? x.dims[1] : 1};
        for (int i = 1; i < n.getOutputCount(); i++) {
            if (!n.getOutput(i).isEmpty()) {
                g.sliced(n, i, g.value(n.getOutput(0)), perChannel);
            }
        }
    }

    /**
     * LayerNormalization: a NORM node; its optional Mean and InvStdDev outputs (the input's dims with the
     * normalized axes, {@code axis} to the last, kept as 1) are read off it.
     */
    private void layerNorm(NodeProto n) {
        Val x = g.activationIn(n, 0);
        g.unaryLayer(n, LayerKind.NORM, Activation.NONE);
        int axis = Dims.axis(Attributes.attrInt(n, "axis", -1), x.dims.length);
        long[] stats = x.dims.clone();
        Arrays.fill(stats, axis, stats.length, 1);
        for (int i = 1; i < n.getOutputCount(); i++) {
            if (!n.getOutput(i).isEmpty()) {
                g.sliced(n, i, g.value(n.getOutput(0)), stats);
            }
        }
    }

    /**
     * ReduceMean/Sum/Max/Min over the given axes (an attribute, or input 1 from opset 13/18): over both
     * spatial axes of an image a global pooling, otherwise a normalization-like vector-unit node.
     */
    private void reduce(NodeProto n) {
        Val x = g.in(n, 0);
        long[] axes = g.axesOf(n);
        boolean keep = Attributes.attrInt(n, "keepdims", 1) != 0;
        int r = x.dims.length;
        boolean[] reduced = new boolean[r];
        if (axes == null || axes.length == 0) {
            if (Attributes.attrInt(n, "noop_with_empty_axes", 0) != 0) {
                g.alias(n.getOutput(0), n.getInput(0));
                return;
            }
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
        if (x.isConstant()) {
            g.define(n.getOutput(0), Val.constant(od, null, x.real));
            return;
        }
        boolean spatial = r == 4 && reduced[2] && reduced[3] && !reduced[0] && !reduced[1];
        LayerKind kind = spatial ? LayerKind.GLOBAL_AVG_POOL : LayerKind.NORM;
        Layer l = g.newLayer(kind, List.of(x.layer), Dims.nchw(od), "");
        g.define(n.getOutput(0), Val.activation(od, l));
    }
}
