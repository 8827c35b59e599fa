package org.compass.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.compass.formulations.dp.DpFormulation;
import org.compass.formulations.schedule.DpJointScheduler;
import org.compass.formulations.schedule.ScheduleResult;
import org.compass.formulations.schedule.WriteScheduler;
import org.compass.model.hardware.Hardware;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.mapping.Unit;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.zoo.Zoo;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import org.compass.solver.control.Cancellation;
import org.compass.solver.control.ProgressListener;
import org.compass.solver.plan.Plan;
import org.compass.solver.schedule.ScheduleMode;

/**
 * Issue 12, item 4: where the scheduling gain comes from. For each network, chip and batch: the dp plan's
 * phase latency (under the cost model asked for), the same plan scheduled ({@link WriteScheduler}), the joint DP's result ({@link DpJointScheduler},
 * which keeps the dp plan's schedule as a candidate), the bounds, and the DRAM floor (every weight byte read once
 * at the chip's DRAM bandwidth: no plan or schedule is faster, under either cost model). One markdown row per case, printed
 * as soon as it is measured.
 *
 * The joint column's seconds are the DP's alone (on top of the dp plan's schedule, its starting candidate).
 *
 * <p>Usage: {@code JointDpBench [schedule-seconds] [joint-seconds] [mode] [networks,...] [chips,...] [batches,...]
 * [cost-model]}; defaults 5, 10, full, resnet18,vgg16,squeezenet1_0,mobilenet_v2,vit_b_16,
 * compass-s,compass-m,compass-l,rram,pcm, 1,16, v2 (the default). CP-SAT uses {@link WriteScheduler#DEFAULT_WORKERS} workers for the dp plan's schedule.
 */
public final class JointDpBench {

    private JointDpBench() {
    }

    public static void main(String[] args) {
        double scheduleSeconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        double jointSeconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        ScheduleMode mode = args.length > 2 ? ScheduleMode.valueOf(args[2].toUpperCase(Locale.ROOT)) : ScheduleMode.FULL;
        List<String> nets = args.length > 3 ? Arrays.asList(args[3].split(","))
                : List.of("resnet18", "vgg16", "squeezenet1_0", "mobilenet_v2", "vit_b_16");
        List<String> chips = args.length > 4 ? Arrays.asList(args[4].split(","))
                : List.of("compass-s", "compass-m", "compass-l", "rram", "pcm");
        List<Integer> batches = new ArrayList<>();
        for (String b : (args.length > 5 ? args[5] : "1,16").split(",")) {
            batches.add(Integer.parseInt(b));
        }
        CostModelVersion version = args.length > 6 ? CostModelVersion.byLabel(args[6]) : CostModelVersion.DEFAULT;
        if (version == null) {
            throw new IllegalArgumentException("cost model: expected v1 or v2, got '" + args[6] + "'");
        }
        System.out.printf(Locale.ROOT, "mode %s, cost model %s, dp plan scheduled for %.1f s, joint dp for %.1f s%n%n",
                mode.label(), version.label(), scheduleSeconds, jointSeconds);
        System.out.println("| network | chip | batch | parts dp / joint | phases (" + version.label() + ") | dp plan scheduled | joint |"
                + " gain dp sched / joint | dp plan bound | joint bound (windows) | DRAM floor | phases / floor |"
                + " s sched / joint |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (String net : nets) {
            for (String chip : chips) {
                for (int batch : batches) {
                    System.out.println(row(net, chip, batch, mode, scheduleSeconds, jointSeconds, version));
                    System.out.flush();
                }
            }
        }
    }

    static String row(String net, String chip, int batch, ScheduleMode mode, double scheduleSeconds,
                      double jointSeconds, CostModelVersion version) {
        String head = String.format(Locale.ROOT, "| %s | %s | %d |", net, chip, batch);
        try {
            Hardware hw = HardwarePresets.byName(chip).orElseThrow();
            Problem problem = Problem.of(Zoo.build(net).orElseThrow(), hw, batch, Objective.LATENCY, PipelineMode.ROW,
                    ReplicationSet.DEFAULT).withCostModel(version);
            SolveResult solved = new DpFormulation().solve(SolveRequest.of(problem));
            if (!solved.hasPlan()) {
                return head + " no plan: " + solved.message() + " |";
            }
            Plan plan = solved.plan();
            long t0 = System.nanoTime();
            ScheduleResult sched = WriteScheduler.schedule(problem, plan, mode, scheduleSeconds,
                    WriteScheduler.DEFAULT_WORKERS, 1);
            double schedSeconds = (System.nanoTime() - t0) / 1e9;
            // the joint DP starts from the same schedule of the dp plan (its candidate), and has jointSeconds more
            DpJointScheduler.Result joint = DpJointScheduler.optimize(problem, sched, mode, jointSeconds,
                    WriteScheduler.DEFAULT_WORKERS, 1, Cancellation.NEVER, ProgressListener.NONE);
            double phases = sched.evaluation().phaseSeconds();
            long weightBytes = 0;
            for (Unit u : problem.graph().units()) {
                weightBytes += u.weightBytes();
            }
            double floor = weightBytes / hw.dramBytesPerSecond();
            ScheduleResult j = joint.schedule();
            return String.format(Locale.ROOT, "%s %d / %d | %s | %s %s | %s %s (%s) | %.3fx / %.3fx | %s | %s%s | %s |"
                            + " %.2fx | %.1f / %.1f |", head, plan.size(), joint.plan().size(), us(phases),
                    us(sched.makespanSeconds()), abbrev(sched), us(j.makespanSeconds()), abbrev(j), joint.source(),
                    phases / sched.makespanSeconds(), phases / j.makespanSeconds(), us(sched.boundSeconds()),
                    us(joint.dpSeconds()), joint.converged() ? " (proved)" : "", us(floor), phases / floor,
                    schedSeconds, joint.seconds());
        } catch (RuntimeException e) {
            return head + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage() + " |";
        }
    }

    private static String abbrev(ScheduleResult s) {
        return s.status() == org.compass.solver.Status.OPTIMAL ? "OPT" : "FEA";
    }

    private static String us(double seconds) {
        return String.format(Locale.ROOT, "%.1f us", seconds * 1e6);
    }
}
