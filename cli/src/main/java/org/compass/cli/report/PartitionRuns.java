package org.compass.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Unit;
import org.compass.solver.cost.PartitionCost;
import org.compass.solver.plan.Partition;
import org.compass.solver.plan.Plan;

/**
 * Runs of identical consecutive partitions: single-slice partitions of the same column-sliced layer, with the same
 * replication and the same figures. A language model's plan has thousands of them (every linear layer streams
 * through the chip slice by slice); the terminal table prints a run as one {@code i-j ... (each)} row and the HTML
 * report does the same. One pass over the plan, so linear in its partitions.
 */
public final class PartitionRuns {

    /** The figures the terminal table shows: crossbars, rows written and the three phase times. */
    public static final BiPredicate<PartitionCost, PartitionCost> TABLE_FIGURES = (a, b) ->
            a.load().crossbars() == b.load().crossbars() && a.load().rowsWritten() == b.load().rowsWritten()
                    && a.programSeconds() == b.programSeconds() && a.computeSeconds() == b.computeSeconds()
                    && a.ioSeconds() == b.ioSeconds() && a.seconds() == b.seconds();

    /** Every figure of the cost model (loads, times and energies), so a run's row holds for each member. */
    public static final BiPredicate<PartitionCost, PartitionCost> ALL_FIGURES = PartitionCost::equals;

    private PartitionRuns() {
    }

    /**
     * Consecutive partitions {@code first..last} (inclusive) with identical figures.
     *
     * @param first the first partition of the run
     * @param last  the last partition of the run (equal to first for a lone partition)
     */
    public record Run(int first, int last) {

        /** Partitions in the run. */
        public int size() {
            return last - first + 1;
        }

        /** "P3" or "P3-P40". */
        public String label() {
            return first == last ? "P" + first : "P" + first + "\u2013P" + last;
        }
    }

    /**
     * The plan's partitions as runs, in order: a partition joins the run before it when both are single slices of
     * the same layer with equal replication and {@code same} holds for their costs.
     */
    public static List<Run> of(MappedGraph g, Plan plan, List<PartitionCost> costs,
                               BiPredicate<PartitionCost, PartitionCost> same) {
        List<Partition> parts = plan.partitions();
        List<Run> runs = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            int q = p;
            while (q + 1 < parts.size() && sameSliceRun(g, parts.get(q), parts.get(q + 1))
                    && same.test(costs.get(p), costs.get(q + 1))) {
                q++;
            }
            runs.add(new Run(p, q));
            p = q;
        }
        return runs;
    }

    /** Whether b continues a run of single-slice partitions of the same layer. */
    static boolean sameSliceRun(MappedGraph g, Partition a, Partition b) {
        if (a.size() != 1 || b.size() != 1) {
            return false;
        }
        Unit ua = g.unit(a.units().get(0));
        Unit ub = g.unit(b.units().get(0));
        return ua.slices() > 1 && ua.nodeId() == ub.nodeId() && a.replication().equals(b.replication());
    }
}
