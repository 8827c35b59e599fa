package org.compass.model.onnx;

import java.util.List;
import org.compass.model.network.LayerKind;
import org.compass.model.onnx.proto.Onnx.NodeProto;

/** The importer's Gather: evaluated on constants, a slice of an activation, or a token embedding looked up in DRAM. */
final class GatherOps implements OperatorFamily {

    private final GraphTranslator g;

    GatherOps(GraphTranslator g) {
        this.g = g;
    }

    @Override
    public void register(OperatorRegistry r) {
        r.add("Gather", this::gather);
    }

    private void gather(NodeProto n) {
        Val x = g.in(n, 0);
        Val idx = g.in(n, 1);
        int r = x.dims.length;
        int axis = Dims.axis(Attributes.attrInt(n, "axis", 0), r);
        long[] out = new long[r - 1 + idx.dims.length];
        System.arraycopy(x.dims, 0, out, 0, axis);
        System.arraycopy(idx.dims, 0, out, axis, idx.dims.length);
        System.arraycopy(x.dims, axis + 1, out, axis + idx.dims.length, r - axis - 1);
        if (!idx.isConstant()) {
            if (x.isConstant() && axis == 0) {
                embedding(n, x, idx, out);
                return;
            }
            throw g.nodeError("Gather of an activation at indices computed from activations is not supported "
                    + "(expected a stored table, as in an embedding lookup, or constant indices)");
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
            g.define(n.getOutput(0), Val.constant(out, data, x.real));
            return;
        }
        g.sliced(n, 0, x, out);
    }

    /**
     * A token embedding: Gather of rows of a stored table at indices computed at run time. The table stays in
     * DRAM and never occupies crossbars; each token reads its row, so the looked-up rows (tokens x row
     * size) are a network input read from DRAM, in place of the indices.
     */
    private void embedding(NodeProto n, Val table, Val idx, long[] out) {
        long row = Dims.product(table.dims, 1, table.dims.length);
        long tokens = idx.elements();
        String base = g.current().getName().isEmpty() ? g.current().getOpType() + "_" + g.current().getOutput(0) : g.current().getName();
        Layer rows = new Layer(g.unique(base), g.current().getOpType(), LayerKind.INPUT, List.of(), Dims.shape(row, tokens, 1));
        g.addLayer(rows);
        g.lookupIndex(idx.layer);
        g.define(n.getOutput(0), Val.activation(out, rows));
        g.note("node '" + rows.name + "': the embedding table '" + n.getInput(0) + "' " + Dims.str(table.dims)
                + " stays in DRAM (no crossbars); each of the " + tokens + " tokens reads its row of " + row
                + " values, counted as the DRAM input '" + rows.name + "'");
    }
}
