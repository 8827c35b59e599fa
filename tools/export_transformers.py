#!/usr/bin/env python3
"""Export small transformer and LLM graphs (BERT-style encoder, GPT-2-style and Llama-style decoders) for
COMPASS's ONNX importer tests.

Normally run through tools/export-transformers.sh, which provides Debian's python3-torch and python3-onnx
unpacked in a private folder. Usage:

    export_transformers.py [--out DIR]

The models are written here in plain PyTorch (no transformers library), in the structure of their
published namesakes, at small sizes, and exported with torch.onnx.export (TorchScript exporter,
export_params=False: no weights are stored, parameters are shaped graph inputs named by their state-dict
keys). For each decoder, two graphs: prefill (T prompt tokens, no cache) and decode (one new token with
P past keys and values per layer as graph inputs, the present ones as outputs).

  * bert_encoder: token, position and token-type embeddings, LayerNormalization (opset 17), self
    attention without mask, exact GELU MLP, post-norm; input input_ids [1, T].
  * gpt2_decoder: token and position embeddings, pre-norm blocks, LayerNorm decomposed (opset 14), a
    causal mask built from the sequence lengths (Shape/Range/Unsqueeze/LessOrEqual/Where, foldable at import
    time), exact GELU MLP, LM head tied to the token embedding.
  * llama_decoder: RMSNorm as exported (Pow/ReduceMean/Add/Sqrt/Reciprocal/Mul), rotary position
    embeddings (cos/sin from positions, rotate_half with Slice/Neg/Concat), grouped-query attention (fewer
    key/value heads, repeated with Unsqueeze/Expand/Reshape), causal mask, SiLU-gated MLP, untied LM head.

MACs are counted independently of the ONNX graph on the PyTorch modules, by forward hooks: every nn.Linear
counts in_features * out_features * tokens (the crossbar MACs); the two activation x activation products
of attention (Q.K^T and A.V) are counted by the attention module as it runs (B * H * T * S * D each) and
reported separately. DIR/manifest.csv and DIR/MANIFEST.md list them per file.

  * unet_decoder: a small U-Net (Conv2d encoder, ConvTranspose2d upsampling, one of them grouped, skip
    concatenations); unet.csv gives its conv MACs counted by hooks (ConvTranspose2d in its scatter form,
    in_elements * C_out/g * kh * kw) and its conv weights.
  * mlp_external: a small MLP exported with its weights and saved with every tensor (Reshape targets
    included) in the external data file mlp_external.data, as models over 2 GB are; external.csv gives its
    MACs and how many tensors are external.
"""

import argparse
import collections
import csv
import inspect
import io
import math
import os
import sys
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F

import onnx

ATTENTION_MACS = [0]  # attention matmul MACs of the current forward pass


def attn_matmuls(q, k, v, mask=None):
    """softmax(q k^T / sqrt(d) [+ mask]) v for [B, H, T, D] and [B, H, S, D]; counts its MACs."""
    b, h, t, d = q.shape
    s = k.shape[2]
    ATTENTION_MACS[0] += 2 * b * h * t * s * d
    scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(d)
    if mask is not None:
        scores = torch.where(mask, scores, torch.tensor(torch.finfo(scores.dtype).min))
    return torch.matmul(torch.softmax(scores, dim=-1), v)


def causal_mask(t, s):
    """[T, S] booleans: query i (at position S - T + i) sees keys j <= S - T + i; built from lengths."""
    i = torch.arange(t).unsqueeze(1) + (s - t)
    j = torch.arange(s).unsqueeze(0)
    return j <= i


# ---------------------------------------------------------------- BERT-style encoder

class BertLayer(nn.Module):
    def __init__(self, e, heads, ffn):
        super().__init__()
        self.heads = heads
        self.query = nn.Linear(e, e)
        self.key = nn.Linear(e, e)
        self.value = nn.Linear(e, e)
        self.attn_out = nn.Linear(e, e)
        self.attn_norm = nn.LayerNorm(e)
        self.intermediate = nn.Linear(e, ffn)
        self.output = nn.Linear(ffn, e)
        self.out_norm = nn.LayerNorm(e)

    def split(self, x):
        b, t, e = x.shape
        return x.view(b, t, self.heads, e // self.heads).transpose(1, 2)

    def forward(self, x):
        b, t, e = x.shape
        a = attn_matmuls(self.split(self.query(x)), self.split(self.key(x)), self.split(self.value(x)))
        a = a.transpose(1, 2).reshape(b, t, e)
        x = self.attn_norm(x + self.attn_out(a))
        return self.out_norm(x + self.output(F.gelu(self.intermediate(x))))


class BertEncoder(nn.Module):
    def __init__(self, vocab=1000, e=128, layers=2, heads=4, ffn=512, max_pos=64):
        super().__init__()
        self.word_embeddings = nn.Embedding(vocab, e)
        self.position_embeddings = nn.Embedding(max_pos, e)
        self.token_type_embeddings = nn.Embedding(2, e)
        self.emb_norm = nn.LayerNorm(e)
        self.layers = nn.ModuleList(BertLayer(e, heads, ffn) for _ in range(layers))
        self.pooler = nn.Linear(e, e)

    def forward(self, input_ids):
        t = input_ids.shape[1]
        pos = torch.arange(t).unsqueeze(0)
        types = torch.zeros_like(pos)
        x = self.word_embeddings(input_ids) + self.position_embeddings(pos) + self.token_type_embeddings(types)
        x = self.emb_norm(x)
        for layer in self.layers:
            x = layer(x)
        return x, torch.tanh(self.pooler(x[:, 0]))


# ---------------------------------------------------------------- GPT-2-style decoder

class Gpt2Block(nn.Module):
    def __init__(self, e, heads, ffn):
        super().__init__()
        self.heads = heads
        self.ln_1 = nn.LayerNorm(e)
        self.c_attn = nn.Linear(e, 3 * e)
        self.c_proj = nn.Linear(e, e)
        self.ln_2 = nn.LayerNorm(e)
        self.c_fc = nn.Linear(e, ffn)
        self.mlp_proj = nn.Linear(ffn, e)

    def forward(self, x, past_k=None, past_v=None):
        b, t, e = x.shape
        d = e // self.heads
        q, k, v = self.c_attn(self.ln_1(x)).split(e, dim=2)
        q, k, v = (y.view(b, t, self.heads, d).transpose(1, 2) for y in (q, k, v))
        if past_k is not None:
            k = torch.cat([past_k, k], dim=2)
            v = torch.cat([past_v, v], dim=2)
        a = attn_matmuls(q, k, v, causal_mask(t, k.shape[2]))
        x = x + self.c_proj(a.transpose(1, 2).reshape(b, t, e))
        x = x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x))))
        return x, k, v


class Gpt2Decoder(nn.Module):
    def __init__(self, vocab=1000, e=128, layers=2, heads=4, ffn=512, n_ctx=64):
        super().__init__()
        self.wte = nn.Embedding(vocab, e)
        self.wpe = nn.Embedding(n_ctx, e)
        self.h = nn.ModuleList(Gpt2Block(e, heads, ffn) for _ in range(layers))
        self.ln_f = nn.LayerNorm(e)
        self.lm_head = nn.Linear(e, vocab, bias=False)
        self.lm_head.weight = self.wte.weight  # tied, as GPT-2's

    def forward(self, input_ids, *past):
        t = input_ids.shape[1]
        p = past[0].shape[2] if past else 0
        pos = torch.arange(p, p + t).unsqueeze(0)
        x = self.wte(input_ids) + self.wpe(pos)
        present = []
        for i, block in enumerate(self.h):
            x, k, v = block(x, *(past[2 * i:2 * i + 2] if past else ()))
            present += [k, v]
        return (self.lm_head(self.ln_f(x)), *present)


# ---------------------------------------------------------------- Llama-style decoder

class RMSNorm(nn.Module):
    def __init__(self, e, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(e))
        self.eps = eps

    def forward(self, x):
        return self.weight * (x * torch.reciprocal(torch.sqrt(x.pow(2).mean(-1, keepdim=True) + self.eps)))


def rotate_half(x):
    h = x.shape[-1] // 2
    return torch.cat((-x[..., h:], x[..., :h]), dim=-1)


class LlamaAttention(nn.Module):
    def __init__(self, e, heads, kv_heads, theta=10000.0):
        super().__init__()
        self.heads, self.kv_heads, self.d = heads, kv_heads, e // heads
        self.q_proj = nn.Linear(e, heads * self.d, bias=False)
        self.k_proj = nn.Linear(e, kv_heads * self.d, bias=False)
        self.v_proj = nn.Linear(e, kv_heads * self.d, bias=False)
        self.o_proj = nn.Linear(heads * self.d, e, bias=False)
        # a plain tensor, not a buffer: traced as a constant (like a checkpoint's non-persistent inv_freq)
        self.inv_freq = 1.0 / (theta ** (torch.arange(0, self.d, 2).float() / self.d))

    def forward(self, x, past_k=None, past_v=None):
        b, t, e = x.shape
        p = past_k.shape[2] if past_k is not None else 0
        q = self.q_proj(x).view(b, t, self.heads, self.d).transpose(1, 2)
        k = self.k_proj(x).view(b, t, self.kv_heads, self.d).transpose(1, 2)
        v = self.v_proj(x).view(b, t, self.kv_heads, self.d).transpose(1, 2)
        pos = torch.arange(p, p + t).float()
        freqs = pos[:, None] * self.inv_freq[None, :]
        emb = torch.cat((freqs, freqs), dim=-1)
        cos, sin = emb.cos(), emb.sin()
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        if past_k is not None:
            k = torch.cat([past_k, k], dim=2)
            v = torch.cat([past_v, v], dim=2)
        rep = self.heads // self.kv_heads
        s = k.shape[2]
        kr = k[:, :, None, :, :].expand(b, self.kv_heads, rep, s, self.d).reshape(b, self.heads, s, self.d)
        vr = v[:, :, None, :, :].expand(b, self.kv_heads, rep, s, self.d).reshape(b, self.heads, s, self.d)
        a = attn_matmuls(q, kr, vr, causal_mask(t, s))
        return self.o_proj(a.transpose(1, 2).reshape(b, t, e)), k, v


class LlamaBlock(nn.Module):
    def __init__(self, e, heads, kv_heads, ffn):
        super().__init__()
        self.input_layernorm = RMSNorm(e)
        self.self_attn = LlamaAttention(e, heads, kv_heads)
        self.post_attention_layernorm = RMSNorm(e)
        self.gate_proj = nn.Linear(e, ffn, bias=False)
        self.up_proj = nn.Linear(e, ffn, bias=False)
        self.down_proj = nn.Linear(ffn, e, bias=False)

    def forward(self, x, past_k=None, past_v=None):
        a, k, v = self.self_attn(self.input_layernorm(x), past_k, past_v)
        x = x + a
        h = self.post_attention_layernorm(x)
        return x + self.down_proj(F.silu(self.gate_proj(h)) * self.up_proj(h)), k, v


class LlamaDecoder(nn.Module):
    def __init__(self, vocab=1000, e=128, layers=2, heads=4, kv_heads=2, ffn=344):
        super().__init__()
        self.embed_tokens = nn.Embedding(vocab, e)
        self.layers = nn.ModuleList(LlamaBlock(e, heads, kv_heads, ffn) for _ in range(layers))
        self.norm = RMSNorm(e)
        self.lm_head = nn.Linear(e, vocab, bias=False)

    def forward(self, input_ids, *past):
        x = self.embed_tokens(input_ids)
        present = []
        for i, layer in enumerate(self.layers):
            x, k, v = layer(x, *(past[2 * i:2 * i + 2] if past else ()))
            present += [k, v]
        return (self.lm_head(self.norm(x)), *present)


# ---------------------------------------------------------------- a U-Net decoder (ConvTranspose)

class UNetDecoder(nn.Module):
    """An encoder step, then two decoder steps that upsample with ConvTranspose2d and concatenate the skip."""

    def __init__(self):
        super().__init__()
        self.enc1 = nn.Conv2d(3, 16, 3, padding=1)
        self.enc2 = nn.Conv2d(16, 32, 3, stride=2, padding=1)
        self.enc3 = nn.Conv2d(32, 64, 3, stride=2, padding=1)
        self.up2 = nn.ConvTranspose2d(64, 32, 2, stride=2)
        self.dec2 = nn.Conv2d(64, 32, 3, padding=1)
        self.up1 = nn.ConvTranspose2d(32, 16, 4, stride=2, padding=1, groups=2)
        self.dec1 = nn.Conv2d(32, 16, 3, padding=1)
        self.head = nn.Conv2d(16, 2, 1)

    def forward(self, x):
        e1 = F.relu(self.enc1(x))
        e2 = F.relu(self.enc2(e1))
        e3 = F.relu(self.enc3(e2))
        d2 = F.relu(self.dec2(torch.cat([self.up2(e3), e2], dim=1)))
        d1 = F.relu(self.dec1(torch.cat([self.up1(d2), e1], dim=1)))
        return self.head(d1)


def count_conv_macs(model, x):
    """Conv2d: out_elements * C_in/g * kh * kw. ConvTranspose2d in its scatter form: every input element is
    multiplied by the C_out/g x kh x kw weights of its channel: in_elements * C_out/g * kh * kw."""
    total = [0]

    def conv(m, inp, out):
        total[0] += out.numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]

    def deconv(m, inp, out):
        total[0] += inp[0].numel() * (m.out_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]

    hooks = []
    for mod in model.modules():
        if isinstance(mod, nn.ConvTranspose2d):
            hooks.append(mod.register_forward_hook(deconv))
        elif isinstance(mod, nn.Conv2d):
            hooks.append(mod.register_forward_hook(conv))
    with torch.no_grad():
        model(x)
    for h in hooks:
        h.remove()
    return total[0]


# ---------------------------------------------------------------- external data

class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(64, 128)
        self.fc2 = nn.Linear(128, 64)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x))).reshape(4, 128)


# ---------------------------------------------------------------- export

def count_macs(model, args):
    totals = collections.Counter()

    def linear_hook(m, inp, out):
        totals["linear"] += m.in_features * m.out_features * (out.numel() // m.out_features)

    hooks = [m.register_forward_hook(linear_hook) for m in model.modules() if isinstance(m, nn.Linear)]
    ATTENTION_MACS[0] = 0
    with torch.no_grad():
        model(*args)
    for h in hooks:
        h.remove()
    return totals["linear"], ATTENTION_MACS[0]


def export(name, model, args, input_names, output_names, opset, out_dir, notes):
    torch.manual_seed(0)
    with torch.no_grad():
        for p in model.parameters():
            p.normal_(0.0, 0.02)
    model.eval()
    linear, attention = count_macs(model, args)
    buf = io.BytesIO()
    kwargs = dict(export_params=False, opset_version=opset, do_constant_folding=True,
                  input_names=input_names, output_names=output_names, training=torch.onnx.TrainingMode.EVAL)
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False
    torch.onnx.export(model, args, buf, **kwargs)
    data = buf.getvalue()
    with open(os.path.join(out_dir, name + ".onnx"), "wb") as f:
        f.write(data)
    m = onnx.load_from_string(data)
    onnx.checker.check_model(m)
    ops = collections.Counter(n.op_type for n in m.graph.node)
    params = sum(p.numel() for p in model.parameters())
    print(f"  {name}: {len(data)} bytes, {len(m.graph.node)} nodes, linear MACs {linear}, attention MACs {attention}",
          flush=True)
    return dict(file=name + ".onnx", network=name, opset=opset, bytes=len(data), nodes=len(m.graph.node),
                linear_macs=linear, attention_macs=attention, params=params, ops=ops, notes=notes)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="model/src/test/resources/onnx-transformers")
    a = ap.parse_args()
    warnings.filterwarnings("ignore")
    os.makedirs(a.out, exist_ok=True)
    torch.manual_seed(0)
    versions = (f"python3-torch {torch.__version__}, python3-onnx {onnx.__version__}, "
                f"Python {sys.version.split()[0]}")
    print(versions, flush=True)
    T, P = 16, 16
    rows = []
    ids = torch.randint(0, 1000, (1, T))
    one = torch.randint(0, 1000, (1, 1))

    bert = BertEncoder()
    rows.append(export("bert_encoder", bert, (ids,), ["input_ids"], ["last_hidden_state", "pooler_output"], 17, a.out,
                       f"vocab 1000, hidden 128, 2 layers, 4 heads, FFN 512, T={T}"))

    gpt2 = Gpt2Decoder()
    layers, heads, d = 2, 4, 32
    rows.append(export("gpt2_prefill", gpt2, (ids,), ["input_ids"],
                       ["logits"] + [f"present.{i}.{kv}" for i in range(layers) for kv in ("key", "value")], 14, a.out,
                       f"vocab 1000, hidden 128, 2 layers, 4 heads, FFN 512, T={T}"))
    past = tuple(torch.randn(1, heads, P, d) for _ in range(2 * layers))
    rows.append(export("gpt2_decode", gpt2, (one, *past),
                       ["input_ids"] + [f"past_key_values.{i}.{kv}" for i in range(layers) for kv in ("key", "value")],
                       ["logits"] + [f"present.{i}.{kv}" for i in range(layers) for kv in ("key", "value")], 14, a.out,
                       f"one new token after P={P} cached"))

    llama = LlamaDecoder()
    kv_heads = 2
    rows.append(export("llama_prefill", llama, (ids,), ["input_ids"],
                       ["logits"] + [f"present.{i}.{kv}" for i in range(layers) for kv in ("key", "value")], 14, a.out,
                       f"vocab 1000, hidden 128, 2 layers, 4 heads / 2 key-value heads, FFN 344, T={T}"))
    past = tuple(torch.randn(1, kv_heads, P, d) for _ in range(2 * layers))
    rows.append(export("llama_decode", llama, (one, *past),
                       ["input_ids"] + [f"past_key_values.{i}.{kv}" for i in range(layers) for kv in ("key", "value")],
                       ["logits"] + [f"present.{i}.{kv}" for i in range(layers) for kv in ("key", "value")], 14, a.out,
                       f"one new token after P={P} cached"))

    unet = UNetDecoder().eval()
    xi = torch.randn(1, 3, 32, 32)
    unet_macs = count_conv_macs(unet, xi)
    buf = io.BytesIO()
    torch.onnx.export(unet, (xi,), buf, export_params=False, opset_version=14, do_constant_folding=True,
                      input_names=["image"], output_names=["mask"])
    with open(os.path.join(a.out, "unet_decoder.onnx"), "wb") as f:
        f.write(buf.getvalue())
    onnx.checker.check_model(onnx.load_from_string(buf.getvalue()))
    unet_weights = sum(m.weight.numel() for m in unet.modules() if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)))
    with open(os.path.join(a.out, "unet.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "conv_macs", "conv_weights"])
        w.writerow(["unet_decoder.onnx", unet_macs, unet_weights])
    print(f"  unet_decoder: conv MACs {unet_macs} (ConvTranspose in scatter form), weights {unet_weights}", flush=True)

    torch.manual_seed(0)
    # External data: a small MLP exported with its weights, saved with every tensor (the Reshape target
    # included) in one external data file, as exports of models over 2 GB are.
    mlp = Mlp()
    with torch.no_grad():
        for p_ in mlp.parameters():
            p_.normal_(0.0, 0.02)
    xs = torch.randn(8, 64)
    macs, _ = count_macs(mlp, (xs,))
    buf = io.BytesIO()
    torch.onnx.export(mlp, (xs,), buf, export_params=True, opset_version=14, do_constant_folding=True,
                      input_names=["x"], output_names=["y"])
    m = onnx.load_from_string(buf.getvalue())
    # Constant nodes (the Reshape target) become initializers, so that they are stored externally too
    for node in [n for n in m.graph.node if n.op_type == "Constant"]:
        t = onnx.TensorProto()
        t.CopyFrom(node.attribute[0].t)
        t.name = node.output[0]
        m.graph.initializer.append(t)
        m.graph.node.remove(node)
    for name in ("mlp_external.onnx", "mlp_external.data"):
        if os.path.exists(os.path.join(a.out, name)):
            os.remove(os.path.join(a.out, name))
    onnx.save_model(m, os.path.join(a.out, "mlp_external.onnx"), save_as_external_data=True,
                    all_tensors_to_one_file=True, location="mlp_external.data", size_threshold=0)
    ext = onnx.load(os.path.join(a.out, "mlp_external.onnx"), load_external_data=False)
    external = [t.name for t in ext.graph.initializer if t.data_location == onnx.TensorProto.EXTERNAL]
    with open(os.path.join(a.out, "external.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "linear_macs", "external_tensors", "data_bytes"])
        w.writerow(["mlp_external.onnx", macs, len(external), os.path.getsize(os.path.join(a.out, "mlp_external.data"))])
    print(f"  mlp_external: linear MACs {macs}, {len(external)} external tensors", flush=True)

    with open(os.path.join(a.out, "manifest.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "network", "opset", "bytes", "nodes", "linear_macs", "attention_macs", "params"])
        for r in rows:
            w.writerow([r["file"], r["network"], r["opset"], r["bytes"], r["nodes"], r["linear_macs"],
                        r["attention_macs"], r["params"]])
    L = ["# Transformer and LLM test graphs (no weights)", "",
         "Generated by `tools/export-transformers.sh` (`tools/export_transformers.py`) with Debian 12 packages only: "
         + versions + ". Do not edit by hand; re-run the script.", "",
         "Plain-PyTorch models in the structure of BERT, GPT-2 and Llama at small sizes, exported with "
         "`export_params=False` (parameters are shaped graph inputs). `linear_macs` is counted on the PyTorch "
         "modules by nn.Linear forward hooks (in x out x tokens); `attention_macs` (Q.K^T and A.V, "
         "2 x B x H x T x S x D per layer) by the attention code as it runs. The embedding lookups have no MACs.", "",
         "| file | opset | bytes | nodes | linear MACs | attention MACs | params | configuration |",
         "|---|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        L.append(f"| {r['file']} | {r['opset']} | {r['bytes']} | {r['nodes']} | {r['linear_macs']:,} | "
                 f"{r['attention_macs']:,} | {r['params']:,} | {r['notes']} |")
    L += ["", "## Op types per file", ""]
    for r in rows:
        L.append(f"* **{r['file']}**: " + ", ".join(f"{k} {v}" for k, v in sorted(r["ops"].items())))
    with open(os.path.join(a.out, "MANIFEST.md"), "w") as f:
        f.write("\n".join(L) + "\n")


if __name__ == "__main__":
    main()
