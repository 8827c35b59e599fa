package org.compass.bench;

import java.util.concurrent.TimeUnit;
import org.compass.formulations.StandardFormulations;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.problem.Limits;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.zoo.Zoo;
import org.compass.solver.Formulation;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Solve time of every registered formulation, by name, on the paper's networks (and the deepest zoo network
 * present) at batch 16. Solver formulations (cpsat, mip, choco) join by adding their names to
 * {@link #formulation}; any name {@link StandardFormulations#registry()} knows works, e.g.
 * {@code -p formulation=dp,cpsat}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class SolveBenchmark {

    @Param({"dp", "ga", "greedy", "layerwise"})
    public String formulation;

    /** resnet152 belongs here once the zoo has it ({@code -p network=resnet152}). */
    @Param({"vgg16", "resnet18", "squeezenet1_0", "resnet34"})
    public String network;

    @Param({"compass-m"})
    public String chip;

    @Param({"throughput", "edp"})
    public String objective;

    private Formulation solver;
    private SolveRequest request;

    @Setup
    public void setup() {
        solver = StandardFormulations.registry().find(formulation)
                .orElseThrow(() -> new IllegalArgumentException("no formulation " + formulation));
        Problem p = Problem.of(Zoo.build(network).orElseThrow(() -> new IllegalArgumentException("no network "
                        + network + " in the zoo")), HardwarePresets.byName(chip).orElseThrow(), 16,
                Objective.byLabel(objective), PipelineMode.ROW, ReplicationSet.DEFAULT);
        request = SolveRequest.of(p).withLimits(new Limits(600, 1, 1));
    }

    @Benchmark
    public SolveResult solve() {
        return solver.solve(request);
    }
}
