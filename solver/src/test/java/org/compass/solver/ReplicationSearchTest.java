package org.compass.solver;

import static org.junit.jupiter.api.Assertions.assertFalse;
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
        int[] all = IntStream.range(0, cm.problem().graph().size()).toArray();
        ReplicationChooser.Option o = ReplicationChooser.best(cm, all, Objective.LATENCY);
        assertFalse(o.proven(), "the whole of SqueezeNet on compass-s exceeds the node budget");
        assertTrue(o.floorSeconds() > 0 && o.floorSeconds() < o.cost().seconds(), o.toString());
        assertTrue(o.floorJoules() > 0 && o.floorJoules() <= o.cost().joules(), o.toString());
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
}
