package org.compass.formulations.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.onnx.OnnxImporter;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import org.compass.solver.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every committed ONNX fixture imports and solves to optimality with the DP on compass-m. */
class OnnxFixturesSolveTest {

    static final Path FIXTURES = Path.of("../model/src/test/resources/onnx");

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> s = Files.list(FIXTURES)) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".onnx")).sorted().toList();
            assertTrue(files.size() >= 13, "fixtures present in " + FIXTURES.toAbsolutePath());
            return files.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void solvesWithDpOnCompassM(Path file) {
        Problem p = Problem.of(OnnxImporter.read(file, null), HardwarePresets.byName("compass-m").orElseThrow(), 16,
                Objective.THROUGHPUT, PipelineMode.ROW, ReplicationSet.DEFAULT);
        SolveResult r = new DpFormulation().solve(SolveRequest.of(p));
        assertEquals(Status.OPTIMAL, r.status());
        assertTrue(r.objective() > 0);
    }
}
