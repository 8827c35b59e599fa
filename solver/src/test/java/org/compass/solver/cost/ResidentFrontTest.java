package org.compass.solver.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.network.Activation;
import org.compass.model.network.Network;
import org.compass.model.network.NetworkBuilder;
import org.compass.model.network.Shape;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.problem.ResidentMode;
import org.compass.solver.control.Cancellation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The options of one partition with resident weights under cost model v2 ({@link ResidentFront}) against enumeration
 * of every (replication vector, resident subset) of its weighted units, every factor of the problem tried: every
 * enumerated choice is beaten (no better in cost, resident crossbars and streamed crossbars) by an option kept, and
 * every option kept is a real choice at its exact cost. With the search stopped at a few subtrees, every enumerated
 * choice is beaten by an option kept or by a floor point. Ranges of seeded random networks of convolutions and
 * fully connected layers whose tiles differ in rows (so that the program phase v2's averages matter), on a chip of
 * 12 crossbars, batch 1 and 4, both pipelines, latency and energy.
 */
class ResidentFrontTest {

    /** 16x16 crossbars, 4-bit weights on 1-bit cells, 2 cores x 6 crossbars, writes of 50 ns a row. */
    static Hardware chip() {
        return new Hardware("twelve", 16, 16, 1, 4, 4, 2, 6, 1, 100e-9, 50e-9, 1e9, 5e-12, 44e-12, 1e-11, 0.01);
    }

    /** A chain of 3 to 6 convolutions (1x1 or 3x3) and fully connected layers of 2 to 16 channels. */
    static Network network(long seed) {
        Random rnd = new Random(seed);
        NetworkBuilder b = new NetworkBuilder("resident" + seed);
        int[] maps = {1, 2, 4};
        int[] channels = {2, 3, 5, 8, 12, 16};
        int x = b.input("input", new Shape(channels[rnd.nextInt(channels.length)], maps[rnd.nextInt(3)],
                maps[rnd.nextInt(3)]));
        int layers = 3 + rnd.nextInt(4);
        for (int k = 0; k < layers; k++) {
            int out = channels[rnd.nextInt(channels.length)];
            Shape in = b.shape(x);
            // at most 8 row tiles a layer, so that every layer fits the chip
            if ((k == layers - 1 || rnd.nextInt(4) == 0) && in.channels() * in.height() * in.width() <= 128) {
                x = b.fc("fc" + k, x, out, false, Activation.NONE);
            } else {
                boolean wide = rnd.nextBoolean() && in.channels() <= 8;
                x = b.conv("conv" + k, x, out, wide ? 3 : 1, 1, wide ? 1 : 0, Activation.RELU);
            }
        }
        return b.build();
    }

    /** Every choice of the units' weighted units: its cost, resident and streamed crossbars. */
    private static List<ResidentChooser.Option> enumerate(CostModel cm, int[] units) {
        MappedGraph g = cm.problem().graph();
        int[] factors = cm.problem().replication().toArray();
        long chip = cm.problem().hardware().crossbars();
        List<Integer> weighted = new ArrayList<>();
        for (int i = 0; i < units.length; i++) {
            if (g.unit(units[i]).weighted()) {
                weighted.add(i);
            }
        }
        int choices = 2 * factors.length;
        long combos = 1;
        for (int k = 0; k < weighted.size(); k++) {
            combos *= choices;
        }
        List<ResidentChooser.Option> all = new ArrayList<>();
        for (long code = 0; code < combos; code++) {
            int[] rep = new int[units.length];
            boolean[] res = new boolean[units.length];
            Arrays.fill(rep, 1);
            long c = code;
            long rho = 0;
            long s = 0;
            for (int i : weighted) {
                int k = (int) (c % choices);
                c /= choices;
                rep[i] = factors[k / 2];
                res[i] = k % 2 == 1;
                long x = (long) rep[i] * g.unit(units[i]).crossbars();
                if (res[i]) {
                    rho += x;
                } else {
                    s += x;
                }
            }
            if (rho + s <= chip) {
                all.add(new ResidentChooser.Option(rep, res, cm.cost(units, rep, res), rho, s));
            }
        }
        return all;
    }

    private static boolean beats(ResidentChooser.Option a, ResidentChooser.Option b, Objective objective) {
        return !ReplicationChooser.better(b.cost(), a.cost(), objective)
                && a.residentCrossbars() <= b.residentCrossbars() && a.streamedCrossbars() <= b.streamedCrossbars();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void theOptionsBeatEveryChoiceAndAreReal(long seed) {
        Network net = network(seed);
        int ranges = 0;
        for (int batch : new int[] {1, 4}) {
            for (PipelineMode pipeline : PipelineMode.values()) {
                for (Objective objective : List.of(Objective.LATENCY, Objective.ENERGY)) {
                    Problem p = Problem.of(net, chip(), batch, objective, pipeline,
                            new ReplicationSet(List.of(1, 2, 4))).withCostModel(CostModelVersion.V2)
                            .withResident(ResidentMode.AUTO);
                    CostModel cm = new CostModel(p);
                    int n = p.graph().size();
                    for (int i = 0; i < n; i++) {
                        long crossbars = 0;
                        for (int j = i + 1; j <= n; j++) {
                            crossbars += p.graph().unit(j - 1).crossbars();
                            if (crossbars > p.hardware().crossbars()) {
                                break;
                            }
                            int[] units = java.util.stream.IntStream.range(i, j).toArray();
                            String where = "seed " + seed + " B" + batch + " " + pipeline + " " + objective
                                    + " units " + i + ".." + (j - 1);
                            check(cm, units, objective, where);
                            ranges++;
                        }
                    }
                }
            }
        }
        assertTrue(ranges > 0);
    }

    private static void check(CostModel cm, int[] units, Objective objective, String where) {
        List<ResidentChooser.Option> all = enumerate(cm, units);
        ResidentChooser.Front front = ResidentChooser.front(cm, units, objective, Cancellation.NEVER);
        assertTrue(front.proven(), where + ": the full search is proven");
        for (ResidentChooser.Option o : front.options()) {
            PartitionCost exact = cm.cost(units, o.replication(), o.resident());
            assertEquals(exact.seconds(), o.cost().seconds(), 0, where);
            assertEquals(exact.joules(), o.cost().joules(), 0, where);
            long rho = 0;
            long s = 0;
            for (int i = 0; i < units.length; i++) {
                long x = (long) o.replication()[i] * cm.problem().graph().unit(units[i]).crossbars();
                if (cm.problem().graph().unit(units[i]).weighted()) {
                    if (o.resident()[i]) {
                        rho += x;
                    } else {
                        s += x;
                    }
                }
            }
            assertEquals(rho, o.residentCrossbars(), where);
            assertEquals(s, o.streamedCrossbars(), where);
        }
        for (ResidentChooser.Option e : all) {
            assertTrue(front.options().stream().anyMatch(o -> beats(o, e, objective)), where + ": the choice "
                    + Arrays.toString(e.replication()) + " resident " + Arrays.toString(e.resident()) + " (" + e.cost()
                    .seconds() + " s, " + e.cost().joules() + " J, rho " + e.residentCrossbars() + ", s "
                    + e.streamedCrossbars() + ") is beaten by no option");
        }
        // stopped after a few subtrees: what was not seen is beaten by a floor point
        for (long budget : new long[] {0, 1, 3, 8}) {
            ResidentChooser.Front stopped = ResidentFront.search(cm, units, objective, Cancellation.NEVER,
                    Long.MAX_VALUE, List.of(), budget);
            for (ResidentChooser.Option e : all) {
                assertTrue(stopped.options().stream().anyMatch(o -> beats(o, e, objective))
                        || stopped.floors().stream().anyMatch(o -> beats(o, e, objective)), where + " budget "
                        + budget + ": a choice beaten by neither an option nor a floor point");
            }
            if (!stopped.proven()) {
                assertTrue(stopped.floors().stream().allMatch(f -> f.replication() == null), where);
            }
        }
    }
}
