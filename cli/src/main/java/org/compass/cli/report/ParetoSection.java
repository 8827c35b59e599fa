package org.compass.cli.report;

import java.util.ArrayList;
import java.util.List;
import org.compass.cli.format.Units;
import org.compass.cli.report.HtmlReport.Inputs;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.SolveResult;

/** The latency-energy Pareto front with the chosen plan and the baselines marked. */
final class ParetoSection {

    private ParetoSection() {
    }

    static void write(Html h, Inputs in) {
        ParetoFront front = in.pareto();
        h.heading(2, "pareto", "Latency-energy trade-off (Pareto front)");
        h.paragraph("Each blue dot is a contiguous plan that no other contiguous plan beats in both latency and "
                + "energy (found by the exact dynamic program). The ringed points are the chosen plan and the "
                + "baselines; the chart is zoomed on the front, so far-away baselines are listed beside it."
                + (in.schedule() != null ? " The front is the phase model's, so every plan here is placed by its phase"
                + " figures, not its schedule's." : ""));
        List<Charts.Point> points = new ArrayList<>();
        double maxT = 0;
        double maxE = 0;
        for (int i = 0; i < front.points().size(); i++) {
            Evaluation e = front.points().get(i).evaluation();
            maxT = Math.max(maxT, e.latencySeconds());
            maxE = Math.max(maxE, e.energyJoules());
            points.add(new Charts.Point(e.latencySeconds(), e.energyJoules(), Palette.DP, 3.5, "front point " + i + ": "
                    + Units.seconds(e.latencySeconds()) + ", " + Units.joules(e.energyJoules()) + ", "
                    + Units.count(front.points().get(i).plan().size(), "partition")));
        }
        List<Charts.Point> marks = new ArrayList<>();
        List<String[]> legend = new ArrayList<>();
        legend.add(new String[] {"Pareto front", Palette.DP});
        List<SolveResult> all = new ArrayList<>();
        if (in.result().hasPlan()) {
            all.add(in.result());
            Evaluation c = in.phases(in.result());
            maxT = Math.max(maxT, c.latencySeconds());
            maxE = Math.max(maxE, c.energyJoules());
        }
        all.addAll(in.baselines());
        for (SolveResult r : all) {
            if (!r.hasPlan()) {
                continue;
            }
            // the front is the phase model's, so every plan is placed by its phase figures
            Evaluation e = in.phases(r);
            boolean chosen = r == in.result();
            String colour = chosen ? "#111111" : Palette.formulation(r.formulation());
            String name = chosen ? r.formulation() + " (chosen)" : r.formulation();
            String where = Units.seconds(e.latencySeconds()) + ", " + Units.joules(e.energyJoules());
            if (chosen || (e.latencySeconds() <= 2 * maxT && e.energyJoules() <= 2 * maxE)) {
                marks.add(new Charts.Point(e.latencySeconds(), e.energyJoules(), colour, 6, name + ": " + where));
                legend.add(new String[] {name, colour});
            } else {
                legend.add(new String[] {name + " (off chart: " + where + ")", colour});
            }
        }
        h.figure(Charts.scatter("Energy against latency of one batch", "latency per batch", "energy per batch",
                v -> Axis.tick(v, "s"), v -> Axis.tick(v, "J"), points, marks, legend, HtmlReport.WIDTH, 380), null);
        if (in.result().hasPlan()) {
            Evaluation c = in.phases(in.result());
            for (int i = 0; i < front.points().size(); i++) {
                Evaluation e = front.points().get(i).evaluation();
                if (e.latencySeconds() <= c.latencySeconds() && e.energyJoules() < c.energyJoules()) {
                    h.paragraph("Front point " + i + " is as fast as the chosen plan and needs "
                            + Units.percent(1 - e.energyJoules() / c.energyJoules()) + " less energy: the objective "
                            + in.problem().objective().label() + " does not look at energy, so among equally fast "
                            + "plans the chosen one is arbitrary. Optimize edp or energy to pick on the front.", "warning");
                    break;
                }
            }
        }
        List<List<Cell>> rows = new ArrayList<>();
        for (int i = 0; i < front.points().size(); i++) {
            ParetoFront.Point p = front.points().get(i);
            rows.add(paretoRow("front " + i, p.plan().size(), p.evaluation()));
        }
        for (SolveResult r : all) {
            if (r.hasPlan()) {
                rows.add(paretoRow(r == in.result() ? r.formulation() + " (chosen)" : r.formulation(), r.plan().size(),
                        in.phases(r)));
            }
        }
        h.table("The " + Units.count(front.points().size(), "plan") + " on the front, fastest first, then the chosen plan and the "
                + "baselines", List.of("plan", "partitions", "latency", "throughput /s", "energy", "EDP (J s)"), rows);
    }

    static List<Cell> paretoRow(String name, int partitions, Evaluation e) {
        return List.of(Cell.of(name), Cell.of(partitions), Cell.number(Units.seconds(e.latencySeconds()),
                e.latencySeconds()), Cell.number(Units.number(e.throughput()), e.throughput()),
                Cell.number(Units.joules(e.energyJoules()), e.energyJoules()), Cell.number(Units.number(e.edp()), e.edp()));
    }
}
