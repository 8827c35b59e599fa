package org.compass.model.io;

import java.nio.file.Path;
import java.util.Map;
import org.compass.model.network.Network;
import org.compass.model.problem.ProblemFile;
import org.compass.model.problem.Problem;

/** Helpers for tools that change a read problem, with the same checks and messages as the reader. */
public final class ProblemReaderSupport {

    private ProblemReaderSupport() {
    }

    /**
     * The problem with another network: a zoo name, or a path ending in {@code .onnx}; the chip and
     * settings stay.
     */
    public static Problem withNetwork(String field, Problem problem, String spec) {
        Network network = NetworkReader.read(field, Path.of("."), spec.endsWith(".onnx") ? Map.of("onnx", spec) : spec);
        return Problem.of(network, problem.hardware(), problem.batch(), problem.objective(), problem.pipeline(),
                problem.replication()).withCostModel(problem.costModel()).withMinLifetime(problem.minLifetimeSeconds());
    }

    /** A default problem file for an ONNX file given directly on the command line. */
    public static ProblemFile forOnnx(Path onnx) {
        return ProblemReader.parse(onnx, "network: {onnx: '" + onnx.toAbsolutePath().toString().replace("'", "''") + "'}\n");
    }
}
