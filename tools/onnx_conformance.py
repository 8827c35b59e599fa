#!/usr/bin/env python3
"""Write ONNX's node conformance cases for the operators COMPASS claims, as small model files.

Normally run through tools/onnx-conformance.sh, which provides Debian's python3-onnx (with its
test case generators, onnx/backend/test/case/node/) unpacked in a private folder. Usage:

    onnx_conformance.py --ops FILE --out DIR

FILE lists the operators the importer claims, one a line (the Java test checks that it is the
importer's registry). For every test case ONNX's generators produce whose operator is claimed (a
single-node case of that operator, or a function expansion whose base operator is claimed or whose
nodes are all claimed), it writes DIR/<case>.onnx and one line per graph output to DIR/expected.tsv:

    case  output  dims  values  per_image

dims are the output's shape (comma-separated, "" for a scalar), values its contents (space-separated,
at most 64 elements) when the importer can know them (an integer or boolean output, or a case whose
inputs are all constants), else "-"; per_image the output's dims when an image input's static batch
N > 1 is read as 1, as the importer does (ONNX shape inference on a copy), else "-". The importer's view of an input differs from a runtime's in one respect:
an operand that a real export always stores as a constant (a shape, axes, indices, pads, scales, a
convolution's weight, a normalization's statistics, clip bounds, a boolean mask) must be known at
import time, so such graph inputs become initializers with the case's own values; every other input
stays a graph input (an activation). The rule is the table CONSTANT_OPERANDS below plus "every
non-float input" (but the data operand of pooling, Pad, Conv and Resize, which may be a uint8 image). Cases whose inputs or outputs are sequences or optionals are left out (no tensor
shapes). Nothing is downloaded: the cases are computed by ONNX's own reference code (numpy).
"""

import argparse
import os
import sys
import warnings

import numpy as np

# numpy >= 1.24 removed these aliases, which onnx 1.12's case generators still use.
for _alias, _type in (("float", float), ("int", int), ("bool", bool), ("object", object), ("str", str)):
    if _alias not in np.__dict__:
        setattr(np, _alias, _type)

import onnx  # noqa: E402
from onnx import numpy_helper  # noqa: E402
from onnx.backend.test.case import node as node_cases  # noqa: E402

# Operand positions that a real export stores as constants (initializers or Constant nodes); the
# importer reads them at import time. Every non-float input is taken as such too.
CONSTANT_OPERANDS = {
    "Conv": {1, 2},
    "ConvTranspose": {1, 2},
    "Gemm": {2},
    "BatchNormalization": {1, 2, 3, 4},
    "InstanceNormalization": {1, 2},
    "LayerNormalization": {1, 2},
    "PRelu": {1},
    "Clip": {1, 2},
    "Resize": {1, 2, 3},
    "Upsample": {1},
    "Pad": {1, 2, 3},
    "Range": {0, 1, 2},
}

MAX_VALUES = 64


def is_float(elem_type):
    return elem_type in (onnx.TensorProto.FLOAT, onnx.TensorProto.DOUBLE, onnx.TensorProto.FLOAT16,
                         onnx.TensorProto.BFLOAT16)


# Operators whose first operand is data even when it is of an integer type (a uint8 image).
DATA_FIRST = {"MaxPool", "AveragePool", "Pad", "Conv", "Resize", "Upsample"}


def constant_inputs(graph):
    """Names of graph inputs to turn into initializers."""
    out = set()
    types = {i.name: i.type for i in graph.input}
    data = {n.input[0] for n in graph.node if n.op_type in DATA_FIRST and n.input}
    for i in graph.input:
        t = i.type
        if t.HasField("tensor_type") and not is_float(t.tensor_type.elem_type) and i.name not in data:
            out.add(i.name)
    for n in graph.node:
        for pos in CONSTANT_OPERANDS.get(n.op_type, ()):
            if pos < len(n.input) and n.input[pos] in types:
                out.add(n.input[pos])
    return out


def tensor_case(case):
    g = case.model.graph
    for v in list(g.input) + list(g.output):
        if not v.type.HasField("tensor_type"):
            return False
    inputs, outputs = case.data_sets[0]
    return all(isinstance(a, np.ndarray) for a in list(inputs) + list(outputs))


def fmt_value(v, integer):
    if integer:
        return str(int(v))
    v = float(v)
    if np.isnan(v):
        return "nan"
    if np.isinf(v):
        return "inf" if v > 0 else "-inf"
    return "%.6g" % v


def convert(case):
    """The case's model with its constant operands as initializers."""
    m = onnx.ModelProto()
    m.CopyFrom(case.model)
    g = m.graph
    inputs, _ = case.data_sets[0]
    present = [i.name for i in g.input]
    values = dict(zip(present, inputs))
    const = constant_inputs(g)
    keep = [i for i in g.input if i.name not in const]
    del g.input[:]
    g.input.extend(keep)
    for name in present:
        if name in const:
            g.initializer.append(numpy_helper.from_array(np.asarray(values[name]), name))
    return m


def per_image_dims(m):
    """The outputs' dims when an image input's static batch N > 1 is read as 1, as the importer does
    (ONNX shape inference on a copy with N = 1), by output name; {} when no input has such a batch."""
    c = onnx.ModelProto()
    c.CopyFrom(m)
    convs = {n.input[0] for n in c.graph.node if n.op_type in ("Conv", "MaxPool", "AveragePool") and n.input}
    changed = False
    for i in c.graph.input:
        d = i.type.tensor_type.shape.dim
        rank = len(d)
        if (rank == 4 or (rank == 3 and i.name in convs)) and d[0].HasField("dim_value") and d[0].dim_value > 1:
            d[0].dim_value = 1
            changed = True
    if not changed:
        return {}
    for o in c.graph.output:
        o.type.tensor_type.ClearField("shape")
    try:
        inferred = onnx.shape_inference.infer_shapes(c, strict_mode=True)
    except Exception:
        return {}
    out = {}
    for o in inferred.graph.output:
        t = o.type.tensor_type
        if t.HasField("shape") and all(x.HasField("dim_value") for x in t.shape.dim):
            out[o.name] = ",".join(str(x.dim_value) for x in t.shape.dim)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ops", required=True, help="file of claimed operators, one a line")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    with open(a.ops) as f:
        claimed = {l.strip() for l in f if l.strip() and not l.startswith("#")}
    warnings.filterwarnings("ignore")
    cases = node_cases.collect_testcases(None)
    base_op = {}
    for c in cases:
        if not c.name.endswith("_expanded") and len(c.model.graph.node) == 1:
            base_op[c.name] = c.model.graph.node[0].op_type
    os.makedirs(a.out, exist_ok=True)
    for old in os.listdir(a.out):
        if old.endswith(".onnx"):
            os.remove(os.path.join(a.out, old))
    lines = ["case\toutput\tdims\tvalues\tper_image"]
    written, skipped, total = 0, 0, 0
    seen = set()
    for c in sorted(cases, key=lambda c: c.name):
        ops = [n.op_type for n in c.model.graph.node]
        op = base_op.get(c.name[:-len("_expanded")] if c.name.endswith("_expanded") else c.name)
        if not (op in claimed or all(o in claimed for o in ops)):
            continue
        if c.name in seen:
            continue
        seen.add(c.name)
        if not tensor_case(c):
            skipped += 1
            continue
        m = convert(c)
        data = m.SerializeToString()
        path = os.path.join(a.out, c.name + ".onnx")
        with open(path, "wb") as f:
            f.write(data)
        total += len(data)
        written += 1
        _, outputs = c.data_sets[0]
        per_image = per_image_dims(m)
        for o, arr in zip(c.model.graph.output, outputs):
            arr = np.asarray(arr)
            dims = ",".join(str(d) for d in arr.shape)
            integer = arr.dtype.kind in "iub"
            folded = integer or len(m.graph.input) == 0
            if folded and arr.size <= MAX_VALUES and arr.dtype.kind in "iubf":
                vals = " ".join(fmt_value(v, integer) for v in arr.reshape(-1))
            else:
                vals = "-"
            lines.append(f"{c.name}\t{o.name}\t{dims}\t{vals if vals else '-'}\t{per_image.get(o.name, '-')}")
    with open(os.path.join(a.out, "expected.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"onnx {onnx.__version__}: {written} cases written ({total} bytes), {skipped} left out "
          f"(sequence or optional values), for {len(claimed)} claimed operators", file=sys.stderr)


if __name__ == "__main__":
    main()
