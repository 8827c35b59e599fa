package org.compass.solver.cost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Tensor;
import org.compass.model.network.Activation;
import org.compass.model.network.Network;
import org.compass.model.network.NetworkBuilder;
import org.compass.model.network.Shape;
import org.compass.model.network.Window;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 5: the linear-time DRAM peak, the partition DRAM bytes without a flag per graph unit and the
 * incremental range pricing ({@link RangeScan}) give bit for bit what the previous, obvious algorithms gave (kept
 * here as references), on seeded random DAGs whose large layers are split into column slices.
 */
class ScaleEquivalenceTest {

    /** A random DAG of convolutions, adds and concats on a 16-crossbar chip: wide layers become column slices. */
    static Problem randomProblem(long seed, PipelineMode pipeline, int batch) {
        Random random = new Random(seed);
        NetworkBuilder b = new NetworkBuilder("random" + seed);
        List<Integer> nodes = new ArrayList<>();
        nodes.add(b.input("input", new Shape(16, 8, 8)));
        int layers = 12 + random.nextInt(20);
        for (int i = 0; i < layers; i++) {
            int from = nodes.get(random.nextInt(nodes.size()));
            Shape s = b.shape(from);
            int op = random.nextInt(6);
            if (op == 0 && nodes.size() > 1) {
                int other = nodes.get(random.nextInt(nodes.size()));
                if (b.shape(other).equals(s) && other != from) {
                    nodes.add(b.add("add" + i, List.of(from, other), Activation.NONE));
                    continue;
                }
            }
            if (op == 1 && nodes.size() > 1) {
                int other = nodes.get(random.nextInt(nodes.size()));
                Shape o = b.shape(other);
                if (other != from && o.height() == s.height() && o.width() == s.width()
                        && s.channels() + o.channels() <= 2048) {
                    nodes.add(b.concat("cat" + i, List.of(from, other)));
                    continue;
                }
            }
            int out = new int[] {16, 64, 256, 1024}[random.nextInt(4)];
            int kernel = s.channels() * 9 <= 4096 && random.nextBoolean() ? 3 : 1;
            int stride = s.height() >= 2 && random.nextInt(3) == 0 ? 2 : 1;
            nodes.add(b.conv("conv" + i, from, out, new Window(kernel, kernel, stride, stride, kernel / 2, kernel / 2,
                    1, 1, false), 1, false, Activation.RELU));
        }
        Network net = b.build();
        return Problem.of(net, HardwarePresets.compass("tiny", 1), batch, Objective.THROUGHPUT, pipeline,
                random.nextBoolean() ? ReplicationSet.DEFAULT : new ReplicationSet(List.of(1, 3, 5, 16)))
                        .withCostModel(CostModelVersion.V1);
    }

    /** The DRAM peak as it was computed before: every boundary x every tensor x every consumer. */
    static long quadraticDramPeakBytes(Problem problem, Plan plan) {
        MappedGraph graph = problem.graph();
        int[] part = plan.partitionOfUnits(graph.size());
        int parts = plan.size();
        long peak = 0;
        for (int b = 0; b <= parts; b++) {
            long alive = 0;
            for (Tensor t : graph.tensors()) {
                int produced = t.producer() < 0 ? -1 : part[t.producer()];
                int lastUse = t.keptInDram() ? parts : -1;
                for (int c : t.consumers()) {
                    lastUse = Math.max(lastUse, part[c]);
                }
                if (produced < b && lastUse >= b) {
                    alive += t.bytes();
                }
            }
            peak = Math.max(peak, alive);
        }
        return peak * problem.batch();
    }

    /** Bytes read from outside as they were computed before (a list of seen tensors, a flag per graph unit). */
    static long referenceInBytes(MappedGraph graph, int[] units) {
        boolean[] inside = new boolean[graph.size()];
        for (int u : units) {
            inside[u] = true;
        }
        long bytes = 0;
        List<Integer> seen = new ArrayList<>();
        for (int u : units) {
            for (int t : graph.unit(u).inputTensors()) {
                Tensor tensor = graph.tensor(t);
                if ((tensor.producer() < 0 || !inside[tensor.producer()]) && !seen.contains(t)) {
                    seen.add(t);
                    bytes += tensor.bytes();
                }
            }
        }
        return bytes;
    }

    /** A plan of random contiguous ranges, or (every other call) of units dealt to partitions at random. */
    static Plan randomPlan(Random random, int n, boolean contiguous) {
        List<Partition> parts = new ArrayList<>();
        if (contiguous) {
            int i = 0;
            while (i < n) {
                int j = Math.min(n, i + 1 + random.nextInt(4));
                int[] units = new int[j - i];
                int[] rep = new int[j - i];
                for (int u = i; u < j; u++) {
                    units[u - i] = u;
                    rep[u - i] = 1;
                }
                parts.add(Partition.of(units, rep));
                i = j;
            }
            return new Plan(parts);
        }
        int k = 1 + random.nextInt(Math.max(1, n / 2));
        List<List<Integer>> dealt = new ArrayList<>();
        for (int p = 0; p < k; p++) {
            dealt.add(new ArrayList<>());
        }
        for (int u = 0; u < n; u++) {
            dealt.get(u < k ? u : random.nextInt(k)).add(u);
        }
        for (List<Integer> units : dealt) {
            parts.add(new Partition(units, units.stream().map(u -> 1).toList()));
        }
        return new Plan(parts);
    }

    @Test
    void theDramPeakEqualsTheQuadraticDefinition() {
        int sliced = 0;
        for (long seed = 1; seed <= 60; seed++) {
            Problem p = randomProblem(seed, PipelineMode.ROW, 1 + (int) (seed % 5) * 4);
            MappedGraph g = p.graph();
            sliced += g.units().stream().anyMatch(u -> u.slices() > 1) ? 1 : 0;
            CostModel cm = new CostModel(p);
            Random random = new Random(seed);
            for (int k = 0; k < 6; k++) {
                Plan plan = randomPlan(random, g.size(), k % 2 == 0);
                assertEquals(quadraticDramPeakBytes(p, plan), cm.dramPeakBytes(plan), "seed " + seed + " plan " + k);
            }
        }
        assertTrue(sliced >= 20, "the random networks exercise column slices: " + sliced + " of 60");
    }

    @Test
    void partitionBytesEqualTheFlagPerUnitComputation() {
        for (long seed = 1; seed <= 40; seed++) {
            Problem p = randomProblem(seed, PipelineMode.ROW, 4);
            MappedGraph g = p.graph();
            CostModel cm = new CostModel(p);
            Random random = new Random(seed);
            for (Partition part : randomPlan(random, g.size(), false).partitions()) {
                int[] units = part.unitArray();
                boolean[] inside = new boolean[g.size()];
                for (int u : units) {
                    inside[u] = true;
                }
                assertEquals(referenceInBytes(g, units), cm.inBytes(units), "seed " + seed);
                assertEquals(referenceInBytes(g, units), cm.inBytes(units, inside), "seed " + seed);
                assertEquals(cm.outBytes(units, inside), cm.outBytes(units), "seed " + seed);
            }
        }
    }

    /** Every range's options, costs and replications as {@link ReplicationChooser#options} gives them. */
    @Test
    void theRangeScanGivesTheChoosersOptionsBitForBit() {
        int ranges = 0;
        for (long seed = 1; seed <= 40; seed++) {
            for (PipelineMode mode : PipelineMode.values()) {
                Problem p = randomProblem(seed, mode, 1 + (int) (seed % 3) * 8);
                MappedGraph g = p.graph();
                CostModel cm = new CostModel(p);
                RangeScan scan = new RangeScan(cm);
                long chip = p.hardware().crossbars();
                for (int i = 0; i < g.size(); i++) {
                    scan.start(i);
                    long crossbars = 0;
                    for (int j = i + 1; j <= g.size(); j++) {
                        crossbars += g.unit(j - 1).crossbars();
                        if (crossbars > chip) {
                            break;
                        }
                        scan.extend();
                        int[] units = new int[j - i];
                        for (int u = i; u < j; u++) {
                            units[u - i] = u;
                        }
                        List<ReplicationChooser.Option> expected = ReplicationChooser.options(cm, units);
                        List<RangeScan.Choice> actual = scan.choices();
                        String where = "seed " + seed + " " + mode + " range [" + i + ", " + j + ")";
                        assertEquals(expected.size(), actual.size(), where);
                        for (int k = 0; k < expected.size(); k++) {
                            assertEquals(expected.get(k).cost(), actual.get(k).cost(), where + " option " + k);
                            assertArrayEquals(expected.get(k).replication(),
                                    scan.replication(i, j, actual.get(k).period()), where + " option " + k);
                        }
                        for (Objective o : Objective.values()) {
                            ReplicationChooser.Option best = ReplicationChooser.best(cm, units, o);
                            RangeScan.Choice c = scan.best(o);
                            assertEquals(best == null, c == null, where);
                            if (best != null) {
                                assertEquals(best.cost(), c.cost(), where + " " + o);
                            }
                        }
                        ranges++;
                    }
                }
            }
        }
        assertTrue(ranges > 1000, ranges + " ranges compared");
    }
}
