#!/usr/bin/env python3
"""Export weight-less ONNX graphs of torchvision architectures for COMPASS tests.

Normally run through tools/export-onnx.sh, which provides Debian's
python3-torch / python3-torchvision / python3-onnx unpacked in a private
folder. Usage:

    export_onnx.py [--opset N] [--out DIR] [NETWORK ...]

For every network it writes DIR/<name>.onnx (export_params=False, so weights
are not stored and appear only as shaped graph inputs), checks the file with
onnx.checker.check_model, and finally writes DIR/MANIFEST.md and
DIR/manifest.csv.

MAC counts are computed independently of the ONNX graph, on the PyTorch
module, by forward hooks:
  * nn.Conv2d: out_elements * in_channels/groups * kh * kw
  * nn.Linear: in_features * out_features * tokens
               (tokens = output elements / out_features)
  * nn.MultiheadAttention (ViT): its projections are applied through
    F.linear inside F.multi_head_attention_forward, not by calling nn.Linear
    modules, so Linear hooks never see them. A hook on the attention module
    counts them explicitly: in_proj 3*E*E*L and out_proj E*E*L for L tokens
    and embedding E. The two activation x activation products
    (Q.K^T and A.V, 2*L*L*E) are not conv/linear MACs; they are reported
    separately as attention-matmul MACs.
A second count is derived from the exported ONNX graph itself (in-memory
shape inference; nothing is written back to the file) as a cross-check.
"""

import argparse
import collections
import csv
import io
import os
import inspect
import sys
import warnings

import torch
import torch.nn as nn
import torchvision

import onnx
from onnx import shape_inference

NETWORKS = [
    "resnet18", "resnet34", "resnet50", "resnet101", "resnet152",
    "vgg11", "vgg16", "vgg19",
    "mobilenet_v2",
    "squeezenet1_0", "squeezenet1_1",
    "alexnet",
    "vit_b_16",
]

# Published conv+fc MAC counts (torchvision documentation, GFLOPS column,
# which torchvision counts as multiply-accumulates).
REFERENCE_MACS = {
    "resnet18": 1_814_073_344,
    "resnet50": 4_089_184_256,
    "mobilenet_v2": 300_774_272,
    "vgg16": 15_470_264_320,
    "squeezenet1_0": 818_924_576,
}


def count_macs(model, x):
    """Return (conv_linear_macs, attention_matmul_macs, per-kind breakdown)."""
    totals = collections.Counter()
    hooks = []

    def conv_hook(m, inp, out):
        kh, kw = m.kernel_size
        totals["conv"] += out.numel() * (m.in_channels // m.groups) * kh * kw

    def linear_hook(m, inp, out):
        tokens = out.numel() // m.out_features
        totals["linear"] += m.in_features * m.out_features * tokens

    def mha_hook(m, inp, out):
        # torchvision calls self_attention(query=x, key=x, value=x) with
        # keywords, which forward hooks (torch < 2.0) do not see, so take
        # the token count from the output (same length as the query).
        o = out[0] if isinstance(out, tuple) else out
        e = m.embed_dim
        if m.batch_first:
            b, l = o.shape[0], o.shape[1]
        else:
            l, b = o.shape[0], o.shape[1]
        # self-attention: key/value sequences have the query's length L
        totals["mha_in_proj"] += b * l * e * (e + m.kdim + m.vdim)
        totals["mha_out_proj"] += b * l * e * e
        totals["attn_matmul"] += b * 2 * l * l * e

    for mod in model.modules():
        if isinstance(mod, nn.Conv2d):
            hooks.append(mod.register_forward_hook(conv_hook))
        elif isinstance(mod, nn.Linear) and not isinstance(
                mod, nn.modules.linear.NonDynamicallyQuantizableLinear):
            # NonDynamicallyQuantizableLinear is MultiheadAttention.out_proj;
            # it is counted by mha_hook (it is never called as a module anyway).
            hooks.append(mod.register_forward_hook(linear_hook))
        elif isinstance(mod, nn.MultiheadAttention):
            hooks.append(mod.register_forward_hook(mha_hook))
    with torch.no_grad():
        model(x)
    for h in hooks:
        h.remove()
    conv_linear = (totals["conv"] + totals["linear"]
                   + totals["mha_in_proj"] + totals["mha_out_proj"])
    return conv_linear, totals["attn_matmul"], dict(totals)


def onnx_graph_macs(model_proto):
    """Cross-check: MACs of Conv/Gemm/MatMul from the ONNX graph's shapes.

    Returns (conv_gemm_matmul_with_weight, matmul_activation_activation).
    """
    inferred = shape_inference.infer_shapes(model_proto)
    g = inferred.graph
    shapes = {}

    def dims(vi):
        t = vi.type.tensor_type
        if not t.HasField("shape"):
            return None
        out = []
        for d in t.shape.dim:
            if not d.HasField("dim_value"):
                return None
            out.append(d.dim_value)
        return out

    for vi in list(g.input) + list(g.value_info) + list(g.output):
        s = dims(vi)
        if s is not None:
            shapes[vi.name] = s
    for init in g.initializer:
        shapes[init.name] = list(init.dims)
    weight_like = {i.name for i in g.input} | {i.name for i in g.initializer}
    weight_like.discard(g.input[0].name)  # the image input

    def prod(xs):
        p = 1
        for v in xs:
            p *= v
        return p

    macs = 0
    act_matmul = 0
    for n in g.node:
        if n.op_type == "Conv":
            w = shapes.get(n.input[1])
            y = shapes.get(n.output[0])
            if w is None or y is None:
                return None, None
            macs += prod(y) * prod(w[1:])
        elif n.op_type == "Gemm":
            a = shapes.get(n.input[0])
            y = shapes.get(n.output[0])
            trans_a = any(at.name == "transA" and at.i for at in n.attribute)
            if a is None or y is None:
                return None, None
            k = a[0] if trans_a else a[1]
            macs += prod(y) * k
        elif n.op_type == "MatMul":
            a = shapes.get(n.input[0])
            y = shapes.get(n.output[0])
            if a is None or y is None:
                return None, None
            m = prod(y) * a[-1]
            if n.input[1] in weight_like:
                macs += m
            else:
                act_matmul += m
    return macs, act_matmul


def export_one(name, opset, out_dir):
    torch.manual_seed(0)
    ctor = getattr(torchvision.models, name)
    model = ctor(weights=None)
    model.eval()
    x = torch.randn(1, 3, 224, 224)
    params = sum(p.numel() for p in model.parameters())
    macs, attn_macs, breakdown = count_macs(model, x)

    # weights=None leaves many parameters with identical values (zero biases,
    # unit BatchNorm/LayerNorm scales, zero class token). The TorchScript
    # exporter deduplicates equal-valued parameters and would then emit
    # Identity nodes aliasing one graph input to another, which a real
    # (trained) export never has. Give every tensor distinct random values
    # first; nothing is stored (export_params=False), so only the structure
    # of the export is affected, and this only makes it look like a trained
    # model's.
    with torch.no_grad():
        for p in model.parameters():
            p.normal_(0.0, 0.02)
        for bname, b in model.named_buffers():
            if not b.is_floating_point():
                continue
            if bname.endswith("running_var"):
                b.uniform_(0.5, 1.5)
            else:
                b.normal_(0.0, 0.1)

    buf = io.BytesIO()
    kwargs = dict(
        export_params=False,
        opset_version=opset,
        do_constant_folding=True,
        input_names=["input"],
        output_names=["output"],
        training=torch.onnx.TrainingMode.EVAL,
    )
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False  # newer torch: force the TorchScript exporter
    torch.onnx.export(model, (x,), buf, **kwargs)
    data = buf.getvalue()
    path = os.path.join(out_dir, name + ".onnx")
    with open(path, "wb") as f:
        f.write(data)

    m = onnx.load(path)
    onnx.checker.check_model(m)
    ops = collections.Counter(n.op_type for n in m.graph.node)
    opset_decl = [o.version for o in m.opset_import if o.domain in ("", "ai.onnx")]
    g_macs, g_attn = onnx_graph_macs(m)
    return {
        "file": name + ".onnx",
        "network": name,
        "constructor": f"torchvision.models.{name}(weights=None)",
        "opset": opset_decl[0] if opset_decl else opset,
        "bytes": len(data),
        "nodes": len(m.graph.node),
        "graph_inputs": len(m.graph.input),
        "initializers": len(m.graph.initializer),
        "macs": macs,
        "attn_macs": attn_macs,
        "breakdown": breakdown,
        "onnx_macs": g_macs,
        "onnx_act_matmul_macs": g_attn,
        "params": params,
        "ops": ops,
    }


def fmt(n):
    return f"{n:,}" if isinstance(n, int) else str(n)


def write_manifest(rows, out_dir, versions, skipped):
    with open(os.path.join(out_dir, "manifest.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "network", "opset", "bytes", "nodes", "macs", "params"])
        for r in rows:
            w.writerow([r["file"], r["network"], r["opset"], r["bytes"],
                        r["nodes"], r["macs"], r["params"]])

    all_ops = collections.Counter()
    for r in rows:
        all_ops.update(r["ops"])
    L = []
    L.append("# Test ONNX models (torchvision architectures, no weights)")
    L.append("")
    L.append("Generated by `tools/export-onnx.sh` (`tools/export_onnx.py`) with Debian 12 "
             "packages only: " + versions + ". Do not edit by hand; re-run the script.")
    L.append("")
    L.append("* Each file is `torch.onnx.export(model, torch.randn(1, 3, 224, 224), ..., "
             "export_params=False, do_constant_folding=True, training=EVAL)` with the "
             "TorchScript exporter, input `input` (1x3x224x224 float), output `output`.")
    L.append("* `export_params=False`: no weights are stored. Every parameter (conv/linear "
             "weights and biases, BatchNorm scale/bias/mean/var, ViT class token and position "
             "embedding) is a **graph input** with its full static shape. No ONNX shape "
             "inference was run into the files (no `value_info`), as in a raw user export.")
    L.append("* `macs` = conv + linear multiply-accumulates at batch 1, computed on the PyTorch "
             "module by forward hooks, independently of the ONNX graph: Conv2d "
             "`out_elements * in_channels/groups * kh * kw`; Linear "
             "`in_features * out_features * tokens`. For ViT, `nn.MultiheadAttention` applies its "
             "in_proj/out_proj through `F.linear` (no nn.Linear module call), so a hook on the "
             "attention module adds them explicitly: in_proj `3*E*E*L` + out_proj `E*E*L` per "
             "layer (E=768, L=197 tokens). The activation x activation products Q.K^T and A.V "
             "(`2*L*L*E` per layer) are *not* in `macs`; they are listed as attention-matmul MACs.")
    L.append("* `onnx MACs` is a cross-check computed from the exported graph (in-memory shape "
             "inference): Conv `out_elements * prod(W.shape[1:])`, Gemm `out_elements * K`, "
             "MatMul `out_elements * K` (split into weight and activation x activation MatMuls).")
    L.append("* `params` = `sum(p.numel() for p in model.parameters())`.")
    L.append("")
    L.append("| file | constructor | opset | bytes | nodes | graph inputs | macs (conv+linear) "
             "| onnx MACs (weight ops) | attention-matmul MACs | params | published MACs |")
    L.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        ref = REFERENCE_MACS.get(r["network"])
        if ref is None:
            refs = "-"
        elif ref == r["macs"]:
            refs = f"{fmt(ref)} (match)"
        else:
            refs = f"{fmt(ref)} (**MISMATCH**, diff {fmt(r['macs'] - ref)})"
        L.append(f"| {r['file']} | `{r['constructor']}` | {r['opset']} | {r['bytes']} | "
                 f"{r['nodes']} | {r['graph_inputs']} | {fmt(r['macs'])} | "
                 f"{fmt(r['onnx_macs'])} | {fmt(r['attn_macs'])} | {fmt(r['params'])} | {refs} |")
    total = sum(r["bytes"] for r in rows)
    L.append("")
    L.append(f"Total size: {total} bytes.")
    L.append("")
    L.append("## Op types per file")
    L.append("")
    for r in rows:
        ops = ", ".join(f"{k} {v}" for k, v in sorted(r["ops"].items()))
        L.append(f"* **{r['file']}**: {ops}")
    L.append("")
    L.append("## Op types across all files")
    L.append("")
    L.append(", ".join(f"{k} {v}" for k, v in sorted(all_ops.items())))
    L.append("")
    L.append("## What the exports look like")
    L.append("")
    L.append("* CNNs: eval-mode constant folding fuses every BatchNorm into the preceding Conv, "
             "so there is no BatchNormalization op; the fused conv weights/biases are graph "
             "inputs with anonymous names (`onnx::Conv_193` ...), while unfused parameters keep "
             "their module names (`fc.weight`, `classifier.0.weight`, ...). Dropout disappears.")
    L.append("* Linear layers on 2-D tensors are `Gemm` with `transB=1` (weight [out, in]).")
    L.append("* mobilenet_v2's ReLU6 is `Clip` with min/max given as `Constant` node inputs "
             "(opset >= 11); that is where its Constant nodes come from.")
    L.append("* vgg*/alexnet: `AdaptiveAvgPool2d((7,7))` / `((6,6))` on an already 7x7 / 6x6 map "
             "is exported as `AveragePool` with kernel 1x1, stride 1 (a no-op).")
    L.append("* To make these look like exports of trained models, all parameters and "
             "BatchNorm buffers get distinct random values before export (weights=None "
             "leaves many equal tensors, e.g. zero biases, which the exporter would "
             "deduplicate into `Identity` nodes aliasing one graph input to another). "
             "Nothing of these values is stored.")
    L.append("")
    vit = [r for r in rows if r["network"].startswith("vit")]
    if vit:
        L.append("## ViT notes")
        L.append("")
        L.append("Per encoder layer (12 layers, E=768, 12 heads of 64, L=197 tokens incl. the "
                 "class token, which enters through Expand + Concat, then Add of the position "
                 "embedding input):")
        L.append("")
        ops = vit[0]["ops"]
        if "LayerNormalization" in ops:
            L.append("* LayerNorm is the `LayerNormalization` op (opset >= 17).")
        else:
            L.append("* LayerNorm is decomposed (opset < 17): ReduceMean(axes=-1), Sub, "
                     "Pow(2), ReduceMean, Add(eps), Sqrt, Div, Mul(gamma input), Add(beta input).")
        L.append("* Attention (`nn.MultiheadAttention`, traced through "
                 "`F.multi_head_attention_forward`): Transpose to (L, B, E); in_proj as "
                 "`MatMul` with a pre-transposed [768, 2304] weight input (anonymous "
                 "`onnx::MatMul_*`) + `Add` of `in_proj_bias`; Q/K/V cut out with "
                 "Shape/Gather/Add/Div/Mul/Slice; per-head Reshape + Transpose; Q scaled by "
                 "`Div` (sqrt(64)); `MatMul`(Q, K^T) -> `Softmax` -> `MatMul`(A, V) "
                 "(activation x activation MatMuls, no weight input); Transpose + Reshape to "
                 "(L*B, E); out_proj as `Gemm` (transB=1) with the named `out_proj.weight`; "
                 "Reshape + Transpose back; residual `Add`.")
        L.append("* MLP: `MatMul` with pre-transposed weight input + `Add` bias, exact GELU as "
                 "Div(sqrt 2)/Erf/Add(1)/Mul/Mul(0.5), `MatMul` + `Add`, residual `Add`. "
                 "The classifier head is a `Gemm`; the class token is taken with `Gather`.")
        L.append(f"* MAC breakdown (hooks): {vit[0]['breakdown']}. torchvision's published "
                 "17.56 GFLOPS for vit_b_16 = conv+linear "
                 f"{fmt(vit[0]['macs'])} + attention matmuls {fmt(vit[0]['attn_macs'])} = "
                 f"{fmt(vit[0]['macs'] + vit[0]['attn_macs'])}.")
        L.append(f"* activation x activation MatMul MACs seen in the ONNX graph: "
                 f"{fmt(vit[0]['onnx_act_matmul_macs'])}")
        L.append("")
    if skipped:
        L.append("## Skipped")
        L.append("")
        for n, why in skipped:
            L.append(f"* {n}: {why}")
        L.append("")
    with open(os.path.join(out_dir, "MANIFEST.md"), "w") as f:
        f.write("\n".join(L))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--opset", type=int, default=14)
    ap.add_argument("--out", default="model/src/test/resources/onnx")
    ap.add_argument("networks", nargs="*", default=NETWORKS)
    a = ap.parse_args()
    # vit_b_16's torch._assert on the input size is traced as a constant
    warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
    os.makedirs(a.out, exist_ok=True)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    versions = (f"python3-torch {torch.__version__}, python3-torchvision "
                f"{torchvision.__version__}, python3-onnx {onnx.__version__}, "
                f"Python {sys.version.split()[0]}")
    print(versions, flush=True)
    rows, skipped = [], []
    for name in a.networks:
        print(f"exporting {name} ...", flush=True)
        try:
            r = export_one(name, a.opset, a.out)
        except Exception as e:  # keep going with the other networks
            print(f"  FAILED: {type(e).__name__}: {e}", flush=True)
            skipped.append((name, f"{type(e).__name__}: {e}"))
            continue
        ref = REFERENCE_MACS.get(name)
        note = "" if ref is None else (" (matches published)" if ref == r["macs"]
                                       else f" (MISMATCH: published {ref})")
        print(f"  {r['bytes']} bytes, {r['nodes']} nodes, macs {r['macs']}{note}, "
              f"onnx macs {r['onnx_macs']}, params {r['params']}", flush=True)
        rows.append(r)
    write_manifest(rows, a.out, versions, skipped)
    print(f"total {sum(r['bytes'] for r in rows)} bytes in {len(rows)} files", flush=True)
    return 1 if skipped else 0


if __name__ == "__main__":
    sys.exit(main())
