package org.compass.cli.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.compass.cli.format.Units;
import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.Unit;
import org.compass.model.problem.Problem;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.plan.Partition;
import org.compass.solver.cost.PartitionCost;
import org.compass.solver.plan.Plan;

/**
 * Timeline bars from the v1 cost model's phases: partition p runs from the end of p-1, first programs its
 * weights (T_prog), then computes while activations stream to and from DRAM (max(T_comp, T_io)).
 *
 * <p>The v1 model does not say which core holds which layer, so for the picture every partition's crossbars
 * (replicas included) are packed onto the cores in unit order, core by core; a core that receives none is
 * idle for the partition. The durations are the cost model's; only this placement is illustrative. Chips
 * with more than {@value #MAX_LANES} cores are drawn with groups of neighbouring cores per lane.
 */
public final class PhaseTimeline {

    /** Most core lanes drawn before neighbouring cores share a lane. */
    public static final int MAX_LANES = 32;

    private PhaseTimeline() {
    }

    /** The bars of a plan: core (or core-group) lanes first, then one DRAM lane. */
    public static List<Bar> bars(Problem problem, Plan plan, Evaluation evaluation) {
        List<Bar> coreBars = new ArrayList<>();
        List<Bar> dramBars = new ArrayList<>();
        forEach(problem, plan, evaluation, true, b -> (b.kind() == Bar.Kind.DRAM ? dramBars : coreBars).add(b));
        coreBars.addAll(dramBars);
        return coreBars;
    }

    /**
     * Hands each bar of the plan to {@code sink} in partition order (a partition's core lanes, then its DRAM
     * bars) without keeping them; {@code labelled} false leaves the bars' labels empty (for pictures that sum
     * bars into bins and never show them).
     */
    static void forEach(Problem problem, Plan plan, Evaluation evaluation, boolean labelled,
                        java.util.function.Consumer<Bar> sink) {
        Hardware hw = problem.hardware();
        int cores = hw.cores();
        int perLane = (cores + MAX_LANES - 1) / MAX_LANES;
        int lanes = (cores + perLane - 1) / perLane;
        String[] names = new String[lanes];
        for (int lane = 0; lane < lanes; lane++) {
            names[lane] = laneName(lane, perLane, cores);
        }
        double t = 0;
        for (int p = 0; p < plan.size(); p++) {
            Partition part = plan.partitions().get(p);
            PartitionCost c = evaluation.partitions().get(p);
            List<Map<String, Integer>> held = place(problem, part, lanes, perLane);
            double computeStart = t + c.programSeconds();
            double end = t + c.seconds();
            for (int lane = 0; lane < lanes; lane++) {
                String name = names[lane];
                Map<String, Integer> units = held.get(lane);
                if (units.isEmpty()) {
                    sink.accept(new Bar(name, Bar.Kind.IDLE, p, t, end, labelled ? "no crossbars in P" + p : ""));
                    continue;
                }
                String who = labelled ? describe(units) : "";
                sink.accept(new Bar(name, Bar.Kind.WRITE, p, t, computeStart, labelled ? "write " + who : ""));
                sink.accept(new Bar(name, Bar.Kind.COMPUTE, p, computeStart, computeStart + c.computeSeconds(), who));
                if (c.ioSeconds() > c.computeSeconds()) {
                    sink.accept(new Bar(name, Bar.Kind.IDLE, p, computeStart + c.computeSeconds(), end,
                            labelled ? "waits for DRAM" : ""));
                }
            }
            sink.accept(new Bar("DRAM", Bar.Kind.DRAM, p, t, computeStart,
                    labelled ? "weights " + Units.bytes(c.load().weightBytes()) : ""));
            long io = (long) problem.batch() * (c.load().inBytes() + c.load().outBytes());
            if (io > 0) {
                sink.accept(new Bar("DRAM", Bar.Kind.DRAM, p, computeStart, computeStart + c.ioSeconds(),
                        labelled ? "activations " + Units.bytes(io) : ""));
            }
            t = end;
        }
    }

    /** Lanes that hold crossbars in each partition (the others idle through it). */
    static int[] busyLanes(Problem problem, Plan plan) {
        int cores = problem.hardware().cores();
        int perLane = (cores + MAX_LANES - 1) / MAX_LANES;
        int lanes = (cores + perLane - 1) / perLane;
        int[] busy = new int[plan.size()];
        for (int p = 0; p < plan.size(); p++) {
            for (Map<String, Integer> held : place(problem, plan.partitions().get(p), lanes, perLane)) {
                busy[p] += held.isEmpty() ? 0 : 1;
            }
        }
        return busy;
    }

    /** " lanes" when lanes group several cores, else " cores". */
    static String laneUnit(Problem problem) {
        return problem.hardware().cores() > MAX_LANES ? " lanes" : " cores";
    }

    /** Crossbars of each weighted unit per lane, filling lanes in order (a replica may span lanes). */
    static List<Map<String, Integer>> place(Problem problem, Partition part, int lanes, int perLane) {
        long capacity = (long) problem.hardware().crossbarsPerCore() * perLane;
        List<Map<String, Integer>> held = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            held.add(new LinkedHashMap<>());
        }
        int lane = 0;
        long used = 0;
        for (int i = 0; i < part.size(); i++) {
            Unit u = problem.graph().unit(part.units().get(i));
            long need = (long) u.crossbars() * part.replication().get(i);
            while (need > 0 && lane < lanes) {
                long take = Math.min(need, capacity - used);
                held.get(lane).merge(u.name(), (int) take, Integer::sum);
                need -= take;
                used += take;
                if (used == capacity) {
                    lane++;
                    used = 0;
                }
            }
        }
        return held;
    }

    private static String describe(Map<String, Integer> units) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Integer> e : units.entrySet()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append(" (").append(e.getValue()).append(" xb)");
        }
        return sb.toString();
    }

    /** The name of a core lane, or of a group of neighbouring cores. */
    static String laneName(int lane, int perLane, int cores) {
        if (perLane == 1) {
            return "core " + lane;
        }
        int first = lane * perLane;
        int last = Math.min(cores, first + perLane) - 1;
        return "cores " + first + "\u2013" + last;
    }
}
