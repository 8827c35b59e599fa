package org.compass.bench;

import java.util.concurrent.TimeUnit;
import org.compass.formulations.dp.DpFormulation;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.zoo.Decoders;
import org.compass.model.zoo.Zoo;
import org.compass.simulator.Lowering;
import org.compass.simulator.Program;
import org.compass.simulator.SimulationResult;
import org.compass.simulator.Simulator;
import org.compass.solver.SolveRequest;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Simulating the DP's plan at batch 16 on compass-m (or {@code -p chip=...}; a zoo decoder such as
 * {@code -p network=llama2_7b} is one decode step of 16 sequences with 1,024 tokens cached), in three phases measured apart: {@code lower} (plan to
 * per-core programs), {@code simulate} (a program to its result: the engine's tables, then the run) and
 * {@code run} (the run alone, tables prepared once). The {@code events} counter, an ops/s figure, is
 * simulated events (executed instructions and bands) per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 7, time = 2)
@Fork(1)
public class SimulatorBenchmark {

    @Param({"resnet18", "vgg16", "squeezenet1_0"})
    public String network;

    @Param({"row", "image"})
    public String pipeline;

    /** The chip (a preset's name). */
    @Param({"compass-m"})
    public String chip;

    /** The cost model the DP plans with (v1 or v2; the simulator never calls it). */
    @Param({"v1"})
    public String costModel;

    private org.compass.model.problem.Problem problem;
    private Program program;
    private Simulator prepared;

    /** Events simulated, reported by JMH as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Events {
        public long events;

        @Setup(Level.Iteration)
        public void clear() {
            events = 0;
        }
    }

    @Setup
    public void setup() {
        // a zoo decoder as one decode step (batch 16, context 1,024: ScaleNetworks.problem), other networks as images
        problem = Decoders.configuration(network).isPresent()
                ? ScaleNetworks.problem(network, chip, "throughput", costModel).withPipeline(PipelineMode.byLabel(pipeline))
                : Problem.of(Zoo.build(network).orElseThrow(), HardwarePresets.byName(chip).orElseThrow(), 16,
                        Objective.THROUGHPUT, PipelineMode.byLabel(pipeline), ReplicationSet.DEFAULT)
                        .withCostModel(CostModelVersion.byLabel(costModel));
        program = Lowering.lower(problem, new DpFormulation().solve(SolveRequest.of(problem)).plan());
        prepared = Simulator.prepare(program);
    }

    @Benchmark
    public SimulationResult simulate(Events counter) {
        SimulationResult r = Simulator.run(program);
        counter.events += r.events();
        return r;
    }

    @Benchmark
    public SimulationResult run(Events counter) {
        SimulationResult r = prepared.run();
        counter.events += r.events();
        return r;
    }

    @Benchmark
    public Program lower() {
        return Lowering.lower(problem, program.plan());
    }
}
