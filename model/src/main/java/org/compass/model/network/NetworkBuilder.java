package org.compass.model.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;

/**
 * Builds a {@link Network} node by node, inferring every output shape from the input size.
 *
 * <p>Each method appends one node whose inputs must already exist, so the result is acyclic and
 * topologically ordered by construction. Methods return the new node's id. Sizes are checked as nodes
 * are added: a node or network beyond {@link SizeLimits} is a {@link NetworkException} naming the node.
 */
public final class NetworkBuilder {

    private final String name;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Integer> byName = new HashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Set<Integer> kvCache = new HashSet<>();
    private int cachedTokens;
    private long totalWeights;
    private long totalElements;
    private long totalMacs;
    private long totalVector;

    public NetworkBuilder(String name) {
        this.name = name;
    }

    /** A network input of the given shape. */
    public int input(String nodeName, Shape shape) {
        return add(nodeName, LayerKind.INPUT, List.of(), shape, null, 1, false, Activation.NONE);
    }

    /** A convolution; groups = 1 is dense, groups = Cin = Cout is depthwise. */
    public int conv(String nodeName, int from, int outChannels, Window w, int groups, boolean bias, Activation act) {
        Shape in = shape(from);
        if (groups <= 0 || in.channels() % groups != 0 || outChannels % groups != 0) {
            throw new NetworkException(nodeName + ": groups " + groups + " must divide input channels "
                    + in.channels() + " and output channels " + outChannels);
        }
        Shape out = spatial(nodeName, outChannels, in, w);
        return add(nodeName, LayerKind.CONV, List.of(from), out, w, groups, bias, act);
    }

    /** A dense convolution with bias-free weights and the given activation (BatchNorm folded). */
    public int conv(String nodeName, int from, int outChannels, int kernel, int stride, int pad, Activation act) {
        return conv(nodeName, from, outChannels, Window.square(kernel, stride, pad), 1, false, act);
    }

    /** A fully connected (linear) layer applied at every position/token of its input. */
    public int fc(String nodeName, int from, int outFeatures, boolean bias, Activation act) {
        Shape in = shape(from);
        return add(nodeName, LayerKind.FC, List.of(from), new Shape(outFeatures, in.height(), in.width()), null, 1, bias, act);
    }

    /** Max pooling. */
    public int maxPool(String nodeName, int from, Window w) {
        Shape in = shape(from);
        return add(nodeName, LayerKind.MAX_POOL, List.of(from), spatial(nodeName, in.channels(), in, w), w, 1, false, Activation.NONE);
    }

    /** Average pooling. */
    public int avgPool(String nodeName, int from, Window w) {
        Shape in = shape(from);
        return add(nodeName, LayerKind.AVG_POOL, List.of(from), spatial(nodeName, in.channels(), in, w), w, 1, false, Activation.NONE);
    }

    /** Global average pooling to C x 1 x 1. */
    public int globalAvgPool(String nodeName, int from) {
        Shape in = shape(from);
        return add(nodeName, LayerKind.GLOBAL_AVG_POOL, List.of(from), new Shape(in.channels(), 1, 1), null, 1, false, Activation.NONE);
    }

    /** Flattening C x H x W into (C*H*W) x 1 x 1. */
    public int flatten(String nodeName, int from) {
        Shape in = shape(from);
        if (in.elements() > Integer.MAX_VALUE) {
            throw new NetworkException(nodeName + ": flattening " + in + " gives " + String.format("%,d", in.elements())
                    + " features; at most 2,147,483,647 are supported");
        }
        return add(nodeName, LayerKind.FLATTEN, List.of(from), new Shape((int) in.elements(), 1, 1), null, 1, false, Activation.NONE);
    }

    /** A standalone elementwise activation. */
    public int activation(String nodeName, int from, Activation act) {
        return add(nodeName, LayerKind.ACTIVATION, List.of(from), shape(from), null, 1, false, act);
    }

    /** Elementwise addition of inputs of equal shape (residual connections). */
    public int add(String nodeName, List<Integer> from, Activation act) {
        return elementwise(nodeName, LayerKind.ADD, from, act);
    }

    /** An elementwise node of the given kind (ADD, MUL, NORM, SOFTMAX, ...) over inputs of equal shape. */
    public int elementwise(String nodeName, LayerKind kind, List<Integer> from, Activation act) {
        if (from.isEmpty()) {
            throw new NetworkException(nodeName + ": needs at least one input");
        }
        Shape first = shape(from.get(0));
        for (int f : from) {
            if (!shape(f).equals(first)) {
                throw new NetworkException(nodeName + ": inputs have different shapes " + first + " and " + shape(f));
            }
        }
        return add(nodeName, kind, from, first, null, 1, false, act);
    }

    /** Concatenation along channels of inputs with equal height and width. */
    public int concat(String nodeName, List<Integer> from) {
        if (from.isEmpty()) {
            throw new NetworkException(nodeName + ": concat needs at least one input");
        }
        Shape first = shape(from.get(0));
        long channels = 0;
        for (int f : from) {
            Shape s = shape(f);
            if (s.height() != first.height() || s.width() != first.width()) {
                throw new NetworkException(nodeName + ": concat inputs differ in height/width: " + first + " and " + s);
            }
            channels += s.channels();
        }
        if (channels > Integer.MAX_VALUE) {
            throw new NetworkException(nodeName + ": concat gives " + channels + " channels; at most 2,147,483,647 are supported");
        }
        return add(nodeName, LayerKind.CONCAT, from, new Shape((int) channels, first.height(), first.width()), null, 1, false, Activation.NONE);
    }

    /** A node of any kind with an explicitly given output shape (importers use this). */
    public int custom(String nodeName, LayerKind kind, List<Integer> from, Shape out, Window w, int groups, boolean bias, Activation act) {
        return add(nodeName, kind, from, out, w, groups, bias, act);
    }

    /** The output shape of an existing node. */
    public Shape shape(int id) {
        if (id < 0 || id >= nodes.size()) {
            throw new NetworkException("unknown node id " + id);
        }
        return nodes.get(id).output();
    }

    /** The id of an existing node by name, or -1. */
    public int idOf(String nodeName) {
        return byName.getOrDefault(nodeName, -1);
    }

    /** Adds a one-line note for the user to the network (see {@link Network#notes()}). */
    public void note(String line) {
        notes.add(line);
    }

    /**
     * Marks a node's output as part of the KV cache ({@link Network#kvCache(int)}): an input node holds cached
     * keys or values read from DRAM, another node the new entries appended to the cache.
     */
    public void kvCache(int id) {
        shape(id);
        kvCache.add(id);
    }

    /**
     * Says that the network is one decode step with {@code tokens} tokens already cached ({@link
     * Network#cachedTokens()}).
     *
     * @throws IllegalArgumentException if tokens is not positive
     */
    public void decodeStep(int tokens) {
        if (tokens <= 0) {
            throw new IllegalArgumentException("cached tokens must be positive, got " + tokens);
        }
        cachedTokens = tokens;
    }

    /** The network built so far. */
    public Network build() {
        if (nodes.stream().noneMatch(n -> n.kind() == LayerKind.INPUT)) {
            throw new NetworkException(name + ": the network has no input");
        }
        return new Network(name, nodes, notes, kvCache, cachedTokens);
    }

    private Shape spatial(String nodeName, int channels, Shape in, Window w) {
        long h = w.outputRows(in.height());
        long wd = w.outputColumns(in.width());
        if (h <= 0 || wd <= 0) {
            throw new NetworkException(nodeName + ": window " + w.kernelH() + "x" + w.kernelW()
                    + " does not fit input " + in + " (output would be " + h + "x" + wd + ")");
        }
        if (h > Integer.MAX_VALUE || wd > Integer.MAX_VALUE) {
            throw new NetworkException(nodeName + ": window " + w.kernelH() + "x" + w.kernelW() + " with padding "
                    + w.padH() + "x" + w.padW() + " on input " + in + " gives an output of " + h + "x" + wd
                    + "; at most 2,147,483,647 per side is supported");
        }
        try {
            return new Shape(channels, (int) h, (int) wd);
        } catch (IllegalArgumentException e) {
            throw new NetworkException(nodeName + ": " + e.getMessage());
        }
    }

    /**
     * Refuses a node whose weights, multiply-accumulates or vector work cannot be counted exactly, or that
     * takes the network past {@link SizeLimits}; products are formed with overflow checks.
     */
    private void checkSizes(String nodeName, LayerKind kind, List<Shape> inShapes, Shape out, Window w, int groups) {
        long weights = 0;
        if (kind == LayerKind.CONV) {
            long rows = SizeLimits.product(SizeLimits.product(w.kernelH(), w.kernelW()), inShapes.get(0).channels() / groups);
            weights = rows < 0 ? -1 : SizeLimits.product(rows, out.channels());
        } else if (kind == LayerKind.FC) {
            weights = SizeLimits.product(inShapes.get(0).channels(), out.channels());
        }
        if (weights < 0 || weights > SizeLimits.WEIGHTS) {
            throw new NetworkException(nodeName + ": " + (weights < 0 ? "more than 2^63" : String.format("%,d", weights))
                    + " weights; at most " + SizeLimits.describe(SizeLimits.WEIGHTS) + " per layer are supported");
        }
        long macs = SizeLimits.product(weights, out.positions());
        long vector = 0;
        if (w != null && !kind.weighted()) {
            long window = SizeLimits.product(w.kernelH(), w.kernelW());
            vector = window < 0 ? -1 : SizeLimits.product(out.elements(), window);
        } else if (kind == LayerKind.MATMUL) {
            vector = SizeLimits.product(out.elements(), inShapes.get(0).width());
        } else if (!kind.weighted()) {
            long in = inShapes.stream().mapToLong(Shape::elements).sum();
            vector = SizeLimits.product(Math.max(in, out.elements()), Math.max(1, inShapes.size()));
        }
        totalWeights += weights;
        totalElements += out.elements();
        totalMacs = macs < 0 ? -1 : totalMacs < 0 ? -1 : totalMacs + macs;
        totalVector = vector < 0 ? -1 : totalVector < 0 ? -1 : totalVector + vector;
        if (totalWeights > SizeLimits.WEIGHTS) {
            throw new NetworkException(nodeName + ": the network's weights reach " + String.format("%,d", totalWeights)
                    + "; at most " + SizeLimits.describe(SizeLimits.WEIGHTS) + " are supported");
        }
        if (totalElements > SizeLimits.NETWORK_ELEMENTS) {
            throw new NetworkException(nodeName + ": the network's activations reach " + String.format("%,d", totalElements)
                    + " elements; at most " + SizeLimits.describe(SizeLimits.NETWORK_ELEMENTS) + " are supported");
        }
        if (totalMacs < 0 || totalMacs > SizeLimits.MACS) {
            throw new NetworkException(nodeName + ": the network's multiply-accumulates reach "
                    + (totalMacs < 0 ? "more than 2^63" : String.format("%,d", totalMacs)) + "; at most "
                    + SizeLimits.describe(SizeLimits.MACS) + " are supported");
        }
        if (totalVector < 0 || totalVector > SizeLimits.VECTOR_OPS) {
            throw new NetworkException(nodeName + ": the network's vector operations reach "
                    + (totalVector < 0 ? "more than 2^63" : String.format("%,d", totalVector)) + "; at most "
                    + SizeLimits.describe(SizeLimits.VECTOR_OPS) + " are supported");
        }
    }

    private int add(String nodeName, LayerKind kind, List<Integer> from, Shape out, Window w, int groups,
                    boolean bias, Activation act) {
        if (nodeName == null || nodeName.isBlank()) {
            throw new NetworkException("node name must not be empty");
        }
        if (byName.containsKey(nodeName)) {
            throw new NetworkException("duplicate node name '" + nodeName + "'");
        }
        List<Shape> inShapes = new ArrayList<>();
        for (int f : from) {
            inShapes.add(shape(f));
        }
        if (kind.weighted() && inShapes.size() != 1) {
            throw new NetworkException(nodeName + ": a " + kind.label() + " layer reads exactly one input, got "
                    + inShapes.size());
        }
        checkSizes(nodeName, kind, inShapes, out, w, groups);
        int id = nodes.size();
        nodes.add(new Node(id, nodeName, kind, from, inShapes, out, w, groups, bias, act == null ? Activation.NONE : act));
        byName.put(nodeName, id);
        return id;
    }
}
