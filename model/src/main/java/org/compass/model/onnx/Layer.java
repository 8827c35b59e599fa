package org.compass.model.onnx;

import java.util.List;
import org.compass.model.network.Activation;
import org.compass.model.network.LayerKind;
import org.compass.model.network.Shape;
import org.compass.model.network.Window;

/** A node of the network being imported; mutable until it is emitted, so later ops can fuse into it. */
final class Layer {

    final String name;
    final String op;
    final LayerKind kind;
    final List<Layer> inputs;
    final Shape shape;
    Window window;
    int groups = 1;
    boolean bias;
    /** For a linear layer, which axis of its ONNX value holds the output features, from the end: 1 after X.W, 2 after W.X. */
    int featureAxisFromEnd = 1;
    Activation activation = Activation.NONE;
    /** Whether more than one consumer reads this layer's output, so nothing may fuse into it. */
    boolean shared;
    int id = -1;
    /** For an input: whether it holds a decoder's cached keys or values (see {@code GraphTranslator.cacheName}). */
    boolean kvCache;
    /** Set when a collapsed pattern absorbed this layer; readers then read {@code replacement}. */
    boolean removed;
    Layer replacement;

    /** The layer that stands for this one after collapsing. */
    Layer resolve() {
        Layer l = this;
        while (l.replacement != null) {
            l = l.replacement;
        }
        return l;
    }

    Layer(String name, String op, LayerKind kind, List<Layer> inputs, Shape shape) {
        this.name = name;
        this.op = op;
        this.kind = kind;
        this.inputs = List.copyOf(inputs);
        this.shape = shape;
    }
}
