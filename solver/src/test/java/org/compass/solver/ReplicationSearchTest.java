package org.compass.solver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.zoo.Zoo;
import org.junit.jupiter.api.Test;

/** The exact replication search of cost model v2: its best is on its front, and it is honest when it stops early. */
class ReplicationSearchTest {

    private static Problem squeezenet(int batch) {
        return Problem.of(Zoo.build("squeezenet1_0").orElseThrow(), HardwarePresets.byName("compass-s").orElseThrow(),
                batch, Objective.LATENCY, PipelineMode.ROW, ReplicationSet.DEFAULT).withCostModel(CostModelVersion.V2);
    }

    @Test
    void aStoppedSearchKeepsAFloorBelowWhatItFound() {
        CostModel cm = new CostModel(squeezenet(1));
        int n = cm.problem().graph().size();
        ReplicationChooser.Option stopped = null;
        // some long range of SqueezeNet at batch 1 exceeds the node budget (the DP reports FEASIBLE there)
        for (int from = 0; from < n && stopped == null; from++) {
            for (int to = n; to >= from + 15 && stopped == null; to--) {
                ReplicationChooser.Option o = ReplicationChooser.best(cm, IntStream.range(from, to).toArray(),
                        Objective.LATENCY);
                if (o != null && !o.proven()) {
                    stopped = o;
                }
            }
        }
        assertTrue(stopped != null, "no range exceeded the budget: the check below would not run");
        assertTrue(stopped.floorSeconds() > 0 && stopped.floorSeconds() < stopped.cost().seconds(), stopped.toString());
        assertTrue(stopped.floorJoules() > 0 && stopped.floorJoules() <= stopped.cost().joules(), stopped.toString());
    }

    @Test
    void theBestIsTheFastestPointOfTheFront() {
        CostModel cm = new CostModel(squeezenet(16));
        for (int from = 0; from < 30; from += 3) {
            int[] units = IntStream.range(from, from + 8).toArray();
            ReplicationChooser.Option searched = ReplicationChooser.best(cm, units, Objective.LATENCY);
            for (ReplicationChooser.Option o : ReplicationChooser.options(cm, units)) {
                assertTrue(searched.cost().seconds() <= o.cost().seconds(), "units from " + from);
            }
            assertTrue(searched.proven(), "eight units are searched to the end");
        }
    }

    /**
     * Issue 16, item 3: a cancelled token stops the search as its node budget does; what it returns is still a
     * fitting replication, never better than the exact one, with floors no higher than the exact optimum.
     */
    @Test
    void aCancelledSearchStopsWithAnHonestFloor() {
        CostModel cm = new CostModel(squeezenet(16));
        Cancellation cancel = new Cancellation();
        cancel.cancel("test");
        int stopped = 0;
        for (int from = 0; from < 30; from += 3) {
            int[] units = IntStream.range(from, from + 8).toArray();
            ReplicationChooser.Option exact = ReplicationChooser.best(cm, units, Objective.LATENCY);
            ReplicationChooser.Option cut = ReplicationChooser.best(cm, units, Objective.LATENCY, cancel);
            assertTrue(cut != null && exact.proven(), "units from " + from);
            assertTrue(cut.cost().seconds() >= exact.cost().seconds(), "units from " + from);
            assertTrue(cut.floorSeconds() <= exact.cost().seconds(), "units from " + from + ": " + cut);
            assertTrue(cut.floorJoules() <= cut.cost().joules(), "units from " + from + ": " + cut);
            for (ReplicationChooser.Option o : ReplicationChooser.options(cm, units, cancel)) {
                assertTrue(o.floorSeconds() <= o.cost().seconds() && o.floorJoules() <= o.cost().joules());
            }
            if (!cut.proven()) {
                stopped++;
            }
        }
        assertTrue(stopped > 0, "no search was cut short: the token was not checked");
    }
}
