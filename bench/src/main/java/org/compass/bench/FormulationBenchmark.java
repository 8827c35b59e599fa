package org.compass.bench;

import java.util.concurrent.TimeUnit;
import org.compass.formulations.StandardFormulations;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Limits;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.problem.SearchSpace;
import org.compass.model.zoo.Decoders;
import org.compass.model.zoo.Zoo;
import org.compass.solver.Formulation;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import org.compass.solver.Status;
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
 * Time to a proven optimum (graph building, hint and solve included) of each exact formulation on the paper's
 * networks and chips at batch 16, in both spaces; 2 threads, 60 s limit. Fails if a run does not prove. A zoo
 * decoder ({@code -p network=llama3_2_1b}) is one decode step of 16 sequences with 1,024 tokens cached.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xss8m"})
public class FormulationBenchmark {

    @Param({"dp", "cpsat", "mip", "choco"})
    public String formulation;

    @Param({"contiguous", "dag"})
    public String space;

    @Param({"resnet18", "vgg16", "squeezenet1_0"})
    public String network;

    @Param({"compass-s", "compass-m", "compass-l"})
    public String chip;

    /** The cost model version (v1 or v2). */
    @Param({"v1"})
    public String costModel;

    private SolveRequest request;
    private Formulation f;

    @Setup
    public void setup() {
        // a zoo decoder as one decode step (batch 16, context 1,024: ScaleNetworks.problem), other networks as images
        Problem p = Decoders.configuration(network).isPresent()
                ? ScaleNetworks.problem(network, chip, "throughput", costModel)
                : Problem.of(Zoo.build(network).orElseThrow(), HardwarePresets.byName(chip).orElseThrow(), 16,
                        Objective.THROUGHPUT, PipelineMode.ROW, ReplicationSet.DEFAULT)
                        .withCostModel(CostModelVersion.byLabel(costModel));
        request = SolveRequest.of(p).withSpace(SearchSpace.byLabel(space)).withLimits(new Limits(60, 2, 1));
        f = StandardFormulations.registry().find(formulation).orElseThrow();
    }

    @Benchmark
    public SolveResult solve() {
        SolveResult r = f.solve(request);
        if (r.status() != Status.OPTIMAL) {
            throw new IllegalStateException(formulation + " did not prove: " + r.status() + " " + r.message());
        }
        return r;
    }
}
