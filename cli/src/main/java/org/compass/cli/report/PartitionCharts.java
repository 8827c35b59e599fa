package org.compass.cli.report;

import java.util.List;
import org.compass.cli.format.Units;
import org.compass.solver.cost.PartitionCost;

/**
 * Per-partition bars: time (program, then compute and DRAM I/O side by side because they overlap) and
 * energy stacked by component (writes, DRAM, MVM, static).
 */
public final class PartitionCharts {

    private static final double LEFT = 60;
    private static final double RIGHT = 150;
    private static final double TOP = 30;
    private static final double ROW = 30;

    private PartitionCharts() {
    }

    /** Time bars: program, then compute (upper half) and I/O (lower half) overlapping after it. */
    public static Svg time(List<PartitionCost> costs, double width) {
        double max = costs.stream().mapToDouble(PartitionCost::seconds).max().orElse(0);
        double bottom = TOP + costs.size() * ROW;
        Svg svg = new Svg(width, bottom + 62, "time of each partition: program, compute and DRAM I/O");
        Axis x = Axis.linearFromZero(max, LEFT, width - RIGHT);
        svg.text(LEFT - 40, 16, "Time of each partition", "start", "chart-title");
        grid(svg, x, bottom, true);
        for (int p = 0; p < costs.size(); p++) {
            PartitionCost c = costs.get(p);
            double y = TOP + p * ROW + 3;
            double h = ROW - 6;
            label(svg, p, y, h);
            double x0 = x.px(0);
            double xp = x.px(c.programSeconds());
            svg.rect(x0, y, xp - x0, h, Palette.WRITE, "bar", "P" + p + " program (weight writes): "
                    + Units.seconds(c.programSeconds()));
            svg.rect(xp, y, x.px(c.programSeconds() + c.computeSeconds()) - xp, h / 2, Palette.COMPUTE, "bar",
                    "P" + p + " compute: " + Units.seconds(c.computeSeconds()));
            svg.rect(xp, y + h / 2, x.px(c.programSeconds() + c.ioSeconds()) - xp, h / 2, Palette.DRAM, "bar",
                    "P" + p + " DRAM I/O of activations: " + Units.seconds(c.ioSeconds()) + " (overlaps compute)");
            svg.text(x.px(c.seconds()) + 6, y + h / 2 + 4, Units.seconds(c.seconds()), "start", "value-label");
        }
        legend(svg, bottom + 44, new String[] {"program (write weights)", "compute", "DRAM I/O (overlaps compute)"},
                new String[] {Palette.WRITE, Palette.COMPUTE, Palette.DRAM});
        return svg;
    }

    /** Energy bars stacked by component. */
    public static Svg energy(List<PartitionCost> costs, double width) {
        double max = costs.stream().mapToDouble(PartitionCost::joules).max().orElse(0);
        double bottom = TOP + costs.size() * ROW;
        Svg svg = new Svg(width, bottom + 62, "energy of each partition by component");
        Axis x = Axis.linearFromZero(max, LEFT, width - RIGHT);
        svg.text(LEFT - 40, 16, "Energy of each partition, by component", "start", "chart-title");
        grid(svg, x, bottom, false);
        String[] names = {"crossbar writes", "DRAM", "MVM", "static"};
        String[] colours = {Palette.WRITE, Palette.DRAM, Palette.COMPUTE, Palette.STATIC};
        for (int p = 0; p < costs.size(); p++) {
            PartitionCost c = costs.get(p);
            double[] parts = {c.writeJoules(), c.dramJoules(), c.mvmJoules(), c.staticJoules()};
            double y = TOP + p * ROW + 3;
            double h = ROW - 6;
            label(svg, p, y, h);
            double acc = 0;
            for (int i = 0; i < parts.length; i++) {
                double x0 = x.px(acc);
                acc += parts[i];
                svg.rect(x0, y, x.px(acc) - x0, h, colours[i], "bar", "P" + p + " " + names[i] + ": "
                        + Units.joules(parts[i]) + " (" + Units.percent(parts[i] / c.joules()) + ")");
            }
            svg.text(x.px(acc) + 6, y + h / 2 + 4, Units.joules(c.joules()), "start", "value-label");
        }
        legend(svg, bottom + 44, names, colours);
        return svg;
    }

    /**
     * Cost model against simulator, per partition: the model's time (upper bar) over the simulated time (lower
     * bar), each split at the end of the program phase, with the relative difference beside them.
     *
     * @param model     per partition: {program, total} seconds in the cost model
     * @param simulated per partition: {program, total} seconds in the simulator
     */
    public static Svg simulated(List<double[]> model, List<double[]> simulated, double width) {
        double max = 0;
        for (int p = 0; p < model.size(); p++) {
            max = Math.max(max, Math.max(model.get(p)[1], simulated.get(p)[1]));
        }
        double bottom = TOP + model.size() * ROW;
        Svg svg = new Svg(width, bottom + 62, "time of each partition in the cost model and in the simulator");
        Axis x = Axis.linearFromZero(max, LEFT, width - RIGHT);
        svg.text(LEFT - 40, 16, "Time of each partition: cost model (upper bar) and simulator (lower bar)", "start",
                "chart-title");
        grid(svg, x, bottom, true);
        for (int p = 0; p < model.size(); p++) {
            double y = TOP + p * ROW + 3;
            double h = ROW - 6;
            label(svg, p, y, h);
            double[][] both = {model.get(p), simulated.get(p)};
            String[] who = {"cost model", "simulated"};
            for (int i = 0; i < 2; i++) {
                double top = y + i * h / 2;
                double x0 = x.px(0);
                double xp = x.px(both[i][0]);
                svg.rect(x0, top, xp - x0, h / 2, Palette.WRITE, "bar", "P" + p + " " + who[i] + " program: "
                        + Units.seconds(both[i][0]));
                svg.rect(xp, top, x.px(both[i][1]) - xp, h / 2, i == 0 ? Palette.COMPUTE : Palette.SIMULATED, "bar",
                        "P" + p + " " + who[i] + " run: " + Units.seconds(both[i][1] - both[i][0]) + " (total "
                                + Units.seconds(both[i][1]) + ")");
            }
            svg.text(x.px(Math.max(model.get(p)[1], simulated.get(p)[1])) + 6, y + h / 2 + 4,
                    Units.seconds(simulated.get(p)[1]) + " (" + difference(simulated.get(p)[1], model.get(p)[1]) + ")",
                    "start", "value-label");
        }
        legend(svg, bottom + 44, new String[] {"program (write weights)", "cost model: compute and I/O",
            "simulator: run"}, new String[] {Palette.WRITE, Palette.COMPUTE, Palette.SIMULATED});
        return svg;
    }

    /** (simulated / model - 1) as a signed percentage, or "-" when the model's figure is 0. */
    public static String difference(double simulated, double model) {
        if (model == 0) {
            return simulated == 0 ? "+0.00%" : "-";
        }
        return String.format(java.util.Locale.ROOT, "%+.2f%%", 100 * (simulated / model - 1));
    }

    private static void label(Svg svg, int p, double y, double h) {
        svg.rect(LEFT - 40, y + h / 2 - 6, 12, 12, Palette.partition(p), null, null);
        svg.text(LEFT - 24, y + h / 2 + 4, "P" + p, "start", "lane-label");
    }

    private static void grid(Svg svg, Axis x, double bottom, boolean seconds) {
        for (double t : x.ticks()) {
            double px = x.px(t);
            svg.line(px, TOP, px, bottom, "grid");
            svg.text(px, bottom + 16, Axis.tick(t, seconds ? "s" : "J"), "middle", "tick-label");
        }
        svg.line(x.from(), bottom, x.to(), bottom, "axis");
    }

    private static void legend(Svg svg, double y, String[] names, String[] colours) {
        double lx = LEFT;
        for (int i = 0; i < names.length; i++) {
            svg.rect(lx, y - 10, 12, 12, colours[i], "bar", null);
            svg.text(lx + 16, y, names[i], "start", "legend");
            lx += 34 + 6.5 * names[i].length();
        }
    }
}
