package org.compass.model.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Network} node by node, inferring every output shape from the input size.
 *
 * <p>Each method appends one node whose inputs must already exist, so the result is acyclic and
 * topologically ordered by construction. Methods return the new node's id.
 */
public final class NetworkBuilder {

    private final String name;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Integer> byName = new HashMap<>();
    private final List<String> notes = new ArrayList<>();

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
        return add(nodeName, LayerKind.FLATTEN, List.of(from), new Shape(Math.toIntExact(in.elements()), 1, 1), null, 1, false, Activation.NONE);
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
        int channels = 0;
        for (int f : from) {
            Shape s = shape(f);
            if (s.height() != first.height() || s.width() != first.width()) {
                throw new NetworkException(nodeName + ": concat inputs differ in height/width: " + first + " and " + s);
            }
            channels += s.channels();
        }
        return add(nodeName, LayerKind.CONCAT, from, new Shape(channels, first.height(), first.width()), null, 1, false, Activation.NONE);
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

    /** The network built so far. */
    public Network build() {
        if (nodes.stream().noneMatch(n -> n.kind() == LayerKind.INPUT)) {
            throw new NetworkException(name + ": the network has no input");
        }
        return new Network(name, nodes, notes);
    }

    private Shape spatial(String nodeName, int channels, Shape in, Window w) {
        int h = w.outputHeight(in.height());
        int wd = w.outputWidth(in.width());
        if (h <= 0 || wd <= 0) {
            throw new NetworkException(nodeName + ": window " + w.kernelH() + "x" + w.kernelW()
                    + " does not fit input " + in + " (output would be " + h + "x" + wd + ")");
        }
        return new Shape(channels, h, wd);
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
        int id = nodes.size();
        nodes.add(new Node(id, nodeName, kind, from, inShapes, out, w, groups, bias, act == null ? Activation.NONE : act));
        byName.put(nodeName, id);
        return id;
    }
}
