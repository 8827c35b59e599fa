package org.compass.model.onnx;

import java.util.List;
import org.compass.model.network.LayerKind;
import org.compass.model.onnx.proto.Onnx.AttributeProto;
import org.compass.model.onnx.proto.Onnx.NodeProto;

/**
 * The importer's Resize and Upsample (decoders, feature pyramids): output dims from {@code sizes} or from
 * {@code scales} (floor of dim x scale), both known at import time. Nearest-neighbour resizing only copies
 * values (a data-move node); linear and cubic interpolation compute every output element on the vector
 * units (an activation-like node).
 */
final class ResizeOps implements OperatorFamily {

    private final GraphTranslator g;

    ResizeOps(GraphTranslator g) {
        this.g = g;
    }

    @Override
    public void register(OperatorRegistry r) {
        r.add("Resize", this::resize);
        r.add("Upsample", this::resize);
    }

    private void resize(NodeProto n) {
        Val x = g.activationIn(n, 0);
        int r = x.dims.length;
        long[] out;
        long[] sizes = optional(n, 3) ? g.constLongs(n, 3) : null;
        double[] scales = null;
        AttributeProto scaleAttr = Attributes.attr(n, "scales");
        if (scaleAttr != null) {
            scales = scaleAttr.getFloatsList().stream().mapToDouble(Float::doubleValue).toArray();
        } else {
            int at = n.getOpType().equals("Upsample") || n.getInputCount() == 2 ? 1 : 2;
            if (optional(n, at)) {
                Val s = g.in(n, at);
                if (!s.isConstant() || s.data == null) {
                    throw g.nodeError("scales '" + n.getInput(at) + "' must be a constant known at import time");
                }
                scales = s.data.length == 0 ? null : s.data;
            }
        }
        List<Long> axes = Attributes.attrInts(n, "axes");
        if (axes != null && !axes.isEmpty()) {
            throw g.nodeError("Resize with axes is not supported; give sizes or scales for every axis");
        }
        if (sizes != null && sizes.length > 0) {
            if (sizes.length != r) {
                throw g.nodeError("sizes " + Dims.str(sizes) + " do not match the input's rank " + r);
            }
            out = sizes.clone();
        } else if (scales != null) {
            if (scales.length != r) {
                throw g.nodeError("scales of length " + scales.length + " do not match the input's rank " + r);
            }
            out = new long[r];
            for (int i = 0; i < r; i++) {
                out[i] = (long) Math.floor(x.dims[i] * scales[i]);
            }
        } else {
            throw g.nodeError("neither scales nor sizes given");
        }
        if (out[0] != x.dims[0] || (r > 1 && out[1] != x.dims[1])) {
            throw g.nodeError("resizing the batch or channel axis (" + Dims.str(x.dims) + " to " + Dims.str(out)
                    + ") is not supported");
        }
        String mode = Attributes.attrString(n, "mode", "nearest");
        LayerKind kind = mode.equals("nearest") ? LayerKind.RESHAPE : LayerKind.ACTIVATION;
        Layer l = g.newLayer(kind, List.of(x.layer), Dims.nchw(out), "");
        g.define(n.getOutput(0), Val.activation(out, l));
    }

    private static boolean optional(NodeProto n, int i) {
        return i < n.getInputCount() && !n.getInput(i).isEmpty();
    }
}
