package org.compass.model.io;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.compass.model.network.Activation;
import org.compass.model.network.LayerKind;
import org.compass.model.network.Network;
import org.compass.model.network.NetworkBuilder;
import org.compass.model.network.NetworkException;
import org.compass.model.network.Shape;
import org.compass.model.network.Window;
import org.compass.model.onnx.OnnxImporter;
import org.compass.model.InputException;
import org.compass.model.zoo.Zoo;

/**
 * Reads the {@code network} field: a zoo name, {@code {zoo: name, input_size: n}}, {@code {onnx: path}}
 * (optionally with {@code input_shape: [c, h, w]} and {@code weights_as_inputs: [names]}),
 * or an inline DAG {@code {name, input: [c, h, w], layers: [...]}} whose layers may be listed in any
 * order (a cycle is reported with its members).
 */
final class NetworkReader {

    private static final List<String> INLINE = List.of("name", "input", "layers");
    private static final List<String> LAYER = List.of("name", "type", "inputs", "out", "kernel", "stride",
            "padding", "dilation", "groups", "bias", "activation", "ceil_mode");
    /** The layer types an inline network may use (README "Problem files"); the others come from ONNX imports. */
    static final List<LayerKind> INLINE_KINDS = List.of(LayerKind.CONV, LayerKind.FC, LayerKind.MAX_POOL,
            LayerKind.AVG_POOL, LayerKind.GLOBAL_AVG_POOL, LayerKind.ADD, LayerKind.MUL, LayerKind.CONCAT,
            LayerKind.ACTIVATION, LayerKind.FLATTEN, LayerKind.NORM, LayerKind.SOFTMAX);

    private NetworkReader() {
    }

    static Network read(String file, Path baseDir, Object value) {
        String field = "network";
        if (value == null) {
            throw InputException.field(file, field, "a zoo name, {onnx: path} or an inline network (missing)", null);
        }
        if (!(value instanceof Map)) {
            return zoo(file, field, String.valueOf(value), 0);
        }
        YamlFields f = YamlFields.of(file, field, value);
        if (f.has("zoo")) {
            f.rejectUnknown(List.of("zoo", "input_size"));
            return zoo(file, f.pathOf("zoo"), f.requiredString("zoo", "a zoo name"), f.positiveInt("input_size", 0));
        }
        if (f.has("onnx")) {
            f.rejectUnknown(List.of("onnx", "input_shape", "weights_as_inputs"));
            Path p = baseDir.resolve(f.requiredString("onnx", "a path to an ONNX file"));
            if (!java.nio.file.Files.exists(p) && !file.startsWith("--") && !file.endsWith(".onnx")) {
                // a YAML file names the model: say which YAML and which field, and where the path was looked for
                throw InputException.field(file, f.pathOf("onnx"), "an existing ONNX file (relative paths are from the"
                        + " problem file's folder; looked for " + p.normalize() + ")", f.raw("onnx"));
            }
            if (!java.nio.file.Files.exists(p) && file.startsWith("--")) {
                // an option names the model: say which option, as every other option error does
                throw new InputException(file + " " + f.raw("onnx") + ": no such file (looked for "
                        + p.toAbsolutePath().normalize() + ")");
            }
            Shape shape = null;
            if (f.has("input_shape")) {
                List<Object> dims = f.list("input_shape");
                if (dims.size() != 3) {
                    throw InputException.field(file, f.pathOf("input_shape"), "[channels, height, width]", f.raw("input_shape"));
                }
                shape = shape(file, f.pathOf("input_shape"), f.positiveInt(f.pathOf("input_shape") + "[0]", dims.get(0)),
                        f.positiveInt(f.pathOf("input_shape") + "[1]", dims.get(1)),
                        f.positiveInt(f.pathOf("input_shape") + "[2]", dims.get(2)));
            }
            Set<String> weightInputs = new LinkedHashSet<>();
            if (f.has("weights_as_inputs")) {
                for (Object o : f.list("weights_as_inputs")) {
                    if (!(o instanceof String name) || name.isBlank()) {
                        throw InputException.field(file, f.pathOf("weights_as_inputs"), "a list of graph input names", o);
                    }
                    weightInputs.add(name);
                }
            }
            return OnnxImporter.read(p, shape, weightInputs);
        }
        f.rejectUnknown(INLINE);
        return inline(f);
    }

    /** A shape from positive dimensions, refused with the field's name when it exceeds the size limits. */
    private static Shape shape(String file, String field, int c, int h, int w) {
        try {
            return new Shape(c, h, w);
        } catch (IllegalArgumentException e) {
            throw new InputException(file + ": field '" + field + "': " + e.getMessage());
        }
    }

    private static Network zoo(String file, String field, String name, int size) {
        try {
            // with a near name to suggest, the list of all 23 is left to 'compass-solve list' (one short line)
            String names = org.compass.model.Suggest.didYouMean(name, Zoo.names()).isEmpty()
                    ? String.join(", ", Zoo.names()) : "'compass-solve list' shows them";
            return (size > 0 ? Zoo.build(name, size) : Zoo.build(name)).orElseThrow(() -> InputException.choice(file,
                    field, "a zoo network (" + names + ") or {onnx: path}", Zoo.names(), name));
        } catch (NetworkException | IllegalArgumentException e) {
            // the zoo's own range checks (BERT's 1..512 tokens, ViT's multiples of 16) and the size limits
            throw new InputException(file + ": field '" + (size > 0 ? inputSizeField(field) : field) + "': "
                    + e.getMessage());
        }
    }

    private static String inputSizeField(String zooField) {
        return zooField.endsWith(".zoo") ? zooField.substring(0, zooField.length() - 4) + ".input_size" : zooField;
    }

    private static Network inline(YamlFields f) {
        String file = f.file();
        String name = f.string("name", "inline");
        List<Object> dims = f.list("input");
        if (dims.size() != 3) {
            throw InputException.field(file, f.pathOf("input"), "[channels, height, width]", f.raw("input"));
        }
        int[] d = new int[3];
        for (int i = 0; i < 3; i++) {
            d[i] = f.positiveInt(f.pathOf("input") + "[" + i + "]", dims.get(i));
        }
        List<Object> rawLayers = f.list("layers");
        if (rawLayers.isEmpty()) {
            throw InputException.field(file, f.pathOf("layers"), "a non-empty list of layers", null);
        }
        Map<String, YamlFields> layers = new LinkedHashMap<>();
        Map<String, List<String>> inputs = new HashMap<>();
        String previous = "input";
        for (int i = 0; i < rawLayers.size(); i++) {
            YamlFields l = YamlFields.of(file, f.pathOf("layers") + "[" + i + "]", rawLayers.get(i));
            l.rejectUnknown(LAYER);
            String ln = l.requiredString("name", "a layer name");
            if (ln.equals("input") || layers.containsKey(ln)) {
                throw InputException.field(file, l.pathOf("name"), "a unique layer name", ln);
            }
            List<String> in = new ArrayList<>();
            if (l.has("inputs")) {
                for (Object o : l.list("inputs")) {
                    if (o == null || o instanceof Map || o instanceof List) {
                        throw InputException.field(file, l.pathOf("inputs"), "names of layers or 'input'", o);
                    }
                    in.add(String.valueOf(o));
                }
                if (in.isEmpty()) {
                    throw InputException.field(file, l.pathOf("inputs"),
                            "a non-empty list of layer names or 'input' (omit it to read the previous layer)", "[]");
                }
            } else {
                in.add(previous);
            }
            layers.put(ln, l);
            inputs.put(ln, in);
            previous = ln;
        }
        for (Map.Entry<String, List<String>> e : inputs.entrySet()) {
            for (String in : e.getValue()) {
                if (!in.equals("input") && !layers.containsKey(in)) {
                    throw InputException.field(file, layers.get(e.getKey()).pathOf("inputs"),
                            "names of earlier layers or 'input'", in);
                }
            }
        }
        List<String> order = topologicalOrder(file, f.pathOf("layers"), layers.keySet(), inputs);
        NetworkBuilder b = new NetworkBuilder(name);
        b.input("input", shape(file, f.pathOf("input"), d[0], d[1], d[2]));
        for (String ln : order) {
            YamlFields l = layers.get(ln);
            List<Integer> from = inputs.get(ln).stream().map(b::idOf).toList();
            try {
                addLayer(b, l, ln, from);
            } catch (NetworkException | IllegalArgumentException e) {
                // the layer as a whole: its kernel, stride and padding together, or its type, may be what is wrong
                String why = e.getMessage().startsWith(ln + ":") ? e.getMessage() : ln + ": " + e.getMessage();
                throw new InputException(file + ": field '" + l.path() + "': " + why);
            }
        }
        return b.build();
    }

    private static void addLayer(NetworkBuilder b, YamlFields l, String ln, List<Integer> from) {
        String type = l.requiredString("type", "a layer type");
        LayerKind kind = LayerKind.byLabel(type);
        if (kind == null || !INLINE_KINDS.contains(kind)) {
            List<String> kinds = INLINE_KINDS.stream().map(LayerKind::label).toList();
            throw InputException.choice(l.file(), l.pathOf("type"), "a layer type (" + String.join(", ", kinds) + ")",
                    kinds, type);
        }
        Activation act = Activation.NONE;
        if (l.has("activation")) {
            act = Activation.byName(l.string("activation", "none"));
            if (act == null) {
                throw InputException.choice(l.file(), l.pathOf("activation"), "none, relu, relu6, gelu, sigmoid, tanh",
                        List.of("none", "relu", "relu6", "gelu", "sigmoid", "tanh"), l.raw("activation"));
            }
        }
        boolean many = kind == LayerKind.CONCAT || kind == LayerKind.ADD || kind == LayerKind.MUL
                || kind == LayerKind.MATMUL;
        if (!many && from.size() != 1) {
            throw InputException.field(l.file(), l.pathOf("inputs"), "one input for a " + type
                    + " layer (only add, mul and concat read several)", l.raw("inputs"));
        }
        int single = from.get(0);
        switch (kind) {
            case CONV -> b.conv(ln, single, l.positiveInt("out", 0) == 0 ? missing(l, "out") : l.positiveInt("out", 0),
                    window(l), l.positiveInt("groups", 1), l.bool("bias", false), act);
            case FC -> b.fc(ln, single, l.positiveInt("out", 0) == 0 ? missing(l, "out") : l.positiveInt("out", 0),
                    l.bool("bias", false), act);
            case MAX_POOL -> b.maxPool(ln, single, window(l));
            case AVG_POOL -> b.avgPool(ln, single, window(l));
            case GLOBAL_AVG_POOL -> b.globalAvgPool(ln, single);
            case FLATTEN -> b.flatten(ln, single);
            case ACTIVATION -> b.activation(ln, single, act == Activation.NONE ? Activation.RELU : act);
            case CONCAT -> b.concat(ln, from);
            default -> b.elementwise(ln, kind, from, act);
        }
    }

    private static int missing(YamlFields l, String key) {
        throw InputException.field(l.file(), l.pathOf(key), "a positive integer (missing)", null);
    }

    private static Window window(YamlFields l) {
        int k = l.positiveInt("kernel", 0);
        if (k == 0) {
            missing(l, "kernel");
        }
        int s = l.positiveInt("stride", 1);
        int p = l.nonNegativeInt("padding", 0);
        int d = l.positiveInt("dilation", 1);
        return new Window(k, k, s, s, p, p, d, d, l.bool("ceil_mode", false));
    }

    /** Kahn's algorithm; on a cycle, names the layers on it. */
    static List<String> topologicalOrder(String file, String field, Iterable<String> names,
                                         Map<String, List<String>> inputs) {
        Map<String, Integer> indegree = new LinkedHashMap<>();
        Map<String, List<String>> consumers = new HashMap<>();
        for (String n : names) {
            indegree.put(n, 0);
            consumers.put(n, new ArrayList<>());
        }
        for (String n : indegree.keySet()) {
            for (String in : inputs.get(n)) {
                if (!in.equals("input")) {
                    indegree.merge(n, 1, Integer::sum);
                    consumers.get(in).add(n);
                }
            }
        }
        Deque<String> ready = new ArrayDeque<>();
        indegree.forEach((n, d) -> {
            if (d == 0) {
                ready.add(n);
            }
        });
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String n = ready.poll();
            order.add(n);
            for (String c : consumers.get(n)) {
                if (indegree.merge(c, -1, Integer::sum) == 0) {
                    ready.add(c);
                }
            }
        }
        if (order.size() < indegree.size()) {
            throw new InputException(file + ": field '" + field + "': expected an acyclic network, found the cycle "
                    + String.join(" -> ", cycle(indegree, inputs)));
        }
        return order;
    }

    private static List<String> cycle(Map<String, Integer> indegree, Map<String, List<String>> inputs) {
        // Walk backwards along inputs among unresolved layers until a layer repeats.
        String start = indegree.entrySet().stream().filter(e -> e.getValue() > 0).findFirst().orElseThrow().getKey();
        List<String> walk = new ArrayList<>();
        String cur = start;
        while (!walk.contains(cur)) {
            walk.add(cur);
            cur = inputs.get(cur).stream().filter(i -> !i.equals("input") && indegree.get(i) > 0).findFirst().orElseThrow();
        }
        List<String> loop = new ArrayList<>(walk.subList(walk.indexOf(cur), walk.size()));
        java.util.Collections.reverse(loop);
        loop.add(loop.get(0));
        return loop;
    }
}
