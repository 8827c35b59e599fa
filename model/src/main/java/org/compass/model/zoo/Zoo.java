package org.compass.model.zoo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import org.compass.model.network.Network;

/**
 * The built-in networks, by name, written from the published architectures (torchvision semantics).
 * Image networks take a square input size (224 by default); BERT takes a sequence length (128 by default);
 * decoders ({@link Decoders}) take the prompt of a prefill (128 by default; a decode step is built by
 * {@link Decoders#decode}).
 */
public final class Zoo {

    /** The input size the published figures of image networks refer to. */
    public static final int DEFAULT_SIZE = 224;

    /** The default sequence length of BERT. */
    public static final int DEFAULT_SEQUENCE_LENGTH = 128;

    private static final String SIZE = "input size";
    private static final String SEQ = "sequence length";
    private static final String PROMPT = "prompt tokens";

    /** The prompt a decoder is built for without a phase: a prefill of 128 tokens. */
    public static final int DEFAULT_PROMPT_TOKENS = 128;

    private static final Map<String, Built> BUILDERS = builders();

    private record Built(ZooEntry entry, IntFunction<Network> builder) {
    }

    private Zoo() {
    }

    private static Map<String, Built> builders() {
        Map<String, Built> m = new LinkedHashMap<>();
        put(m, "resnet18", "ResNet-18, basic blocks 2-2-2-2 (He et al. 2016)", SIZE, DEFAULT_SIZE, ResNets::resnet18);
        put(m, "resnet34", "ResNet-34, basic blocks 3-4-6-3", SIZE, DEFAULT_SIZE, ResNets::resnet34);
        put(m, "resnet50", "ResNet-50, bottleneck blocks 3-4-6-3 (torchvision v1.5, stride on 3x3)", SIZE, DEFAULT_SIZE, ResNets::resnet50);
        put(m, "resnet101", "ResNet-101, bottleneck blocks 3-4-23-3", SIZE, DEFAULT_SIZE, ResNets::resnet101);
        put(m, "resnet152", "ResNet-152, bottleneck blocks 3-8-36-3", SIZE, DEFAULT_SIZE, ResNets::resnet152);
        put(m, "vgg11", "VGG-11, configuration A (Simonyan and Zisserman 2015)", SIZE, DEFAULT_SIZE, Vggs::vgg11);
        put(m, "vgg16", "VGG-16, configuration D", SIZE, DEFAULT_SIZE, Vggs::vgg16);
        put(m, "vgg19", "VGG-19, configuration E", SIZE, DEFAULT_SIZE, Vggs::vgg19);
        put(m, "alexnet", "AlexNet, torchvision's single-tower variant (Krizhevsky 2014)", SIZE, DEFAULT_SIZE, AlexNet::alexnet);
        put(m, "squeezenet1_0", "SqueezeNet 1.0, eight fire modules (Iandola et al. 2016)", SIZE, DEFAULT_SIZE, SqueezeNets::squeezenet10);
        put(m, "squeezenet1_1", "SqueezeNet 1.1, 3x3 stem and earlier pooling", SIZE, DEFAULT_SIZE, SqueezeNets::squeezenet11);
        put(m, "mobilenet_v2", "MobileNetV2 1.0, inverted residuals with depthwise convolutions (Sandler et al. 2018)",
                SIZE, DEFAULT_SIZE, MobileNets::mobilenetV2);
        put(m, "vit_b_16", "ViT-B/16, 12 encoder layers, hidden 768, 16x16 patches (Dosovitskiy et al. 2021)",
                SIZE, DEFAULT_SIZE, Transformers::vitB16);
        put(m, "bert_base", "BERT-base encoder and pooler, 12 layers, hidden 768, 12 heads, FFN 3072, embeddings excluded"
                + " (Devlin et al. 2019)", SEQ, DEFAULT_SEQUENCE_LENGTH, Transformers::bertBase);
        for (DecoderConfig c : Decoders.configurations()) {
            String description = String.format("%s decoder, %d layers, hidden %d, %d heads%s, %s; %s", c.style() == DecoderConfig.Style.GPT2 ? "GPT-2" : "Llama-style",
                    c.layers(), c.hidden(), c.heads(), c.kvHeads() < c.heads() ? " (" + c.kvHeads() + " key/value)" : "",
                    c.style() == DecoderConfig.Style.GPT2 ? "MLP " + c.ffn() : "SwiGLU " + c.ffn(), c.source());
            m.put(c.name(), new Built(new ZooEntry(c.name(), description, PROMPT, DEFAULT_PROMPT_TOKENS, true),
                    n -> Decoders.prefill(c, n)));
        }
        return m;
    }

    private static void put(Map<String, Built> m, String name, String description, String parameter, int dflt,
                            IntFunction<Network> f) {
        m.put(name, new Built(new ZooEntry(name, description, parameter, dflt), f));
    }

    /** The built-in networks with their descriptions and parameters, in listing order. */
    public static List<ZooEntry> entries() {
        List<ZooEntry> out = new ArrayList<>();
        BUILDERS.values().forEach(b -> out.add(b.entry()));
        return List.copyOf(out);
    }

    /** The entry of a network by name or alias. */
    public static Optional<ZooEntry> entry(String name) {
        Built b = BUILDERS.get(canonical(name));
        return b == null ? Optional.empty() : Optional.of(b.entry());
    }

    /**
     * The short names a network may be given by and the network each names, in listing order: resnet = resnet18,
     * vgg = vgg16, squeezenet = squeezenet1_0, mobilenet = mobilenet_v2, vit = vit_b_16, bert = bert_base.
     */
    public static Map<String, String> shortNames() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String alias : List.of("resnet", "vgg", "squeezenet", "mobilenet", "vit", "bert")) {
            m.put(alias, canonical(alias));
        }
        return m;
    }

    /** The names of the built-in networks. */
    public static java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(BUILDERS.keySet());
    }

    /**
     * The network with the given name (aliases: resnet, vgg, squeezenet, vit, bert) built with the given
     * parameter: the square input size of image networks or the sequence length of BERT.
     *
     * @throws IllegalArgumentException when the parameter does not suit the network (e.g. ViT needs a
     *                                  multiple of 16)
     */
    public static Optional<Network> build(String name, int parameter) {
        Built b = BUILDERS.get(canonical(name));
        return b == null ? Optional.empty() : Optional.of(b.builder().apply(parameter));
    }

    /** The network with the given name at its default parameter (224x224, or 128 tokens). */
    public static Optional<Network> build(String name) {
        Built b = BUILDERS.get(canonical(name));
        return b == null ? Optional.empty() : Optional.of(b.builder().apply(b.entry().defaultValue()));
    }

    /** The decoder configuration of a zoo name or alias, if it names a decoder. */
    public static Optional<DecoderConfig> decoder(String name) {
        return Decoders.configuration(canonical(name));
    }

    private static String canonical(String name) {
        String n = name.toLowerCase().replace("-", "").replace(".", "_");
        return switch (n) {
            case "resnet" -> "resnet18";
            case "vgg" -> "vgg16";
            case "squeezenet", "squeezenet10" -> "squeezenet1_0"; // not "squeezenet1": it could be either
            case "squeezenet11" -> "squeezenet1_1";
            case "mobilenetv2", "mobilenet" -> "mobilenet_v2";
            case "vit", "vitb16", "vit_b16" -> "vit_b_16";
            case "bert", "bertbase" -> "bert_base";
            case "gpt2small" -> "gpt2";
            case "gpt2medium" -> "gpt2_medium";
            case "gpt2large" -> "gpt2_large";
            case "gpt2xl" -> "gpt2_xl";
            case "llama3_21b", "llama321b" -> "llama3_2_1b";
            case "llama27b" -> "llama2_7b";
            case "llama38b", "metallama38b" -> "llama3_8b";
            case "mistral7b", "mistral7bv0_1" -> "mistral_7b";
            case "llama270b" -> "llama2_70b";
            default -> n;
        };
    }
}
