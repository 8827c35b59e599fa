package org.compass.model.zoo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import org.compass.model.network.Network;

/** The built-in networks, by name, each built for a square input size (224 by default). */
public final class Zoo {

    /** The input size the published figures refer to. */
    public static final int DEFAULT_SIZE = 224;

    private static final Map<String, IntFunction<Network>> BUILDERS = builders();

    private Zoo() {
    }

    private static Map<String, IntFunction<Network>> builders() {
        Map<String, IntFunction<Network>> m = new LinkedHashMap<>();
        m.put("resnet18", ResNets::resnet18);
        m.put("resnet34", ResNets::resnet34);
        m.put("vgg16", Vggs::vgg16);
        m.put("squeezenet1_0", SqueezeNets::squeezenet10);
        return m;
    }

    /** The names of the built-in networks. */
    public static Iterable<String> names() {
        return BUILDERS.keySet();
    }

    /** The network with the given name (aliases: resnet, vgg, squeezenet) at the given input size. */
    public static Optional<Network> build(String name, int size) {
        IntFunction<Network> f = BUILDERS.get(canonical(name));
        return f == null ? Optional.empty() : Optional.of(f.apply(size));
    }

    /** The network with the given name at 224x224. */
    public static Optional<Network> build(String name) {
        return build(name, DEFAULT_SIZE);
    }

    private static String canonical(String name) {
        String n = name.toLowerCase().replace("-", "").replace(".", "_");
        return switch (n) {
            case "resnet" -> "resnet18";
            case "vgg" -> "vgg16";
            case "squeezenet", "squeezenet1", "squeezenet10" -> "squeezenet1_0";
            default -> n;
        };
    }
}
