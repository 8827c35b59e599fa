package org.compass.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.compass.cli.report.HtmlReport;
import org.compass.formulations.dp.DpFormulation;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.problem.Limits;
import org.compass.model.problem.Problem;
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
 * Issue 14, item 5: the tool at LLM scale. {@code llama2_70b} is the zoo's Llama-2-70B in one decode step (batch 16,
 * context 1,024, as problems/llama.yaml; 34,045 partitions on compass-s), {@code llama2-70b} the inline
 * {@link ScaleNetworks#decoder} with its layer sizes (80 blocks, hidden 8,192, MLP 28,672; 38,400 units on
 * compass-s), {@code chain-10000} a chain of 10,000 linear layers of 64 x 64 (one crossbar each, up to 128 or 256
 * per partition). Phases: {@code map} (the network onto the chip), {@code solve} (dp, including the cost model's
 * evaluation of its plan: every partition's cost and the DRAM peak) and {@code solveAndReport} (that and the HTML
 * report of {@code --report}, baselines left out). Run with a 2 GB heap (the fork's {@code -Xmx2g}) so that a run
 * that needs more fails.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar ScaleBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Xss8m"})
public class ScaleBenchmark {

    @Param({"llama2_70b", "llama2-70b", "chain-10000"})
    public String network;

    @Param({"compass-s"})
    public String chip;

    @Param({"throughput"})
    public String objective;

    @Param({"v1", "v2"})
    public String costModel;

    private Problem problem;
    private SolveRequest request;

    @Setup
    public void setup() {
        problem = ScaleNetworks.problem(network, chip, objective, costModel);
        request = SolveRequest.of(problem).withLimits(new Limits(600, 1, 1));
    }

    /** The network mapped onto the chip: units, column slices and tensors. */
    @Benchmark
    public MappedGraph map() {
        return MappedGraph.build(problem.network(), problem.hardware());
    }

    @Benchmark
    public SolveResult solve() {
        return new DpFormulation().solve(request);
    }

    @Benchmark
    public String solveAndReport() {
        SolveResult r = solve();
        return HtmlReport.render(new HtmlReport.Inputs(network, problem, r, List.of(), List.of(), null, null, null, null, null, null, null,
                org.compass.cli.json.ResultDocument.of(problem, r, List.of(), null, null, null)));
    }
}
