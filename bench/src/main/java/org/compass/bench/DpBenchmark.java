package org.compass.bench;

import java.util.concurrent.TimeUnit;
import org.compass.formulations.dp.DpFormulation;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.zoo.Zoo;
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

/** Solve time of the exact DP on the paper's networks and chips at batch 16. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DpBenchmark {

    @Param({"resnet18", "vgg16", "squeezenet1_0"})
    public String network;

    @Param({"compass-s", "compass-m", "compass-l"})
    public String chip;

    private SolveRequest request;
    private final DpFormulation dp = new DpFormulation();

    @Setup
    public void setup() {
        Problem p = Problem.of(Zoo.build(network).orElseThrow(), HardwarePresets.byName(chip).orElseThrow(), 16,
                Objective.THROUGHPUT, PipelineMode.ROW, ReplicationSet.DEFAULT);
        request = SolveRequest.of(p);
    }

    @Benchmark
    public SolveResult solve() {
        return dp.solve(request);
    }
}
