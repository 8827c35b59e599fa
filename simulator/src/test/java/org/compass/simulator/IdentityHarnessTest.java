package org.compass.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.compass.formulations.baseline.GreedyFormulation;
import org.compass.formulations.baseline.LayerwiseFormulation;
import org.compass.formulations.dp.DpFormulation;
import org.compass.formulations.schedule.ScheduleResult;
import org.compass.model.network.Node;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.solver.Plan;
import org.compass.solver.ScheduleMode;
import org.compass.solver.SolveRequest;
import org.junit.jupiter.api.Test;

/** THROW-AWAY identity harness for the Simulator refactoring (not committed). */
class IdentityHarnessTest {

    interface Engine {
        SimulationResult run(Program p, ChipModel chip, FunctionalModel f);
    }

    static final Engine NEW = (p, c, f) -> Simulator.prepare(p).run(c, f);
    static final Engine OLD = (p, c, f) -> BaselineSimulator.prepare(p).run(c, f);

    static final Path OUT = Path.of(System.getProperty("identity.out", "/tmp/identity/current"));

    long fieldsCompared;
    long casesCompared;

    static String d(double v) {
        return Double.toString(v) + " [" + Long.toHexString(Double.doubleToRawLongBits(v)) + "]";
    }

    static List<String> fields(SimulationResult r) {
        List<String> o = new ArrayList<>();
        o.add("latencySeconds=" + d(r.latencySeconds()));
        o.add("energyJoules=" + d(r.energyJoules()));
        o.add("writeJoules=" + d(r.writeJoules()));
        o.add("dramJoules=" + d(r.dramJoules()));
        o.add("mvmJoules=" + d(r.mvmJoules()));
        o.add("staticJoules=" + d(r.staticJoules()));
        o.add("dramBytes=" + r.dramBytes());
        o.add("dramPeakBytes=" + r.dramPeakBytes());
        o.add("rowsWritten=" + r.rowsWritten());
        o.add("allocatedUtilization=" + d(r.allocatedUtilization()));
        o.add("activeUtilization=" + d(r.activeUtilization()));
        o.add("peakBufferBytes=" + r.peakBufferBytes());
        o.add("events=" + r.events());
        o.add("partitions.size=" + r.partitions().size());
        for (PartitionTrace t : r.partitions()) {
            String p = "  p" + t.partition() + ".";
            o.add(p + "partition=" + t.partition());
            o.add(p + "startSeconds=" + d(t.startSeconds()));
            o.add(p + "programDoneSeconds=" + d(t.programDoneSeconds()));
            o.add(p + "endSeconds=" + d(t.endSeconds()));
            o.add(p + "crossbars=" + t.crossbars());
            o.add(p + "rowsWritten=" + t.rowsWritten());
            o.add(p + "dramBytes=" + t.dramBytes());
            o.add(p + "writeJoules=" + d(t.writeJoules()));
            o.add(p + "dramJoules=" + d(t.dramJoules()));
            o.add(p + "mvmJoules=" + d(t.mvmJoules()));
            o.add(p + "busyCrossbarSeconds=" + d(t.busyCrossbarSeconds()));
        }
        return o;
    }

    static List<String> outcome(Engine e, Program p, ChipModel chip, FunctionalModel f) {
        try {
            return fields(e.run(p, chip, f));
        } catch (SimulationException x) {
            return List.of("exception.message=" + x.getMessage(), "exception.instruction=" + x.instruction(),
                    "exception.core=" + x.core(), "exception.time=" + d(x.time()));
        }
    }

    /** Runs old and new, asserts identical, appends to out. */
    void compare(List<String> out, String name, Program p, ChipModel chip) {
        List<String> oldF = outcome(OLD, p, chip, null);
        List<String> newF = outcome(NEW, p, chip, null);
        assertEquals(oldF, newF, name);
        out.add("== " + name + " listing#" + Integer.toHexString(p.listing().hashCode()));
        out.addAll(newF);
        fieldsCompared += newF.size();
        casesCompared++;
    }

    static Problem variant(Problem base, int batch, PipelineMode mode) {
        return Problem.of(base.network(), base.hardware(), batch, base.objective(), mode, base.replication());
    }

    @Test
    void identity() throws Exception {
        Files.createDirectories(OUT);
        List<String> required = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        List<Program> requiredPrograms = new ArrayList<>();
        for (String file : List.of("resnet.yaml", "vgg.yaml", "squeezenet.yaml")) {
            Problem base = CostModelAgreementTest.problem(file);
            for (int batch : new int[] {1, 16}) {
                for (PipelineMode mode : PipelineMode.values()) {
                    Problem problem = variant(base, batch, mode);
                    String name = file + " batch " + batch + " " + mode;
                    Plan plan = new DpFormulation().solve(SolveRequest.of(problem)).plan();
                    Program program = Lowering.lower(problem, plan);
                    requiredPrograms.add(program);
                    ChipModel def = ChipModel.defaults(problem.hardware());
                    compare(required, name + " dp default", program, def);
                    // the public API entry points give the same as the baseline
                    List<String> ref = fields(BaselineSimulator.run(program));
                    assertEquals(ref, fields(Simulator.run(program)), name);
                    assertEquals(ref, fields(Simulator.run(program, def)), name);
                    assertEquals(ref, fields(Simulator.run(program, def, null)), name);
                    Simulator prepared = Simulator.prepare(program);
                    assertEquals(program, prepared.program());
                    assertEquals(ref, fields(prepared.run()), name);
                    fieldsCompared += 5L * ref.size();
                    // extras: chips that provoke violations or change contention
                    compare(extra, name + " dp buffer 20000", program, def.withBuffer(20_000));
                    compare(extra, name + " dp buffer 1MiB", program, def.withBuffer(1 << 20));
                    compare(extra, name + " dp lookahead 1", program, new ChipModel(def.bufferBytesPerCore(),
                            def.linkBytesPerSecond(), def.linkLatencySeconds(), def.vectorElementsPerSecond(), 1,
                            def.adcBits()));
                    compare(extra, name + " dp slow links/vector", program, new ChipModel(def.bufferBytesPerCore(),
                            def.linkBytesPerSecond() / 50, def.linkLatencySeconds() * 10,
                            def.vectorElementsPerSecond() / 50, 2, def.adcBits()));
                    assertEquals(ref, fields(prepared.run()), name + " after violation runs");
                    compare(extra, name + " greedy", Lowering.lower(problem,
                            new GreedyFormulation().solve(SolveRequest.of(problem)).plan()), def);
                    compare(extra, name + " layerwise", Lowering.lower(problem,
                            new LayerwiseFormulation().solve(SolveRequest.of(problem)).plan()), def);
                    compare(extra, name + " dp eager writes", Lowering.lower(problem, plan,
                            new LoweringOptions(WriteOrder.AS_LOWERED, false)), def);
                    compare(extra, name + " dp late writes", Lowering.lower(problem, plan, new LoweringOptions(
                            (pp, core, port, writes) -> writes.stream().map(w -> w.withNotBefore(1e-4 * (pp + 1)))
                                    .toList(), true)), def);
                    compare(extra, name + " dp no weights for a layer", program.map(i -> i.op() == Opcode.WRITE_ROWS
                            && i.unit() == plan.partitions().get(plan.size() - 1).units().stream()
                                    .filter(u -> problem.graph().unit(u).weighted()).findFirst().orElse(-1) ? null : i),
                            def);
                    compare(extra, name + " dp no SEND", program.map(i -> i.op() == Opcode.SEND ? null : i), def);
                    compare(extra, name + " dp no RECV", program.map(i -> i.op() == Opcode.RECV ? null : i), def);
                    compare(extra, name + " dp no STORE_A", program.map(i -> i.op() == Opcode.STORE_A ? null : i), def);
                    compare(extra, name + " dp no LOAD_W", program.map(i -> i.op() == Opcode.LOAD_W ? null : i), def);
                    int firstW = plan.partitions().get(0).units().stream()
                            .filter(u -> problem.graph().unit(u).weighted()).findFirst().orElse(-1);
                    compare(extra, name + " dp no MVM of first", program.map(i -> i.op() == Opcode.MVM
                            && i.unit() == firstW ? null : i), def);
                    compare(extra, name + " dp no VEC", program.map(i -> i.op() == Opcode.VEC ? null : i), def);
                    if (plan.size() >= 2) {
                        List<org.compass.solver.Partition> parts = new ArrayList<>(plan.partitions());
                        org.compass.solver.Partition first = parts.remove(0);
                        parts.add(1, first);
                        compare(extra, name + " dp wrong order", Lowering.lower(problem, new Plan(parts)), def);
                    }
                }
            }
            // write schedules (CP-SAT: not deterministic across JVMs, but old and new see the same program)
            Plan plan = new DpFormulation().solve(SolveRequest.of(base)).plan();
            for (ScheduleMode m : ScheduleMode.values()) {
                ScheduleResult s = ScheduleExecutionTest.schedule(base, plan, m);
                compare(extra, file + " schedule " + m, Lowering.lower(base, plan, s.schedule()),
                        ChipModel.defaults(base.hardware()));
                Program sp = Lowering.lower(base, plan, s.schedule());
                int firstW = plan.partitions().get(0).units().stream()
                        .filter(u -> base.graph().unit(u).weighted()).findFirst().orElse(-1);
                compare(extra, file + " schedule " + m + " no MVM of first", sp.map(i -> i.op() == Opcode.MVM
                        && i.unit() == firstW ? null : i), ChipModel.defaults(base.hardware()));
                compare(extra, file + " schedule " + m + " no WRITE_ROWS of first", sp.map(i -> i.op() == Opcode.WRITE_ROWS
                        && i.unit() == firstW ? null : i), ChipModel.defaults(base.hardware()));
                compare(extra, file + " schedule " + m + " no LOAD_W", sp.map(i -> i.op() == Opcode.LOAD_W ? null : i),
                        ChipModel.defaults(base.hardware()));
            }
        }
        // a whole network in one partition: crossbar does not exist
        {
            Problem problem = CostModelAgreementTest.problem("resnet.yaml");
            int n = problem.graph().size();
            int[] rep = new int[n];
            Arrays.fill(rep, 1);
            compare(extra, "resnet whole", Lowering.lower(problem,
                    new Plan(List.of(org.compass.solver.Partition.range(0, n, rep)))), ChipModel.defaults(problem.hardware()));
        }
        // functional mode: node outputs identical
        for (int k = 0; k < 2; k++) {
            Problem p = k == 0 ? FunctionalTest.problem(3) : variant(FunctionalTest.problem(2), 2, PipelineMode.IMAGE);
            Plan plan = k == 0 ? new DpFormulation().solve(SolveRequest.of(p)).plan()
                    : new LayerwiseFormulation().solve(SolveRequest.of(p)).plan();
            Program program = Lowering.lower(p, plan);
            for (ChipModel chip : List.of(ChipModel.defaults(p.hardware()),
                    ChipModel.defaults(p.hardware()).withAdcBits(ChipModel.losslessAdcBits(p.hardware()) - 3))) {
                FunctionalModel fo = new FunctionalModel(p, 42, chip);
                FunctionalModel fn = new FunctionalModel(p, 42, chip);
                List<String> a = outcome(OLD, program, chip, fo);
                List<String> b = outcome(NEW, program, chip, fn);
                assertEquals(a, b);
                extra.add("== functional " + k + " adc " + chip.adcBits());
                extra.addAll(b);
                fieldsCompared += b.size();
                casesCompared++;
                for (int in = 0; in < p.batch(); in++) {
                    for (Node node : p.network().nodes()) {
                        int[] x = fo.nodeOutput(node.id(), in);
                        int[] y = fn.nodeOutput(node.id(), in);
                        assertEquals(Arrays.toString(x), Arrays.toString(y));
                        extra.add("node " + node.name() + " input " + in + " #" + Arrays.hashCode(y));
                        fieldsCompared += y == null ? 1 : y.length;
                    }
                }
            }
        }
        // thread safety: one prepared simulator, several threads at once
        ExecutorService ex = Executors.newFixedThreadPool(4);
        try {
            for (Program program : requiredPrograms) {
                Simulator prepared = Simulator.prepare(program);
                List<String> ref = fields(BaselineSimulator.run(program));
                List<Future<List<String>>> fs = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    fs.add(ex.submit(() -> fields(prepared.run())));
                }
                for (Future<List<String>> f : fs) {
                    assertEquals(ref, f.get());
                    fieldsCompared += ref.size();
                }
            }
        } finally {
            ex.shutdown();
        }
        write(OUT.resolve("required.txt"), required);
        write(OUT.resolve("extra.txt"), extra);
        String summary = "cases compared old vs new: " + casesCompared + ", fields compared: " + fieldsCompared;
        Files.writeString(OUT.resolve("summary.txt"), summary + "\n");
        System.out.println(summary);
    }

    static void write(Path f, List<String> lines) throws IOException {
        Files.write(f, lines);
    }
}
