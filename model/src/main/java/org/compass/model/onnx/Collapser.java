package org.compass.model.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.compass.model.network.Activation;
import org.compass.model.network.LayerKind;

/**
 * Collapses the elementwise decompositions that exporters write for opsets without the fused operators:
 *
 * <ul>
 *   <li>LayerNorm: ReduceMean, Sub, Pow, ReduceMean, Add (epsilon), Sqrt, Div, then optionally Mul (gamma)
 *       and Add (beta), into one NORM layer;</li>
 *   <li>exact GELU after a linear layer: Div (sqrt 2), Erf, Add (1), Mul (x), Mul (0.5), fused into the
 *       linear layer as its GELU activation;</li>
 *   <li>SiLU (swish) and hard-swish: Mul(x, Sigmoid(x)) and Mul(x, HardSigmoid(x)), into one vector-unit
 *       activation node;</li>
 *   <li>RMSNorm (Llama, T5): Pow(x, 2), ReduceMean, Add (epsilon), Sqrt, then Reciprocal (or Div(1, .), as
 *       torch.rsqrt exports) and Mul(x, .), or Div(x, .), then optionally Mul (the weight), into one NORM
 *       layer.</li>
 * </ul>
 *
 * <p>A pattern collapses only when its inner values are read by nothing outside it. Removed layers point to
 * the layer that replaces them. Linear in the number of layers.
 */
final class Collapser {

    private final List<Layer> layers;
    private final Map<Layer, List<Layer>> readers = new HashMap<>();

    Collapser(List<Layer> layers) {
        this.layers = layers;
    }

    void run() {
        for (Layer l : layers) {
            for (Layer in : l.inputs) {
                readers.computeIfAbsent(in, k -> new ArrayList<>()).add(l);
            }
        }
        List<Layer> snapshot = List.copyOf(layers);
        for (Layer l : snapshot) {
            if (!l.removed && l.op.equals("Sub")) {
                layerNorm(l);
            }
        }
        for (Layer l : snapshot) {
            if (!l.removed && l.op.equals("Pow") && l.inputs.size() == 1) {
                rmsNorm(l);
            }
        }
        for (Layer l : snapshot) {
            if (!l.removed && l.kind == LayerKind.FC && l.activation == Activation.NONE) {
                gelu(l);
            }
        }
        for (Layer l : snapshot) {
            if (!l.removed && l.op.equals("Mul") && l.inputs.size() == 2) {
                gated(l);
            }
        }
    }

    /** Mul(x, Sigmoid(x)) is SiLU, Mul(x, HardSigmoid(x)) hard-swish, when the gate has no other reader. */
    private void gated(Layer mul) {
        for (int g = 0; g < 2; g++) {
            Layer gate = mul.inputs.get(g);
            Layer x = mul.inputs.get(1 - g);
            Activation act = gate.op.equals("Sigmoid") ? Activation.SILU
                    : gate.op.equals("HardSigmoid") ? Activation.HARD_SWISH : null;
            if (act == null || gate.kind != LayerKind.ACTIVATION || !gate.inputs.equals(List.of(x))
                    || gate.shared || !only(gate, Set.of(mul)) || !gate.shape.equals(mul.shape)) {
                continue;
            }
            Layer silu = new Layer(mul.name, act == Activation.SILU ? "SiLU" : "HardSwish", LayerKind.ACTIVATION,
                    List.of(x), mul.shape);
            silu.activation = act;
            layers.add(layers.indexOf(mul) + 1, silu);
            for (Layer a : List.of(gate, mul)) {
                a.removed = true;
                a.replacement = silu;
            }
            readers.put(silu, readers.getOrDefault(mul, List.of()));
            return;
        }
    }

    private void layerNorm(Layer sub) {
        if (sub.inputs.size() != 2) {
            return;
        }
        Layer x = sub.inputs.get(0);
        Layer mean = sub.inputs.get(1);
        if (!mean.op.equals("ReduceMean") || !mean.inputs.equals(List.of(x)) || !only(mean, Set.of(sub))) {
            return;
        }
        Layer pow = readerWithOp(sub, "Pow");
        Layer div = readerWithOp(sub, "Div");
        if (pow == null || div == null || !only(sub, Set.of(pow, div))) {
            return;
        }
        Layer var = single(pow, "ReduceMean");
        Layer eps = var == null ? null : single(var, "Add");
        Layer sqrt = eps == null ? null : single(eps, "Sqrt");
        if (sqrt == null || single(sqrt, "Div") != div) {
            return;
        }
        List<Layer> absorbed = new ArrayList<>(List.of(mean, sub, pow, var, eps, sqrt, div));
        Layer last = div;
        Layer gamma = single(div, "Mul");
        if (gamma != null && gamma.inputs.size() == 1) {
            absorbed.add(gamma);
            last = gamma;
            Layer beta = single(gamma, "Add");
            if (beta != null && beta.inputs.size() == 1) {
                absorbed.add(beta);
                last = beta;
            }
        }
        String name = mean.name.endsWith("/ReduceMean") ? mean.name.substring(0, mean.name.length() - "/ReduceMean".length())
                : mean.name + "/LayerNorm";
        Layer norm = new Layer(name, "LayerNormalization", LayerKind.NORM, List.of(x), last.shape);
        layers.add(layers.indexOf(last) + 1, norm);
        for (Layer a : absorbed) {
            a.removed = true;
            a.replacement = norm;
        }
        readers.put(norm, readers.getOrDefault(last, List.of()));
    }

    /**
     * RMSNorm as exported: x^2 (Pow with a constant exponent), its mean over the features, plus epsilon, the
     * square root, then x times its reciprocal (Reciprocal and Mul, or Div), then the weight (a Mul by a
     * constant). The inner values must have no other readers; x itself may have any.
     */
    private void rmsNorm(Layer pow) {
        Layer x = pow.inputs.get(0);
        Layer mean = single(pow, "ReduceMean");
        Layer eps = mean == null || mean.inputs.size() != 1 ? null : single(mean, "Add");
        Layer sqrt = eps == null || eps.inputs.size() != 1 ? null : single(eps, "Sqrt");
        if (sqrt == null) {
            return;
        }
        List<Layer> absorbed = new ArrayList<>(List.of(pow, mean, eps, sqrt));
        Layer scaled;
        Layer div = single(sqrt, "Div");
        // torch.rsqrt exports as Div(1, Sqrt(.)): a reciprocal by a constant numerator
        Layer rec = div != null && div.inputs.equals(List.of(sqrt)) ? div : single(sqrt, "Reciprocal");
        if (div != null && div.inputs.equals(List.of(x, sqrt))) {
            scaled = div;
        } else if (rec != null) {
            Layer mul = single(rec, "Mul");
            if (mul == null || mul.inputs.size() != 2 || !mul.inputs.contains(x)) {
                return;
            }
            absorbed.add(rec);
            scaled = mul;
        } else {
            return;
        }
        absorbed.add(scaled);
        Layer last = scaled;
        Layer weight = single(scaled, "Mul");
        if (weight != null && weight.inputs.size() == 1) {
            absorbed.add(weight);
            last = weight;
        }
        String name = pow.name.endsWith("/Pow") ? pow.name.substring(0, pow.name.length() - "/Pow".length())
                : pow.name + "/RMSNorm";
        Layer norm = new Layer(name, "RMSNorm", LayerKind.NORM, List.of(x), last.shape);
        layers.add(layers.indexOf(last) + 1, norm);
        for (Layer a : absorbed) {
            a.removed = true;
            a.replacement = norm;
        }
        readers.put(norm, readers.getOrDefault(last, List.of()));
    }

    private void gelu(Layer fc) {
        Layer div = readerWithOp(fc, "Div");
        Layer mul = readerWithOp(fc, "Mul");
        if (div == null || mul == null || !only(fc, Set.of(div, mul)) || div.inputs.size() != 1) {
            return;
        }
        Layer erf = single(div, "Erf");
        Layer add = erf == null ? null : single(erf, "Add");
        if (add == null || add.inputs.size() != 1 || single(add, "Mul") != mul) {
            return;
        }
        Layer half = single(mul, "Mul");
        if (half == null || half.inputs.size() != 1) {
            return;
        }
        fc.activation = Activation.GELU;
        for (Layer a : List.of(div, erf, add, mul, half)) {
            a.removed = true;
            a.replacement = fc;
        }
        readers.put(fc, readers.getOrDefault(half, List.of()));
    }

    /** The only reader of {@code l}, when it has that op; null otherwise. */
    private Layer single(Layer l, String op) {
        List<Layer> r = readers.getOrDefault(l, List.of());
        return r.size() == 1 && r.get(0).op.equals(op) && !l.shared ? r.get(0) : null;
    }

    private Layer readerWithOp(Layer l, String op) {
        for (Layer r : readers.getOrDefault(l, List.of())) {
            if (r.op.equals(op)) {
                return r;
            }
        }
        return null;
    }

    private boolean only(Layer l, Set<Layer> allowed) {
        List<Layer> r = readers.getOrDefault(l, List.of());
        return r.size() == allowed.size() && allowed.containsAll(r);
    }
}
