package org.compass.bench;

import java.util.Locale;
import org.compass.formulations.StandardFormulations;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Tensor;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Limits;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.zoo.Zoo;
import org.compass.simulator.Lowering;
import org.compass.simulator.PartitionTrace;
import org.compass.simulator.SimulationResult;
import org.compass.simulator.Simulator;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.plan.Partition;
import org.compass.solver.cost.PartitionCost;
import org.compass.solver.plan.Plan;
import org.compass.solver.plan.PlanValidator;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;

/**
 * One fidelity case: the dp plan (throughput objective) of a zoo network on a preset chip under cost model v2,
 * costed by the cost model and run on the simulator the way {@code compass-solve --simulate} runs it
 * ({@link Lowering#lower} then {@link Simulator#run}). The simulator never sees the cost model; the figures
 * are only set side by side here. Shared by {@link FidelityMatrix}, {@link RankingStudy} and the tests.
 */
public final class Fidelity {

    private Fidelity() {
    }

    /** What one case measured: the cost model's figures and the simulator's, for one plan. */
    public record Row(String network, String chip, int batch, PipelineMode pipeline, int partitions,
                      double modelSeconds, double simSeconds, double modelJoules, double simJoules,
                      long modelDramBytes, long simDramBytes, long modelDramPeak, long simDramPeak,
                      long events, double solveSeconds, double simulateSeconds, Terms terms) {

        public double latencyRatio() {
            return simSeconds / modelSeconds;
        }

        public double energyRatio() {
            return simJoules / modelJoules;
        }

        public double peakRatio() {
            return modelDramPeak == 0 ? (simDramPeak == 0 ? 1 : Double.POSITIVE_INFINITY)
                    : (double) simDramPeak / modelDramPeak;
        }

        /** Latency within 5% of the cost model (issue 11's target). */
        public boolean latencyOk() {
            return Math.abs(latencyRatio() - 1) <= 0.05;
        }

        /** Energy within 2%. */
        public boolean energyOk() {
            return Math.abs(energyRatio() - 1) <= 0.02;
        }

        /** DRAM bytes equal. */
        public boolean bytesOk() {
            return modelDramBytes == simDramBytes;
        }

        /** DRAM peak within 5%. */
        public boolean peakOk() {
            return Math.abs(peakRatio() - 1) <= 0.05;
        }

        public String key() {
            return network + " " + chip + " B" + batch + " " + label(pipeline);
        }
    }

    /**
     * Where model and simulator part, to explain a disagreement: program phases (sum over partitions of the
     * cost model's T_prog and of the simulator's start-to-last-write), the rest of each partition (compute or
     * I/O), static and dynamic energy, the in-partition DRAM peak bound (see {@link #peakDuringPartitions}),
     * and the partition whose simulated time differs most from the model's.
     */
    public record Terms(double modelProgramSeconds, double simProgramSeconds, double modelRestSeconds,
                        double simRestSeconds, double modelStaticJoules, double simStaticJoules,
                        double modelDynamicJoules, double simDynamicJoules, long peakDuringBound,
                        int worstPartition, double worstModelSeconds, double worstSimSeconds, String worstUnits) {
    }

    public static String label(PipelineMode p) {
        return p.name().toLowerCase(Locale.ROOT);
    }

    /** A zoo network on a preset chip with the throughput objective, default replication, cost model v2. */
    public static Problem problem(String network, String chip, int batch, PipelineMode pipeline) {
        return Problem.of(Zoo.build(network).orElseThrow(() -> new IllegalArgumentException("no zoo network " + network)),
                HardwarePresets.byName(chip).orElseThrow(() -> new IllegalArgumentException("no chip " + chip)),
                batch, Objective.THROUGHPUT, pipeline, ReplicationSet.DEFAULT).withCostModel(CostModelVersion.V2);
    }

    /** The dp plan of a problem (one thread, seed 1, 60 s limit as in the problem files). */
    public static SolveResult dp(Problem problem) {
        SolveRequest req = SolveRequest.of(problem).withLimits(new Limits(60, 1, 1));
        SolveResult r = StandardFormulations.registry().find("dp").orElseThrow().solve(req);
        if (r.plan() == null) {
            throw new IllegalStateException("dp found no plan: " + r.status());
        }
        return r;
    }

    /** Simulates a plan as {@code --simulate} does (phases, no write schedule). */
    public static SimulationResult simulate(Problem problem, Plan plan) {
        return Simulator.run(Lowering.lower(problem, plan));
    }

    /** Solves, costs and simulates one case. */
    public static Row measure(String network, String chip, int batch, PipelineMode pipeline) {
        Problem problem = problem(network, chip, batch, pipeline);
        long t0 = System.nanoTime();
        SolveResult r = dp(problem);
        long t1 = System.nanoTime();
        return measure(network, chip, problem, r.plan(), (t1 - t0) * 1e-9);
    }

    /** Costs and simulates a given plan. */
    public static Row measure(String network, String chip, Problem problem, Plan plan, double solveSeconds) {
        PlanValidator.requireValid(problem, plan);
        CostModel cm = new CostModel(problem);
        Evaluation e = cm.evaluate(plan);
        long t1 = System.nanoTime();
        SimulationResult s = simulate(problem, plan);
        long t2 = System.nanoTime();
        return new Row(network, chip, problem.batch(), problem.pipeline(), plan.size(), e.latencySeconds(),
                s.latencySeconds(), e.energyJoules(), s.energyJoules(), e.dramBytes(), s.dramBytes(),
                e.dramPeakBytes(), s.dramPeakBytes(), s.events(), solveSeconds, (t2 - t1) * 1e-9,
                terms(problem, plan, e, s));
    }

    static Terms terms(Problem problem, Plan plan, Evaluation e, SimulationResult s) {
        double mProg = 0;
        double sProg = 0;
        double mRest = 0;
        double sRest = 0;
        int worst = 0;
        double worstDiff = -1;
        for (int p = 0; p < plan.size(); p++) {
            PartitionCost c = e.partitions().get(p);
            PartitionTrace t = s.partitions().get(p);
            mProg += c.programSeconds();
            mRest += c.seconds() - c.programSeconds();
            sProg += t.programDoneSeconds() - t.startSeconds();
            sRest += t.endSeconds() - t.programDoneSeconds();
            double d = Math.abs(t.seconds() - c.seconds());
            if (d > worstDiff) {
                worstDiff = d;
                worst = p;
            }
        }
        Partition wp = plan.partitions().get(worst);
        MappedGraph g = problem.graph();
        String units = g.unit(wp.units().get(0)).name() + ".." + g.unit(wp.units().get(wp.size() - 1)).name()
                + " (" + wp.size() + " units)";
        return new Terms(mProg, sProg, mRest, sRest, e.staticJoules(), s.staticJoules(),
                e.energyJoules() - e.staticJoules(), s.energyJoules() - s.staticJoules(), peakDuringPartitions(problem, plan),
                worst, e.partitions().get(worst).seconds(), s.partitions().get(worst).seconds(), units);
    }

    /**
     * The DRAM peak if, during each partition, the tensors alive at its start stay until it ends and its own
     * outputs that outlive it are stored meanwhile: max over partitions p of the bytes of tensors produced
     * before p and read in p or later, plus those produced in p and read after p (or network outputs); times
     * B. The cost model's peak counts only what is alive at a boundary; a simulator that frees an input after
     * its last load and stores outputs band by band lies between the two.
     */
    public static long peakDuringPartitions(Problem problem, Plan plan) {
        MappedGraph g = problem.graph();
        int[] part = plan.partitionOfUnits(g.size());
        int parts = plan.size();
        long peak = 0;
        for (int b = 0; b <= parts; b++) {
            long alive = 0;
            for (Tensor t : g.tensors()) {
                int produced = t.producer() < 0 ? -1 : part[t.producer()];
                int lastUse = t.networkOutput() ? parts : -1;
                for (int c : t.consumers()) {
                    lastUse = Math.max(lastUse, part[c]);
                }
                boolean before = produced < b && lastUse >= b;
                boolean during = b < parts && produced == b && lastUse > b;
                if (before || during) {
                    alive += t.bytes();
                }
            }
            peak = Math.max(peak, alive);
        }
        return peak * problem.batch();
    }
}
