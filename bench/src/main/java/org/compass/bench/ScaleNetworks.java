package org.compass.bench;

import java.util.List;
import org.compass.model.network.Activation;
import org.compass.model.network.LayerKind;
import org.compass.model.network.Network;
import org.compass.model.network.NetworkBuilder;
import org.compass.model.network.Shape;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.InferencePhase;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.zoo.DecoderConfig;
import org.compass.model.zoo.Decoders;

/**
 * The networks of the scale benchmarks (issue 14, item 5): synthetic ones of LLM size built inline
 * ({@link #decoder}, {@link #chain}), and the zoo's decoders in one decode step ({@link #problem}).
 */
public final class ScaleNetworks {

    private ScaleNetworks() {
    }

    /**
     * A decoder-shaped network of {@code blocks} blocks: per block q, k and v projections of the block's input
     * (hidden x hidden each), their elementwise product standing in for attention, the output projection
     * (hidden x hidden), a residual add, gate and up projections (hidden x mlp each), their product, the down
     * projection (mlp x hidden) and a second residual add: 7 linear layers per block, one token per input.
     * {@code decoder(80, 8192, 28672)} has Llama-2-70B's layer sizes (its k and v projections at full width,
     * without grouped-query attention).
     */
    public static Network decoder(int blocks, int hidden, int mlp) {
        NetworkBuilder b = new NetworkBuilder("decoder-" + blocks + "x" + hidden + "x" + mlp);
        int x = b.input("input", new Shape(hidden, 1, 1));
        for (int i = 0; i < blocks; i++) {
            String p = "b" + i + ".";
            int q = b.fc(p + "q", x, hidden, false, Activation.NONE);
            int k = b.fc(p + "k", x, hidden, false, Activation.NONE);
            int v = b.fc(p + "v", x, hidden, false, Activation.NONE);
            int att = b.elementwise(p + "att", LayerKind.MUL, List.of(q, k, v), Activation.NONE);
            int o = b.fc(p + "o", att, hidden, false, Activation.NONE);
            int h = b.add(p + "h", List.of(x, o), Activation.NONE);
            int gate = b.fc(p + "gate", h, mlp, false, Activation.NONE);
            int up = b.fc(p + "up", h, mlp, false, Activation.NONE);
            int g = b.elementwise(p + "g", LayerKind.MUL, List.of(gate, up), Activation.NONE);
            int down = b.fc(p + "down", g, hidden, false, Activation.NONE);
            x = b.add(p + "x", List.of(h, down), Activation.NONE);
        }
        return b.build();
    }

    /** A chain of {@code layers} linear layers of {@code width} x {@code width}. */
    public static Network chain(int layers, int width) {
        NetworkBuilder b = new NetworkBuilder("chain-" + layers + "x" + width);
        int previous = b.input("input", new Shape(width, 1, 1));
        for (int i = 0; i < layers; i++) {
            previous = b.fc("f" + i, previous, width, false, Activation.NONE);
        }
        return b.build();
    }

    /** The context of a zoo decoder's decode step in these benchmarks: 1,024 tokens, as problems/llama.yaml. */
    public static final int CONTEXT = 1024;

    /** The batch of these benchmarks: 16 (sequences for a decoder, inputs otherwise). */
    public static final int BATCH = 16;

    /**
     * A benchmark problem: a zoo decoder by its zoo name ({@code llama2_70b}, {@code llama3_2_1b}, ...) as one decode
     * step of {@link #BATCH} sequences with {@link #CONTEXT} tokens cached, or a network of {@link #byName}; on the
     * named preset chip, row pipeline, the default replication set, under the given cost model.
     */
    public static Problem problem(String name, String chip, String objective, String costModel) {
        var hardware = org.compass.model.hardware.HardwarePresets.byName(chip)
                .orElseThrow(() -> new IllegalArgumentException("no chip " + chip));
        CostModelVersion version = CostModelVersion.byLabel(costModel);
        if (version == null) {
            throw new IllegalArgumentException("no cost model " + costModel + "; v1 or v2");
        }
        DecoderConfig config = Decoders.configuration(name).orElse(null);
        Network net = config != null ? Decoders.decode(config, CONTEXT) : byName(name);
        Problem p = Problem.of(net, hardware, BATCH, Objective.byLabel(objective), PipelineMode.ROW,
                ReplicationSet.DEFAULT).withCostModel(version);
        return config != null ? p.withPhase(InferencePhase.decode(CONTEXT), net) : p;
    }

    /** A network by benchmark name: {@code llama2-70b} (the 80-block decoder above) or {@code chain-N}. */
    public static Network byName(String name) {
        if (name.startsWith("llama-blocks-")) {
            return decoder(Integer.parseInt(name.substring("llama-blocks-".length())), 8192, 28672);
        }
        if (name.equals("llama2-70b")) {
            return decoder(80, 8192, 28672);
        }
        if (name.startsWith("chain-")) {
            return chain(Integer.parseInt(name.substring("chain-".length())), 64);
        }
        throw new IllegalArgumentException("no scale network " + name
                + "; a zoo decoder (llama2_70b, ...), llama2-70b, llama-blocks-N or chain-N");
    }
}
