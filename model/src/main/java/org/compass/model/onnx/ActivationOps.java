package org.compass.model.onnx;

import java.util.Arrays;
import org.compass.model.network.Activation;
import org.compass.model.network.LayerKind;
import org.compass.model.onnx.proto.Onnx.AttributeProto;
import org.compass.model.onnx.proto.Onnx.NodeProto;

/** The importer's elementwise activations, fused into their producer or on the vector units. */
final class ActivationOps implements OperatorFamily {

    private final GraphTranslator g;

    ActivationOps(GraphTranslator g) {
        this.g = g;
    }

    @Override
    public void register(OperatorRegistry r) {
        r.add("Relu", n -> activation(n, Activation.RELU));
        r.add("Sigmoid", n -> activation(n, Activation.SIGMOID));
        r.add("Tanh", n -> activation(n, Activation.TANH));
        r.add("Gelu", n -> activation(n, Activation.GELU));
        r.add("Clip", this::clip);
        r.add("Erf", n -> g.unaryLayer(n, LayerKind.ACTIVATION, Activation.NONE));
        r.add("HardSwish", n -> vectorActivation(n, Activation.HARD_SWISH));
        r.add("HardSigmoid", n -> vectorActivation(n, Activation.HARD_SIGMOID));
        r.add("LeakyRelu", n -> vectorActivation(n, Activation.LEAKY_RELU));
        r.add("PRelu", this::prelu);
    }

    private void clip(NodeProto n) {
        double min = Double.NEGATIVE_INFINITY;
        double max = Double.POSITIVE_INFINITY;
        AttributeProto a = Attributes.attr(n, "min");
        if (a != null) {
            min = a.getF();
        } else if (n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
            min = g.constScalar(n, 1);
        }
        a = Attributes.attr(n, "max");
        if (a != null) {
            max = a.getF();
        } else if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
            max = g.constScalar(n, 2);
        }
        Activation act = min == 0 && max == 6 ? Activation.RELU6
                : min == 0 && max == Double.POSITIVE_INFINITY ? Activation.RELU : Activation.NONE;
        activation(n, act);
    }

    /** Fuses the activation into the producer when this node is its only consumer, else adds a node. */
    private void activation(NodeProto n, Activation act) {
        Val x = g.in(n, 0);
        if (x.isConstant()) {
            g.define(n.getOutput(0), Val.constant(x.dims, null, true));
            return;
        }
        LayerKind k = x.layer.kind;
        boolean fusable = act != Activation.NONE && (k == LayerKind.CONV || k == LayerKind.FC || k == LayerKind.ADD)
                && x.layer.activation == Activation.NONE && g.fusable(n, 0);
        if (fusable) {
            x.layer.activation = act;
            g.define(n.getOutput(0), x);
            return;
        }
        g.unaryLayer(n, LayerKind.ACTIVATION, act);
    }

    /**
     * An activation the vector units compute as a node of its own, never fused into its producer (hard-swish,
     * hard-sigmoid, leaky ReLU, PReLU).
     */
    private void vectorActivation(NodeProto n, Activation act) {
        Val x = g.in(n, 0);
        if (x.isConstant()) {
            g.define(n.getOutput(0), Val.constant(x.dims, null, true));
            return;
        }
        g.unaryLayer(n, LayerKind.ACTIVATION, act);
    }

    /** PRelu: a leaky ReLU with stored slopes (input 1, a parameter broadcast to the input). */
    private void prelu(NodeProto n) {
        Val x = g.in(n, 0);
        Val slope = g.weightIn(n, 1);
        if (Dims.broadcast(x.dims, slope.dims) == null || !Arrays.equals(Dims.broadcast(x.dims, slope.dims), x.dims)) {
            throw g.nodeError("slope " + Dims.str(slope.dims) + " does not broadcast to the input " + Dims.str(x.dims));
        }
        vectorActivation(n, Activation.PRELU);
    }
}
