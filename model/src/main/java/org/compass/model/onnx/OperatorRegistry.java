package org.compass.model.onnx;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operators of the ai.onnx domain the importer understands, each with its translator, gathered from
 * the operator families. The list of supported operators that error messages and the documentation quote
 * is this registry's key set, so it cannot drift from what is implemented.
 */
final class OperatorRegistry {

    private final Map<String, OperatorTranslator> byOp = new TreeMap<>();

    private OperatorRegistry() {
    }

    /** Every family's operators, translating into {@code g} (null only to list the names). */
    static OperatorRegistry of(GraphTranslator g) {
        OperatorRegistry r = new OperatorRegistry();
        for (OperatorFamily f : List.of(new ConstantOps(g), new WindowOps(g), new LinearOps(g), new ActivationOps(g),
                new NormOps(g), new ElementwiseOps(g), new DataMovementOps(g), new GatherOps(g),
                new ResizeOps(g))) {
            f.register(r);
        }
        return r;
    }

    /** The names of the supported operators, sorted. */
    static List<String> supported() {
        return of(null).names();
    }

    /** Adds an operator; each operator belongs to exactly one family. */
    void add(String op, OperatorTranslator translator) {
        if (byOp.putIfAbsent(op, translator) != null) {
            throw new IllegalStateException("operator " + op + " registered twice");
        }
    }

    /** The translator of an operator, or null when it is not supported. */
    OperatorTranslator get(String op) {
        return byOp.get(op);
    }

    /** The registered operator names, sorted. */
    List<String> names() {
        return List.copyOf(byOp.keySet());
    }
}
