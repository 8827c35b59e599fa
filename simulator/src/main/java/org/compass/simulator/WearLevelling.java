package org.compass.simulator;

import java.util.Locale;
import org.compass.model.Integers;
import org.compass.model.hardware.Hardware;
import org.compass.model.problem.Problem;
import org.compass.solver.plan.Plan;

/**
 * Wear levelling over many batches: each batch is lowered with least-worn-first placement
 * ({@link Lowering#lowerLevelled}) against the writes of the batches before it, and simulated; the writes
 * onto every physical crossbar add up over the batches (docs/simulator.md, "Wear levelling").
 *
 * <p><b>Policy: least-worn first.</b> The placement keeps its first rule (a tile goes to the core with a free
 * crossbar and the fewest rows of its partition to program, so the write ports stay balanced and the timing is
 * the plan's), breaks ties between cores by the rows their crossbars have taken so far, and within the core takes
 * the free crossbar written least. Inside a crossbar a write starts at the row after the previous write's last
 * row and wraps around (a rotating start row), so a crossbar that has taken r rows has written no row more
 * than ceil(r / R) times. Chosen over round robin because the partitions of a plan differ in size and tile
 * height: a fixed rotation counts placements, not rows, and can fall into step with the plan's pattern (the
 * same crossbars receiving the tall tiles every time), while least-worn first counts what wears the cells.
 *
 * <p>Each batch is simulated (its placement, and so possibly its timing, differs from the others'), so N
 * batches cost N simulations.
 */
public final class WearLevelling {

    /** The policy, as reports name it. */
    public static final String POLICY = "least-worn first (ties between cores and the crossbar within a core go to "
            + "the one written least; rows rotate inside a crossbar)";

    private WearLevelling() {
    }

    /**
     * What N levelled batches wrote, and the lifetime that gives.
     *
     * @param batches          batches simulated
     * @param writes           rows and programmings per physical crossbar over all batches
     * @param meanLatencySeconds simulated latency per batch, averaged over the batches
     * @param minLatencySeconds  shortest batch
     * @param maxLatencySeconds  longest batch
     * @param enduranceCycles  the chip's endurance (infinite for cells that do not wear)
     * @param chipRows         rows of the whole chip
     * @param rotatingRows     whether rows rotate inside a crossbar (levelled); otherwise every tile starts at row 0
     */
    public record Report(int batches, CrossbarWrites writes, double meanLatencySeconds, double minLatencySeconds,
                         double maxLatencySeconds, double enduranceCycles, long chipRows, boolean rotatingRows) {

        /** The crossbar whose most-written row has been written most (the lowest index among equals). */
        public int mostWritten() {
            int best = 0;
            for (int x = 1; x < writes.crossbars(); x++) {
                if (rowWrites(x) > rowWrites(best)) {
                    best = x;
                }
            }
            return best;
        }

        /**
         * Writes of crossbar x's most-written row: ceil(rows / R) with rotating rows, its programmings when every
         * tile starts at row 0.
         */
        public long rowWrites(int x) {
            return rotatingRows ? Integers.ceilDiv(writes.rows(x), writes.crossbarRows()) : writes.programmings(x);
        }

        /** Writes of the chip's most-written row (cell): what decides when it wears out. */
        public long maxRowWrites() {
            return rowWrites(mostWritten());
        }

        /** Writes per row of the chip if every row took an equal share: rows written / chip rows. */
        public double meanRowWrites() {
            return writes.totalRows() / (double) chipRows;
        }

        /** Max / mean row writes: 1.0 is perfect levelling (the cost model's assumption). */
        public double levellingFactor() {
            double mean = meanRowWrites();
            return mean > 0 ? maxRowWrites() / mean : 1.0;
        }

        /**
         * Seconds of continuous operation until the most-written row reaches the endurance, at the simulated rate:
         * endurance x batches x mean latency / max row writes (infinite when nothing is written or cells do not
         * wear).
         */
        public double lifetimeSeconds() {
            long max = maxRowWrites();
            return max > 0 ? enduranceCycles * batches * meanLatencySeconds / max : Double.POSITIVE_INFINITY;
        }

        /** The lifetime with ideal levelling at the same simulated rate: the levelled one x the levelling factor. */
        public double idealLifetimeSeconds() {
            double mean = meanRowWrites();
            return mean > 0 ? enduranceCycles * batches * meanLatencySeconds / mean : Double.POSITIVE_INFINITY;
        }

        /** "core c crossbar i" of crossbar x. */
        public String name(int x) {
            return String.format(Locale.ROOT, "core %d crossbar %d", writes.core(x), writes.index(x));
        }
    }

    /** Lowers and simulates N batches with least-worn-first placement, with the given chip model. */
    public static Report run(Problem problem, Plan plan, int batches, ChipModel chip) {
        if (batches < 1) {
            throw new IllegalArgumentException("batches must be at least 1, got " + batches);
        }
        Hardware hw = problem.hardware();
        CrossbarWrites worn = CrossbarWrites.none(hw.crossbars(), hw.crossbarsPerCore(), hw.crossbarRows());
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (int b = 0; b < batches; b++) {
            SimulationResult r = Simulator.prepare(Lowering.lowerLevelled(problem, plan, worn)).run(chip, null);
            worn = worn.plus(r.crossbarWrites());
            sum += r.latencySeconds();
            min = Math.min(min, r.latencySeconds());
            max = Math.max(max, r.latencySeconds());
        }
        return new Report(batches, worn, sum / batches, min, max, hw.enduranceCycles(), hw.chipRows(), true);
    }

    /** Lowers and simulates N levelled batches with the default chip model. */
    public static Report run(Problem problem, Plan plan, int batches) {
        return run(problem, plan, batches, ChipModel.defaults(problem.hardware()));
    }

    /**
     * The same plan without levelling, from one simulated batch of the plain placement: every batch writes the
     * same crossbars, and every tile starts at row 0 of its crossbar, so the most-written row is the crossbar
     * programmed most often.
     */
    public static Report fixed(Problem problem, SimulationResult oneBatch) {
        Hardware hw = problem.hardware();
        return new Report(1, oneBatch.crossbarWrites(), oneBatch.latencySeconds(), oneBatch.latencySeconds(),
                oneBatch.latencySeconds(), hw.enduranceCycles(), hw.chipRows(), false);
    }
}
