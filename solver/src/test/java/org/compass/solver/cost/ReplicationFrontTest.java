package org.compass.solver.cost;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.zoo.Zoo;
import org.compass.solver.control.Cancellation;
import org.junit.jupiter.api.Test;

/**
 * {@link ReplicationFront}: where a search stops, every replication vector of the units is beaten by an option or
 * lies at or above an unexplored point, in time and in energy. Checked on every fitting vector (every factor of the
 * set) of SqueezeNet's ranges of five weighted units on compass-s, at batch 1 and 16, row and image pipeline, the
 * search stopped after 5, 50 and 500 nodes. Some vectors are covered by an unexplored point only, so a front that
 * dropped those points would fail.
 */
class ReplicationFrontTest {

    private static final double ROUNDING = 1e-12;

    @Test
    void everyVectorIsBeatenByAnOptionOrAboveAnUnexploredPoint() {
        int stopped = 0;
        long vectors = 0;
        long onlyUnexplored = 0;
        for (int batch : new int[] {1, 16}) {
            for (PipelineMode pipeline : PipelineMode.values()) {
                CostModel cm = new CostModel(Problem.of(Zoo.build("squeezenet1_0").orElseThrow(),
                        HardwarePresets.byName("compass-s").orElseThrow(), batch, Objective.EDP, pipeline,
                        ReplicationSet.DEFAULT).withCostModel(CostModelVersion.V2));
                for (int from = 0; from + 8 <= cm.problem().graph().size(); from += 7) {
                    int[] units = fiveWeighted(cm, from);
                    for (long budget : new long[] {5, 50, 500}) {
                        ReplicationFront front = ReplicationChooser.front(cm, units, budget, Cancellation.NEVER);
                        if (front.proven()) {
                            continue;
                        }
                        stopped++;
                        String what = "B" + batch + " " + pipeline + " from " + from + " budget " + budget;
                        for (int[] rep : fitting(cm, units)) {
                            PartitionCost c = cm.cost(units, rep);
                            boolean byOption = front.options().stream().anyMatch(o -> below(o.cost().seconds(),
                                    o.cost().joules(), c));
                            boolean byPoint = front.unexplored().stream().anyMatch(p -> below(p.seconds(),
                                    p.joules(), c));
                            assertTrue(byOption || byPoint, what + ": " + java.util.Arrays.toString(rep) + " ("
                                    + c.seconds() + " s, " + c.joules() + " J) below the front and every point");
                            vectors++;
                            onlyUnexplored += byOption ? 0 : 1;
                        }
                    }
                }
            }
        }
        System.out.printf("replication fronts: %d stopped searches, %d vectors checked, %d beaten by no option%n",
                stopped, vectors, onlyUnexplored);
        assertTrue(stopped >= 10, "only " + stopped + " searches stopped: the test exercises little");
        assertTrue(onlyUnexplored > 0, "every vector was beaten by an option: dropping the points would pass too");
    }

    private static boolean below(double seconds, double joules, PartitionCost c) {
        return seconds <= c.seconds() * (1 + ROUNDING) && joules <= c.joules() * (1 + ROUNDING);
    }

    /** The units from {@code from} on up to and including the fifth weighted one. */
    private static int[] fiveWeighted(CostModel cm, int from) {
        int to = from;
        for (int weighted = 0; weighted < 5 && to < cm.problem().graph().size(); to++) {
            weighted += cm.problem().graph().unit(to).weighted() ? 1 : 0;
        }
        return IntStream.range(from, to).toArray();
    }

    /** Every replication vector of the units that fits on the chip, each weighted unit at every factor of the set. */
    private static List<int[]> fitting(CostModel cm, int[] units) {
        int[] factors = cm.problem().replication().toArray();
        List<int[]> out = new java.util.ArrayList<>();
        fill(cm, units, factors, 0, new int[units.length], 0, out);
        return out;
    }

    private static void fill(CostModel cm, int[] units, int[] factors, int i, int[] rep, long crossbars,
                             List<int[]> out) {
        if (crossbars > cm.problem().hardware().crossbars()) {
            return;
        }
        if (i == units.length) {
            out.add(rep.clone());
            return;
        }
        var unit = cm.problem().graph().unit(units[i]);
        for (int r : unit.weighted() ? factors : new int[] {1}) {
            rep[i] = r;
            fill(cm, units, factors, i + 1, rep, crossbars + (long) r * unit.crossbars(), out);
        }
    }
}
