package org.compass.solver.cost;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
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

/** The exact replication search of cost model v2: its best is on its front, and it is honest when it stops early. */
class ReplicationSearchTest {

    private static Problem squeezenet(int batch) {
        return squeezenet(batch, PipelineMode.ROW);
    }

    private static Problem squeezenet(int batch, PipelineMode pipeline) {
        return Problem.of(Zoo.build("squeezenet1_0").orElseThrow(), HardwarePresets.byName("compass-s").orElseThrow(),
                batch, Objective.LATENCY, pipeline, ReplicationSet.DEFAULT).withCostModel(CostModelVersion.V2);
    }

    /** A random replication vector of the units that fits on the chip (factors halved until it does). */
    private static int[] randomFit(CostModel cm, int[] units, Random random) {
        int[] factors = cm.problem().replication().toArray();
        int[] rep = new int[units.length];
        long chip = cm.problem().hardware().crossbars();
        for (int i = 0; i < units.length; i++) {
            rep[i] = cm.problem().graph().unit(units[i]).weighted() ? factors[random.nextInt(factors.length)] : 1;
        }
        while (true) {
            long crossbars = 0;
            for (int i = 0; i < units.length; i++) {
                crossbars += (long) rep[i] * cm.problem().graph().unit(units[i]).crossbars();
            }
            if (crossbars <= chip) {
                return rep;
            }
            int i = random.nextInt(units.length);
            rep[i] = Math.max(1, rep[i] / 2);
        }
    }

    /**
     * The chain bound and the search's first bound ({@link ReplicationChooser#quick}'s floors) are floors: no
     * fitting replication of the units costs less, in time or in energy. 60 ranges of SqueezeNet (batch 1 and 16,
     * row and image pipeline), 200 seeded random vectors each.
     */
    @Test
    void theFirstBoundIsBelowEveryFittingReplication() {
        Random random = new Random(11);
        for (int batch : new int[] {1, 16}) {
            for (PipelineMode pipeline : PipelineMode.values()) {
                CostModel cm = new CostModel(squeezenet(batch, pipeline));
                int n = cm.problem().graph().size();
                for (int k = 0; k < 15; k++) {
                    int from = random.nextInt(n - 3);
                    int to = Math.min(n, from + 3 + random.nextInt(25));
                    int[] units = IntStream.range(from, to).toArray();
                    ReplicationChooser.Option quick = ReplicationChooser.quick(cm, units, Objective.LATENCY);
                    if (quick == null) {
                        continue;
                    }
                    for (int t = 0; t < 200; t++) {
                        PartitionCost c = cm.cost(cm.load(units, randomFit(cm, units, random)));
                        String where = "B" + batch + " " + pipeline + " units " + from + ".." + (to - 1);
                        assertTrue(quick.floorSeconds() <= c.seconds() * (1 + 1e-12), where);
                        assertTrue(quick.floorJoules() <= c.joules() * (1 + 1e-12), where);
                    }
                }
            }
        }
    }

    /**
     * The best-first pass ({@link ReplicationSearch#deepen}) is exact where it ends: from the period rule's
     * unproven option it reaches the depth-first search's proven optimum on ranges both search to the end.
     */
    @Test
    void theSecondPassReachesTheFirstPassesOptimum() {
        for (int batch : new int[] {1, 16}) {
            CostModel cm = new CostModel(squeezenet(batch));
            for (int from = 0; from < 30; from += 3) {
                int[] units = IntStream.range(from, from + 8).toArray();
                ReplicationChooser.Option exact = ReplicationChooser.best(cm, units, Objective.LATENCY);
                ReplicationChooser.Option seed = ReplicationChooser.quick(cm, units, Objective.LATENCY);
                ReplicationChooser.Option unproven = seed.withFloor(0, 0);
                ReplicationChooser.Option deep = ReplicationSearch.deepen(cm, units, Objective.LATENCY, unproven,
                        ReplicationSearch.NODE_BUDGET, Cancellation.NEVER);
                assertTrue(exact.proven() && deep.proven(), "B" + batch + " units from " + from);
                assertEquals(exact.cost().seconds(), deep.cost().seconds(), 1e-15, "B" + batch + " units from " + from);
            }
        }
    }

    /**
     * Where the first pass stops at its budget, each later pass finds nothing worse and raises the floor, which
     * stays below every fitting replication (SqueezeNet's long ranges at batch 1, compass-s).
     */
    @Test
    void theSecondPassRaisesTheFloorHonestly() {
        CostModel cm = new CostModel(squeezenet(1));
        Random random = new Random(5);
        int n = cm.problem().graph().size();
        int checked = 0;
        for (int from = 0; from < n && checked < 3; from += 4) {
            int[] units = IntStream.range(from, Math.min(n, from + 20)).toArray();
            ReplicationChooser.Option first = ReplicationChooser.best(cm, units, Objective.LATENCY);
            if (first == null || first.proven()) {
                continue;
            }
            checked++;
            ReplicationChooser.Option known = first;
            for (int pass = 1; pass <= ReplicationChooser.MAX_DEEPEN; pass++) {
                ReplicationChooser.Option deep = ReplicationChooser.deepen(cm, units, Objective.LATENCY, known,
                        pass, Cancellation.NEVER);
                String where = "units from " + from + ", pass " + pass;
                assertTrue(deep.cost().seconds() <= known.cost().seconds(), where);
                assertTrue(deep.floorSeconds() >= known.floorSeconds(), where);
                assertTrue(deep.floorSeconds() <= deep.cost().seconds(), where);
                for (int t = 0; t < 300; t++) {
                    PartitionCost c = cm.cost(cm.load(units, randomFit(cm, units, random)));
                    assertTrue(deep.floorSeconds() <= c.seconds() * (1 + 1e-12), where);
                }
                known = deep;
            }
        }
        assertTrue(checked > 0, "no range stopped at the budget: the check did not run");
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

    /**
     * The bounds that prune (the depth-first pass's rows per candidate end, the best-first pass's chain bound with
     * its crossbar and row budgets) never cut off an optimum: on ranges of SqueezeNet with up to five weighted units,
     * on compass-s and on compass-l (more spare crossbars, so more replication), batch 1 and 16, both pipelines,
     * latency and energy, both passes end at the optimum of every fitting vector, enumerated; the search's first
     * bound ({@link ReplicationChooser#quick}) and a pass cut short at 20 nodes stay below it.
     */
    @Test
    void bothPassesEqualTheEnumeratedOptimum() {
        int checked = 0;
        for (String chip : new String[] {"compass-s", "compass-l"}) {
            for (int batch : new int[] {1, 16}) {
                for (PipelineMode pipeline : PipelineMode.values()) {
                    for (Objective objective : new Objective[] {Objective.LATENCY, Objective.ENERGY}) {
                        Problem p = Problem.of(Zoo.build("squeezenet1_0").orElseThrow(),
                                HardwarePresets.byName(chip).orElseThrow(), batch, objective, pipeline,
                                ReplicationSet.DEFAULT).withCostModel(CostModelVersion.V2);
                        CostModel cm = new CostModel(p);
                        int n = p.graph().size();
                        for (int from = 0; from + 1 < n; from += 6) {
                            int[] units = upToWeighted(p, from, 5);
                            PartitionCost brute = enumerated(cm, units, objective);
                            String where = chip + " B" + batch + " " + pipeline + " " + objective + " units "
                                    + units[0] + ".." + units[units.length - 1];
                            ReplicationChooser.Option first = ReplicationChooser.best(cm, units, objective);
                            assertTrue(first.proven(), where);
                            assertEquals(key(brute, objective), key(first.cost(), objective), 1e-12 * key(brute,
                                    objective), where + ": depth first");
                            ReplicationChooser.Option quick = ReplicationChooser.quick(cm, units, objective);
                            ReplicationChooser.Option deep = ReplicationSearch.deepen(cm, units, objective,
                                    quick.withFloor(0, 0), 1_000_000, Cancellation.NEVER);
                            assertTrue(deep.proven(), where);
                            assertEquals(key(brute, objective), key(deep.cost(), objective), 1e-12 * key(brute,
                                    objective), where + ": best first");
                            ReplicationChooser.Option cut = ReplicationSearch.deepen(cm, units, objective,
                                    quick.withFloor(0, 0), 20, Cancellation.NEVER);
                            for (ReplicationChooser.Option o : new ReplicationChooser.Option[] {quick, cut}) {
                                assertTrue(o.floorSeconds() <= brute.seconds() * (1 + 1e-12)
                                        || objective == Objective.ENERGY, where + ": " + o);
                                assertTrue(o.floorJoules() <= brute.joules() * (1 + 1e-12)
                                        || objective != Objective.ENERGY, where + ": " + o);
                            }
                            checked++;
                        }
                    }
                }
            }
        }
        assertTrue(checked >= 100, "ranges checked: " + checked);
    }

    /** Units from {@code from} on, up to {@code weighted} weighted ones (and the unweighted ones between them). */
    private static int[] upToWeighted(Problem p, int from, int weighted) {
        int to = from;
        int w = 0;
        while (to < p.graph().size() && (w < weighted || !p.graph().unit(to).weighted())) {
            w += p.graph().unit(to).weighted() ? 1 : 0;
            to++;
        }
        return IntStream.range(from, to).toArray();
    }

    /** The best cost over every fitting replication vector of the units, for the objective (time, or energy). */
    private static PartitionCost enumerated(CostModel cm, int[] units, Objective objective) {
        int[] factors = cm.problem().replication().toArray();
        long chip = cm.problem().hardware().crossbars();
        int[] rep = new int[units.length];
        java.util.Arrays.fill(rep, 1);
        PartitionCost[] best = {null};
        enumerate(cm, units, factors, chip, rep, 0, 0, objective, best);
        return best[0];
    }

    private static void enumerate(CostModel cm, int[] units, int[] factors, long chip, int[] rep, int i,
                                  long crossbars, Objective objective, PartitionCost[] best) {
        if (i == units.length) {
            PartitionCost c = cm.cost(cm.load(units, rep));
            if (best[0] == null || ReplicationChooser.better(c, best[0], objective)) {
                best[0] = c;
            }
            return;
        }
        var unit = cm.problem().graph().unit(units[i]);
        for (int r : unit.weighted() ? factors : new int[] {1}) {
            long x = crossbars + (long) r * unit.crossbars();
            if (x > chip) {
                break;
            }
            rep[i] = r;
            enumerate(cm, units, factors, chip, rep, i + 1, x, objective, best);
        }
        rep[i] = 1;
    }

    private static double key(PartitionCost c, Objective objective) {
        return objective == Objective.ENERGY ? c.joules() : c.seconds();
    }
}
