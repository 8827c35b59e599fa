package org.compass.cli.report;

import java.util.ArrayList;
import java.util.List;
import org.compass.cli.format.Units;
import org.compass.model.problem.Problem;
import org.compass.solver.SolveResult;

/** A sweep over the batch size or the core count: throughput and EDP of each formulation. */
final class SweepSection {

    private SweepSection() {
    }

    static void write(Html h, Problem problem, Sweep s) {
        h.heading(2, "sweep", "Sweep over " + (s.parameter().equals("batch") ? "the batch size" : "the core count"));
        h.paragraph("Every point is a new solve at that " + s.parameter() + " with the objective "
                + problem.objective().label() + " (so dp's EDP is that of its " + problem.objective().label()
                + "-optimal plan)" + (s.parameter().equals("cores") ? "; static power is scaled with the core count, "
                + "and a missing point means the chip is too small for one column tile of some layer" : "") + ".");
        List<String> categories = s.values().stream().map(String::valueOf).toList();
        List<Charts.Series> thr = new ArrayList<>();
        List<Charts.Series> edp = new ArrayList<>();
        for (String f : Sweep.FORMULATIONS) {
            double[] t = new double[s.values().size()];
            double[] d = new double[s.values().size()];
            for (int i = 0; i < t.length; i++) {
                SolveResult r = s.results().get(i).get(f);
                t[i] = r != null && r.hasPlan() ? r.evaluation().throughput() : Double.NaN;
                d[i] = r != null && r.hasPlan() ? r.evaluation().edp() : Double.NaN;
            }
            thr.add(new Charts.Series(f, Palette.formulation(f), t));
            edp.add(new Charts.Series(f, Palette.formulation(f), d));
        }
        h.figure(Charts.lines("Throughput (higher is better)", categories, s.parameter(), "inferences/s",
                v -> Axis.tick(v, ""), thr, HtmlReport.WIDTH, 330), null);
        h.figure(Charts.lines("Energy-delay product (lower is better)", categories, s.parameter(), "EDP (J s)",
                Axis::compact, edp, HtmlReport.WIDTH, 330), null);
        List<List<Cell>> rows = new ArrayList<>();
        for (int i = 0; i < s.values().size(); i++) {
            List<Cell> row = new ArrayList<>();
            row.add(Cell.of(s.values().get(i)));
            SolveResult dp = s.results().get(i).get("dp");
            row.add(dp != null && dp.hasPlan() ? Cell.of(dp.plan().size()) : Cell.of("-"));
            for (boolean throughput : new boolean[] {true, false}) {
                for (String f : Sweep.FORMULATIONS) {
                    SolveResult r = s.results().get(i).get(f);
                    if (r == null || !r.hasPlan()) {
                        row.add(Cell.of(r == null ? "does not fit" : r.status().name()));
                    } else if (throughput) {
                        row.add(Cell.number(Units.number(r.evaluation().throughput()), r.evaluation().throughput()));
                    } else {
                        row.add(Cell.number(Units.number(r.evaluation().edp()), r.evaluation().edp()));
                    }
                }
            }
            rows.add(row);
        }
        List<String> header = new ArrayList<>(List.of(s.parameter(), "dp partitions"));
        for (String f : Sweep.FORMULATIONS) {
            header.add(f + " inferences/s");
        }
        for (String f : Sweep.FORMULATIONS) {
            header.add(f + " EDP (J s)");
        }
        h.table("Every point of the sweep", header, rows);
    }
}
