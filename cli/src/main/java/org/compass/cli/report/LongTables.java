package org.compass.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.compass.cli.format.Units;
import org.compass.cli.report.PartitionRuns.Run;

/**
 * Per-partition tables that stay short at any scale: a run of identical partitions ({@link PartitionRuns}) is one
 * row labelled {@code P3–P40 (38, each)} whose figures hold for each of them, and a table of more than
 * {@value #MAX_ROWS} rows shows its first and last {@value #ENDS} and one row saying how many it left out (the JSON
 * result has every partition). Only the rows shown are built, so the cost does not grow with the plan.
 */
final class LongTables {

    /** Rows of a table shown in full; a longer one shows its first and last {@link #ENDS}. */
    static final int MAX_ROWS = 60;
    /** Rows shown at each end of a cut table. */
    static final int ENDS = 20;

    private LongTables() {
    }

    /** The runs' rows, with any rows of totals after them. */
    static void table(Html h, String caption, List<String> header, List<Run> runs, Function<Run, List<Cell>> row,
                      List<List<Cell>> totals) {
        table(h, caption, header, runs, row, totals, MAX_ROWS, true);
    }

    /**
     * The runs' rows, cut to their ends above {@code maxRows}; {@code partitions}: the runs are partitions (else
     * other rows, e.g. layers, whose grouping the caption explains).
     */
    static void table(Html h, String caption, List<String> header, List<Run> runs, Function<Run, List<Cell>> row,
                      List<List<Cell>> totals, int maxRows, boolean partitions) {
        List<List<Cell>> rows = new ArrayList<>();
        boolean cut = runs.size() > maxRows;
        boolean grouped = false;
        for (int i = 0; i < runs.size(); i++) {
            if (cut && i == ENDS) {
                int hidden = runs.size() - 2 * ENDS;
                Run from = runs.get(ENDS);
                Run to = runs.get(runs.size() - ENDS - 1);
                rows.add(gap(header.size(), Units.count(hidden, "row") + " not shown (" + (partitions
                        ? new Run(from.first(), to.last()).label() : "units " + from.first() + "\u2013" + to.last())
                        + "; the JSON result, --json, has every partition" + (partitions ? "" : "'s layers") + ")"));
                i = runs.size() - ENDS;
            }
            Run run = runs.get(i);
            grouped |= partitions && run.size() > 1;
            rows.add(row.apply(run));
        }
        rows.addAll(totals);
        String note = (grouped ? " A row Pi\u2013Pj (n, each) stands for n consecutive partitions with identical figures"
                + " (one column slice each); its figures are each one's." : "")
                + (cut ? " The first and last " + ENDS + " of " + Units.count(runs.size(), "row") + " are shown." : "");
        h.table(caption == null ? (note.isEmpty() ? null : note.strip())
                : note.isEmpty() ? caption : caption + "." + note, header, rows);
    }

    /** The first cell of a run's row. */
    static Cell label(Run run) {
        return Cell.of(run.size() == 1 ? run.label() : run.label() + " (" + run.size() + ", each)");
    }

    /** A row that says what was left out, padded with empty cells. */
    static List<Cell> gap(int columns, String text) {
        List<Cell> cells = new ArrayList<>();
        cells.add(Cell.of("\u2026"));
        cells.add(Cell.of(text));
        while (cells.size() < columns) {
            cells.add(Cell.of(""));
        }
        return cells;
    }

    /** Whether a table of these runs is cut or has grouped rows. */
    static boolean shortened(List<Run> runs) {
        return runs.size() > MAX_ROWS || runs.stream().anyMatch(r -> r.size() > 1);
    }

    /**
     * The rows of a plan's partition tables: one per partition when there are at most {@link #MAX_ROWS} (small
     * networks' tables are unchanged), else the runs of partitions with all figures equal.
     */
    static List<Run> runs(org.compass.model.mapping.MappedGraph g, org.compass.solver.plan.Plan plan,
                          List<org.compass.solver.cost.PartitionCost> costs) {
        return plan.size() <= MAX_ROWS ? single(plan.size()) : PartitionRuns.of(g, plan, costs, PartitionRuns.ALL_FIGURES);
    }

    /** Runs of one partition each, for tables whose rows may not be grouped. */
    static List<Run> single(int partitions) {
        List<Run> runs = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            runs.add(new Run(p, p));
        }
        return runs;
    }
}
