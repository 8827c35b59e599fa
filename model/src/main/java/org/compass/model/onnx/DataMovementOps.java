package org.compass.model.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.compass.model.network.LayerKind;
import org.compass.model.onnx.proto.Onnx.NodeProto;

/** The importer's concatenation, reshaping, transposition, slicing and splitting: data moves without vector work. */
final class DataMovementOps implements OperatorFamily {

    private final GraphTranslator g;

    DataMovementOps(GraphTranslator g) {
        this.g = g;
    }

    @Override
    public void register(OperatorRegistry r) {
        r.add("Concat", this::concat);
        r.add("Flatten", this::flatten);
        r.add("Reshape", this::reshape);
        r.add("Transpose", this::transpose);
        r.add("Squeeze", this::squeeze);
        r.add("Unsqueeze", this::unsqueeze);
        r.add("Expand", this::expand);
        r.add("Slice", this::slice);
        r.add("Split", this::split);
        r.add("Tile", this::tile);
    }

    private void concat(NodeProto n) {
        List<Val> ins = new ArrayList<>();
        for (int i = 0; i < n.getInputCount(); i++) {
            ins.add(g.in(n, i));
        }
        int r = ins.get(0).dims.length;
        int axis = Dims.axis(Attributes.attrInt(n, "axis", 0), r);
        long[] out = ins.get(0).dims.clone();
        out[axis] = 0;
        for (Val v : ins) {
            if (v.dims.length != r) {
                throw g.nodeError("concat of ranks " + r + " and " + v.dims.length);
            }
            out[axis] += v.dims[axis];
        }
        if (ins.stream().allMatch(Val::isConstant)) {
            double[] data = null;
            if (ins.stream().allMatch(v -> v.data != null) && Dims.product(out, 0, out.length) <= GraphTranslator.MAX_DATA) {
                data = concatData(ins, out, axis);
            }
            g.define(n.getOutput(0), Val.constant(out, data, ins.get(0).real));
            return;
        }
        boolean appends = false;
        for (Val v : ins) {
            if (cached(v)) {
                // a decoder's step appends its new keys or values to the cached ones along this axis
                g.cacheAppend(v.dims[axis], out[axis] - v.dims[axis]);
                appends = true;
            }
        }
        for (Val v : ins) {
            if (appends && v.layer != null && !cached(v)) {
                // the new entries: stored to the cache in DRAM, whether or not the export lists the whole
                // concatenation (its "present" output) among its outputs
                g.kvAppend(v.layer);
            }
        }
        Layer l = g.newLayer(LayerKind.CONCAT, g.activationLayers(ins.toArray(new Val[0])), Dims.nchw(out), "");
        g.define(n.getOutput(0), Val.activation(out, l));
    }

    /** Whether a value is a decoder's cached keys or values, a graph input. */
    private static boolean cached(Val v) {
        return v.layer != null && v.layer.kind == LayerKind.INPUT && v.layer.kvCache;
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
        Val x = g.in(n, 0);
        int axis = (int) Attributes.attrInt(n, "axis", 1);
        axis = axis < 0 ? axis + x.dims.length : axis;
        long[] out = {Dims.product(x.dims, 0, axis), Dims.product(x.dims, axis, x.dims.length)};
        g.reshaped(n, x, out, LayerKind.FLATTEN, true);
    }

    private void reshape(NodeProto n) {
        Val x = g.in(n, 0);
        long[] spec = g.constLongs(n, 1).clone();
        if (g.staticBatch() > 1 && !x.isConstant() && spec.length > 0 && spec[0] == g.staticBatch() && x.dims.length > 0
                && x.dims[0] == 1) {
            spec[0] = 1; // the export's static batch, imported per image
        }
        long[] out = new long[spec.length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < spec.length; i++) {
            if (spec[i] == -1) {
                infer = i;
                continue;
            }
            out[i] = spec[i] == 0 && Attributes.attrInt(n, "allowzero", 0) == 0 ? x.dims[i] : spec[i];
            known *= out[i];
        }
        if (infer >= 0) {
            out[infer] = x.elements() / Math.max(1, known);
        }
        if (Dims.product(out, 0, out.length) != x.elements()) {
            throw g.nodeError("cannot reshape " + Dims.str(x.dims) + " to " + Dims.str(spec));
        }
        g.reshaped(n, x, out, LayerKind.RESHAPE, true);
    }

    private void transpose(NodeProto n) {
        Val x = g.in(n, 0);
        List<Long> perm = Attributes.attrInts(n, "perm");
        long[] out = new long[x.dims.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = x.dims[perm == null ? out.length - 1 - i : perm.get(i).intValue()];
        }
        g.reshaped(n, x, out, LayerKind.RESHAPE, false);
    }

    private void squeeze(NodeProto n) {
        Val x = g.in(n, 0);
        long[] axes = g.axesOf(n);
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
        g.reshaped(n, x, out.stream().mapToLong(Long::longValue).toArray(), LayerKind.RESHAPE, true);
    }

    private void unsqueeze(NodeProto n) {
        Val x = g.in(n, 0);
        long[] axes = g.axesOf(n);
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
        g.reshaped(n, x, out, LayerKind.RESHAPE, true);
    }

    private void expand(NodeProto n) {
        Val x = g.in(n, 0);
        long[] out = Dims.broadcast(x.dims, g.constLongs(n, 1));
        if (out == null) {
            throw g.nodeError("cannot expand " + Dims.str(x.dims));
        }
        if (x.isConstant()) {
            double[] data = null;
            if (x.data != null && Dims.product(out, 0, out.length) <= GraphTranslator.MAX_DATA) {
                data = new double[(int) Dims.product(out, 0, out.length)];
                for (int i = 0; i < data.length; i++) {
                    data[i] = x.data[Dims.broadcastIndex(i, out, x.dims)];
                }
            }
            g.define(n.getOutput(0), Val.constant(out, data, x.real));
            return;
        }
        g.reshaped(n, x, out, LayerKind.RESHAPE, false);
    }

    private void slice(NodeProto n) {
        Val x = g.in(n, 0);
        int r = x.dims.length;
        long[] starts;
        long[] ends;
        long[] axes;
        long[] steps = null;
        if (n.getInputCount() > 1) {
            starts = g.constLongs(n, 1);
            ends = g.constLongs(n, 2);
            axes = n.getInputCount() > 3 && !n.getInput(3).isEmpty() ? g.constLongs(n, 3) : null;
            steps = n.getInputCount() > 4 && !n.getInput(4).isEmpty() ? g.constLongs(n, 4) : null;
        } else {
            starts = Attributes.attrInts(n, "starts").stream().mapToLong(Long::longValue).toArray();
            ends = Attributes.attrInts(n, "ends").stream().mapToLong(Long::longValue).toArray();
            List<Long> a = Attributes.attrInts(n, "axes");
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
        if (!x.isConstant() && Arrays.stream(out).anyMatch(d -> d == 0)) {
            throw g.nodeError("the slice of " + Dims.str(x.dims) + " is empty (" + Dims.str(out) + "); an empty tensor has"
                    + " nothing to map");
        }
        if (x.isConstant()) {
            double[] data = null;
            long count = Dims.product(out, 0, r);
            if (x.data != null && count <= GraphTranslator.MAX_DATA) {
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
            g.define(n.getOutput(0), Val.constant(out, data, x.real));
            return;
        }
        if (Arrays.equals(out, x.dims)) {
            g.alias(n.getOutput(0), n.getInput(0));
            return;
        }
        g.sliced(n, 0, x, out);
    }

    /** Tile: the input repeated along each axis (repeats known at import time); on activations a data move. */
    private void tile(NodeProto n) {
        Val x = g.in(n, 0);
        long[] reps = g.constLongs(n, 1);
        if (reps.length != x.dims.length) {
            throw g.nodeError("repeats " + Dims.str(reps) + " do not match the input's rank " + x.dims.length);
        }
        long[] out = x.dims.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.multiplyExact(out[i], reps[i]);
        }
        if (!x.isConstant()) {
            g.reshaped(n, x, out, LayerKind.RESHAPE, false);
            return;
        }
        double[] data = null;
        long count = Dims.product(out, 0, out.length);
        if (x.data != null && count <= GraphTranslator.MAX_DATA) {
            data = new double[(int) count];
            long[] os = Dims.strides(out);
            long[] is = Dims.strides(x.dims);
            for (int f = 0; f < data.length; f++) {
                long idx = 0;
                for (int a = 0; a < out.length; a++) {
                    idx += ((f / os[a]) % out[a] % x.dims[a]) * is[a];
                }
                data[f] = x.data[(int) idx];
            }
        }
        g.define(n.getOutput(0), Val.constant(out, data, x.real));
    }

    private void split(NodeProto n) {
        Val x = g.in(n, 0);
        int r = x.dims.length;
        int axis = Dims.axis(Attributes.attrInt(n, "axis", 0), r);
        int outputs = n.getOutputCount();
        long[] sizes;
        List<Long> attrSplit = Attributes.attrInts(n, "split");
        if (attrSplit != null) {
            sizes = attrSplit.stream().mapToLong(Long::longValue).toArray();
        } else if (n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
            sizes = g.constLongs(n, 1);
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
                g.define(n.getOutput(i), Val.constant(out, null, x.real));
            } else {
                g.sliced(n, i, x, out);
            }
        }
    }
}
