package org.compass.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.compass.formulations.StandardFormulations;
import org.compass.solver.ProblemFile;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.Formulation;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered formulation's plan for the three problem files simulates without a violation, and the
 * simulated figures agree with the cost model: rows written, DRAM bytes and the write, MVM and DRAM energy
 * exactly, in either cost model; the latency within 5% under cost model v2 (issue 11's target, no allowance),
 * row and image pipeline. v1, the paper's model, is not held to the latency target: it charges the fill
 * unreplicated and no vector, link or program-phase ends (docs/fidelity.md measures it at 0.61x-0.97x).
 */
class CostModelAgreementTest {

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String file : FILES) {
            for (Formulation f : StandardFormulations.registry().all()) {
                out.add(Arguments.of(file, f.name()));
            }
        }
        return out.stream();
    }

    static final List<String> FILES = List.of("resnet.yaml", "vgg.yaml", "squeezenet.yaml");

    static Problem problem(String file) {
        return ProblemFile.read(Path.of("..", "problems", file)).problem();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void simulatesTheCostModelsCountsExactly(String file, String formulation) {
        Problem problem = problem(file);
        SolveResult r = StandardFormulations.registry().find(formulation).orElseThrow().solve(SolveRequest.of(problem));
        Evaluation e = r.evaluation();
        SimulationResult sim = Simulator.run(Lowering.lower(problem, r.plan()));
        double lower = 0;
        for (var c : e.partitions()) {
            lower += Math.max(problem.batch() * c.load().periodSteps() * problem.hardware().mvmSeconds(), c.ioSeconds());
        }
        assertEquals(e.rowsWritten(), sim.rowsWritten(), "rows written");
        assertEquals(e.dramBytes(), sim.dramBytes(), "DRAM bytes");
        assertEquals(e.writeJoules(), sim.writeJoules(), 1e-9 * e.writeJoules(), "write energy");
        assertEquals(e.mvmJoules(), sim.mvmJoules(), 1e-9 * e.mvmJoules(), "MVM energy");
        assertEquals(e.dramJoules(), sim.dramJoules(), 1e-9 * e.dramJoules(), "DRAM energy");
        assertTrue(sim.dramPeakBytes() >= new CostModel(problem).boundaryPeakBytes(r.plan()),
                "the instantaneous DRAM peak is at least the boundary peak");
        assertTrue(sim.latencySeconds() >= lower, "no faster than the bottleneck stages: " + lower);
    }

    /** The problem files with the plans of the formulations that solve them in seconds under v2, both pipelines. */
    static Stream<Arguments> versionTwoCases() {
        List<Arguments> out = new ArrayList<>();
        for (String file : FILES) {
            for (String formulation : List.of("dp", "greedy", "layerwise", "ga")) {
                for (PipelineMode pipeline : PipelineMode.values()) {
                    out.add(Arguments.of(file, formulation, pipeline));
                }
            }
        }
        return out.stream();
    }

    @Tag("slow")
    @ParameterizedTest(name = "v2 {0} {1} {2}")
    @MethodSource("versionTwoCases")
    void latencyIsWithinFivePercentOfCostModelTwo(String file, String formulation, PipelineMode pipeline) {
        Problem problem = problem(file).withPipeline(pipeline).withCostModel(CostModelVersion.V2);
        SolveResult r = StandardFormulations.registry().find(formulation).orElseThrow().solve(SolveRequest.of(problem));
        Evaluation e = new CostModel(problem).evaluate(r.plan());
        SimulationResult sim = Simulator.run(Lowering.lower(problem, r.plan()));
        double ratio = sim.latencySeconds() / e.latencySeconds();
        System.out.printf(Locale.ROOT, "v2 %s %-9s %-5s parts %3d  model %.6e s  sim %.6e s  sim/model %.4f%n", file,
                formulation, pipeline, r.plan().size(), e.latencySeconds(), sim.latencySeconds(), ratio);
        assertEquals(e.rowsWritten(), sim.rowsWritten(), "rows written");
        assertEquals(e.dramBytes(), sim.dramBytes(), "DRAM bytes");
        assertEquals(1.0, ratio, 0.05, "simulated latency within 5% of cost model v2");
    }
}
