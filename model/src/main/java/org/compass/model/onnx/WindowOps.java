package org.compass.model.onnx;

import java.util.Arrays;
import java.util.List;
import org.compass.model.network.LayerKind;
import org.compass.model.network.Shape;
import org.compass.model.network.Window;
import org.compass.model.onnx.proto.Onnx.NodeProto;

/** The importer's convolution, pooling and the Pad folded into their windows. */
final class WindowOps implements OperatorFamily {

    private final GraphTranslator g;

    WindowOps(GraphTranslator g) {
        this.g = g;
    }

    @Override
    public void register(OperatorRegistry r) {
        r.add("Conv", this::conv);
        r.add("ConvTranspose", this::convTranspose);
        r.add("MaxPool", n -> pool(n, LayerKind.MAX_POOL));
        r.add("AveragePool", n -> pool(n, LayerKind.AVG_POOL));
        r.add("GlobalAveragePool", this::globalPool);
        r.add("GlobalMaxPool", this::globalPool);
        r.add("Pad", this::pad);
    }

    /**
     * Conv: a crossbar layer. A 1-d convolution (input N x C x L, weight M x C/g x k) is the 2-d one of height
     * 1: its layers hold C x 1 x L activations.
     */
    private void conv(NodeProto n) {
        Val x = g.activationIn(n, 0);
        Val w = g.weightIn(n, 1);
        long[] xd = x.unpadded != null ? x.unpadded : x.dims;
        boolean oneD = xd.length == 3 && w.dims.length == 3;
        if (!oneD && (w.dims.length != 4 || xd.length != 4)) {
            throw g.nodeError("only 1-d and 2-d convolutions are supported (input " + Dims.str(xd) + ", weight "
                    + Dims.str(w.dims) + ")");
        }
        long[] xd4 = oneD ? heightOne(xd) : xd;
        long[] wd4 = oneD ? heightOne(w.dims) : w.dims;
        int groups = (int) Attributes.attrInt(n, "group", 1);
        long m = wd4[0];
        if (xd4[1] != wd4[1] * groups) {
            throw g.nodeError("input has " + xd4[1] + " channels but the weight " + Dims.str(w.dims) + " with group "
                    + groups + " expects " + wd4[1] * groups);
        }
        Window win = window(n, new int[] {(int) wd4[2], (int) wd4[3]}, xd4, x, oneD);
        long[] out4 = {xd4[0], m, outSize(win.outputHeight((int) xd4[2])), outSize(win.outputWidth((int) xd4[3]))};
        Layer in = g.asShape(x, xd, model(xd4, oneD));
        Layer conv = g.newLayer(LayerKind.CONV, List.of(in), model(out4, oneD), "");
        conv.window = win;
        conv.groups = groups;
        conv.bias = n.getInputCount() > 2 && !n.getInput(2).isEmpty();
        g.define(n.getOutput(0), Val.activation(oneD ? new long[] {out4[0], out4[1], out4[3]} : out4, conv));
    }

    /**
     * ConvTranspose (a transposed or "fractionally strided" convolution: U-Net, GAN and segmentation
     * decoders) as a crossbar layer of its own mapping, the scatter form: the weight W is C_in x C_out/g x kh x
     * kw; every input position multiplies its C_in/g values by a C_in/g x (C_out/g * kh * kw) block of W (one
     * MVM per input position, all groups in the same step), giving each output channel's kh x kw
     * contributions, which an overlap-add (col2im) on the vector units sums into the output. So the crossbar
     * layer is a 1 x 1 convolution with C_out * kh * kw columns over the H_in x W_in input, MACs = H_in * W_in
     * * C_in/g * C_out * kh * kw (no multiplication by the zeros a zero-inserted convolution would do), and
     * the overlap-add is a node of one vector operation per output element (the bias, one per output channel,
     * is added there). Output size per axis: stride * (in - 1) + output_padding + (k - 1) * dilation + 1 - pads,
     * or {@code output_shape} (which may exceed the former: the
     * extra positions receive only the bias), or in * stride for {@code auto_pad} SAME. A 1-d one (N x C x L) is the 2-d one of
     * height 1.
     */
    private void convTranspose(NodeProto n) {
        Val x = g.activationIn(n, 0);
        Val w = g.weightIn(n, 1);
        if (x.unpadded != null) {
            throw g.nodeError("a Pad before ConvTranspose is not supported");
        }
        boolean oneD = x.dims.length == 3 && w.dims.length == 3;
        if (!oneD && (w.dims.length != 4 || x.dims.length != 4)) {
            throw g.nodeError("only 1-d and 2-d transposed convolutions are supported (input " + Dims.str(x.dims)
                    + ", weight " + Dims.str(w.dims) + ")");
        }
        long[] xd4 = oneD ? heightOne(x.dims) : x.dims;
        long[] wd4 = oneD ? heightOne(w.dims) : w.dims;
        int groups = (int) Attributes.attrInt(n, "group", 1);
        if (xd4[1] != wd4[0] || groups <= 0 || wd4[0] % groups != 0) {
            throw g.nodeError("input has " + xd4[1] + " channels but the weight " + Dims.str(w.dims) + " (C_in x C_out/group"
                    + " x kernel) with group " + groups + " expects " + wd4[0]);
        }
        long cout = Math.multiplyExact(wd4[1], groups);
        int spatial = oneD ? 1 : 2;
        long[] stride = ints(n, "strides", spatial, 1);
        long[] dil = ints(n, "dilations", spatial, 1);
        long[] outPad = ints(n, "output_padding", spatial, 0);
        long[] pads = ints(n, "pads", 2 * spatial, 0);
        List<Long> shape = Attributes.attrInts(n, "output_shape");
        String auto = Attributes.attrString(n, "auto_pad", "NOTSET");
        long[] in = oneD ? new long[] {x.dims[2]} : new long[] {x.dims[2], x.dims[3]};
        long[] kernel = oneD ? new long[] {w.dims[2]} : new long[] {w.dims[2], w.dims[3]};
        long[] out = new long[spatial];
        for (int i = 0; i < spatial; i++) {
            long full = stride[i] * (in[i] - 1) + outPad[i] + (kernel[i] - 1) * dil[i] + 1;
            if (shape != null && !shape.isEmpty()) {
                out[i] = shape.get(shape.size() - spatial + i);
            } else if (auto.equals("SAME_UPPER") || auto.equals("SAME_LOWER")) {
                out[i] = in[i] * stride[i];
            } else if (auto.equals("NOTSET") || auto.equals("VALID")) {
                out[i] = full - (auto.equals("VALID") ? 0 : pads[i] + pads[i + spatial]);
            } else {
                throw g.nodeError("auto_pad '" + auto + "': expected NOTSET, SAME_UPPER, SAME_LOWER or VALID");
            }
            boolean given = shape != null && !shape.isEmpty();
            if (out[i] <= 0 || (out[i] > full && !given)) {
                throw g.nodeError("output size " + out[i] + " along axis " + (i + 2) + " does not fit (input " + in[i]
                        + ", kernel " + kernel[i] + ", stride " + stride[i] + ": at most " + full + ")");
            }
        }
        long kh = wd4[2];
        long kw = wd4[3];
        long[] scatter4 = {xd4[0], Math.multiplyExact(cout, kh * kw), xd4[2], xd4[3]};
        long[] out4 = oneD ? new long[] {xd4[0], cout, 1, out[0]} : new long[] {xd4[0], cout, out[0], out[1]};
        Layer crossbar = g.newLayer(LayerKind.CONV, List.of(g.asShape(x, x.dims, model(xd4, oneD))), model(scatter4, oneD), "");
        crossbar.window = new Window(1, 1, 1, 1, 0, 0, 1, 1, false);
        crossbar.groups = groups;
        Layer col2im = g.newLayer(LayerKind.ADD, List.of(crossbar), model(out4, oneD), "/col2im");
        g.define(n.getOutput(0), Val.activation(oneD ? new long[] {out4[0], out4[1], out4[3]} : out4, col2im));
    }

    /** An ints attribute of the given length, or that many copies of a default. */
    private long[] ints(NodeProto n, String name, int count, long dflt) {
        List<Long> v = Attributes.attrInts(n, name);
        long[] r = new long[count];
        Arrays.fill(r, dflt);
        if (v == null || v.isEmpty()) {
            return r;
        }
        if (v.size() != count) {
            throw g.nodeError(name + " " + v + ": expected " + count + " values");
        }
        for (int i = 0; i < count; i++) {
            r[i] = v.get(i);
            if (r[i] < 0 || (!name.equals("pads") && !name.equals("output_padding") && r[i] == 0)) {
                throw g.nodeError(name + " " + v + ": expected " + (name.equals("pads") || name.equals("output_padding")
                        ? "non-negative" : "positive") + " values");
            }
        }
        return r;
    }

    /** MaxPool and AveragePool over 2-d or (as height 1) 1-d inputs. */
    private void pool(NodeProto n, LayerKind kind) {
        Val x = g.activationIn(n, 0);
        long[] xd = x.unpadded != null ? x.unpadded : x.dims;
        List<Long> k = Attributes.attrInts(n, "kernel_shape");
        boolean oneD = k != null && k.size() == 1 && xd.length == 3;
        if (!oneD && (k == null || k.size() != 2 || xd.length != 4)) {
            throw g.nodeError("only 1-d and 2-d pooling is supported (input " + Dims.str(xd) + ", kernel_shape " + k + ")");
        }
        long[] xd4 = oneD ? heightOne(xd) : xd;
        int[] kernel = oneD ? new int[] {1, k.get(0).intValue()} : new int[] {k.get(0).intValue(), k.get(1).intValue()};
        Window win = window(n, kernel, xd4, x, oneD);
        if (Attributes.attrInt(n, "ceil_mode", 0) != 0) {
            win = win.withCeilMode();
        }
        long[] out4 = {xd4[0], xd4[1], outSize(win.outputHeight((int) xd4[2])), outSize(win.outputWidth((int) xd4[3]))};
        Layer l = g.newLayer(kind, List.of(g.asShape(x, xd, model(xd4, oneD))), model(out4, oneD), "");
        l.window = win;
        long[] out = oneD ? new long[] {out4[0], out4[1], out4[3]} : out4;
        g.define(n.getOutput(0), Val.activation(out, l));
        if (n.getOutputCount() > 1 && !n.getOutput(1).isEmpty()) {
            g.define(n.getOutput(1), Val.activation(out, l)); // MaxPool's Indices: found with the maxima
        }
    }

    /** N x C x L as N x C x 1 x L. */
    private static long[] heightOne(long[] d) {
        return new long[] {d[0], d[1], 1, d[2]};
    }

    /**
     * The model shape of an N x C x H x W activation; a 1-d one (H = 1) must have N = 1, since the rank-3
     * value it came from cannot tell its batch from its channels.
     */
    private Shape model(long[] d4, boolean oneD) {
        if (oneD && d4[0] != 1) {
            throw g.nodeError("a 1-d input with a batch of " + d4[0] + " (" + Dims.str(new long[] {d4[0], d4[1], d4[3]})
                    + "); expected a batch of 1");
        }
        return Dims.nchw(d4);
    }

    /** GlobalAveragePool and GlobalMaxPool: C x 1 x 1 per input, over 2-d or (as height 1) 1-d inputs. */
    private void globalPool(NodeProto n) {
        Val x = g.activationIn(n, 0);
        long[] out = x.dims.clone();
        for (int i = 2; i < out.length; i++) {
            out[i] = 1;
        }
        boolean oneD = x.dims.length == 3;
        Shape in = oneD ? model(heightOne(x.dims), true) : Dims.nchw(x.dims);
        Shape o = oneD ? model(heightOne(out), true) : Dims.nchw(out);
        Layer l = g.newLayer(LayerKind.GLOBAL_AVG_POOL, List.of(g.asShape(x, x.dims, in)), o, "");
        g.define(n.getOutput(0), Val.activation(out, l));
    }

    /**
     * Pad of zeros on the spatial axes before a convolution or pooling is folded into its window (both sides,
     * asymmetric included); any other Pad is a data-move node.
     */
    private void pad(NodeProto n) {
        Val x = g.in(n, 0);
        long[] pads;
        List<Long> attrPads = Attributes.attrInts(n, "pads");
        if (attrPads != null) {
            pads = attrPads.stream().mapToLong(Long::longValue).toArray();
        } else {
            pads = g.constLongs(n, 1);
        }
        String mode = Attributes.attrString(n, "mode", "constant");
        int r = x.dims.length;
        if (pads.length != 2 * r) {
            throw g.nodeError("Pad with axes is not supported");
        }
        long[] out = x.dims.clone();
        for (int i = 0; i < r; i++) {
            out[i] += pads[i] + pads[i + r];
        }
        if (x.isConstant()) {
            g.define(n.getOutput(0), Val.constant(out, null, x.real));
            return;
        }
        boolean zeros = n.getInputCount() < 3 || n.getInput(2).isEmpty() || g.constScalar(n, 2) == 0;
        boolean foldable = r == 4 && mode.equals("constant") && zeros && x.unpadded == null
                && pads[0] == 0 && pads[1] == 0 && pads[r] == 0 && pads[r + 1] == 0
                && Arrays.stream(pads).allMatch(v -> v >= 0)
                && g.consumersOf(n.getOutput(0)).stream().allMatch(c ->
                        (c.getOpType().equals("Conv") || c.getOpType().equals("MaxPool") || c.getOpType().equals("AveragePool"))
                                && c.getInput(0).equals(n.getOutput(0)))
                && !g.isGraphOutput(n.getOutput(0));
        if (foldable) {
            g.define(n.getOutput(0), Val.padded(x, out,
                    new int[] {(int) pads[2], (int) pads[3], (int) pads[r + 2], (int) pads[r + 3]}));
            return;
        }
        Layer l = g.newLayer(LayerKind.RESHAPE, List.of(x.layer), Dims.nchw(out), "");
        g.define(n.getOutput(0), Val.activation(out, l));
    }

    /**
     * The window of a 2-d (or, at height 1, a 1-d) convolution or pooling: strides, dilations and the padding before and after each
     * spatial axis, from {@code pads = [top, left, bottom, right]} or {@code auto_pad} (SAME_UPPER puts the odd
     * pixel of an even kernel's padding after the input, SAME_LOWER before it), plus a folded Pad's.
     */
    private Window window(NodeProto n, int[] kernel, long[] xd, Val x, boolean oneD) {
        List<Long> strides = heightOne(Attributes.attrInts(n, "strides"), oneD, 1);
        List<Long> dil = heightOne(Attributes.attrInts(n, "dilations"), oneD, 1);
        List<Long> pads = Attributes.attrInts(n, "pads");
        if (oneD && pads != null) {
            if (pads.size() != 2) {
                throw g.nodeError("pads " + pads + ": expected 2 values [begin, end] for a 1-d window");
            }
            pads = List.of(0L, pads.get(0), 0L, pads.get(1));
        }
        int sh = strides == null ? 1 : strides.get(0).intValue();
        int sw = strides == null ? 1 : strides.get(1).intValue();
        int dh = dil == null ? 1 : dil.get(0).intValue();
        int dw = dil == null ? 1 : dil.get(1).intValue();
        int[] p = new int[4];
        String auto = Attributes.attrString(n, "auto_pad", "NOTSET");
        switch (auto) {
            case "SAME_UPPER", "SAME_LOWER" -> {
                boolean upper = auto.equals("SAME_UPPER");
                int th = samePad((int) xd[2], kernel[0], sh, dh);
                int tw = samePad((int) xd[3], kernel[1], sw, dw);
                p[0] = upper ? th / 2 : th - th / 2;
                p[1] = upper ? tw / 2 : tw - tw / 2;
                p[2] = th - p[0];
                p[3] = tw - p[1];
            }
            case "VALID" -> {
            }
            case "NOTSET" -> {
                if (pads != null) {
                    if (pads.size() != 4) {
                        throw g.nodeError("pads " + pads + ": expected 4 values [top, left, bottom, right]");
                    }
                    for (int i = 0; i < 4; i++) {
                        if (pads.get(i) < 0) {
                            throw g.nodeError("pads " + pads + ": negative padding (cropping) is not supported");
                        }
                        p[i] = pads.get(i).intValue();
                    }
                }
            }
            default -> throw g.nodeError("auto_pad '" + auto + "': expected NOTSET, SAME_UPPER, SAME_LOWER or VALID");
        }
        return new Window(kernel[0], kernel[1], sh, sw, p[0] + x.pads[0], p[1] + x.pads[1], dh, dw, false,
                p[2] + x.pads[2], p[3] + x.pads[3]);
    }

    /** A 1-d window's attribute with the height axis's value in front. */
    private static List<Long> heightOne(List<Long> values, boolean oneD, long height) {
        if (!oneD || values == null) {
            return values;
        }
        return List.of(height, values.get(0));
    }

    /** Total padding along one axis so that the output has ceil(in / stride) positions (auto_pad SAME). */
    private static int samePad(int in, int k, int s, int d) {
        int out = (in + s - 1) / s;
        return Math.max(0, (out - 1) * s + (k - 1) * d + 1 - in);
    }

    private long outSize(int size) {
        if (size <= 0) {
            throw g.nodeError("the window does not fit the input (output size " + size + ")");
        }
        return size;
    }
}
