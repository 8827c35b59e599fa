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
    /** Left edge of the bars when their labels name ranges of partitions (P12000–P12567). */
    private static final double GROUPED_LEFT = 150;
    private static final double TOP = 30;
    private static final double ROW = 30;

    private PartitionCharts() {
    }

    /** Bars drawn per chart before consecutive partitions share a bar (their sums). */
    static final int MAX_BARS = 60;

    /**
     * What one bar of the time and energy charts sums: partitions {@code first..last} (one partition when the plan
     * has at most {@link #MAX_BARS}).
     *
     * @param first   first partition
     * @param last    last partition
     * @param program T_prog summed over the partitions
     * @param compute T_comp summed
     * @param io      T_io summed
     * @param seconds T summed (each partition's program + max(compute, I/O))
     * @param energy  writes, DRAM, MVM and static energy, each summed
     */
    record Group(int first, int last, double program, double compute, double io, double seconds, double[] energy) {

        /** "P3" or "P3–P40". */
        String label() {
            return new PartitionRuns.Run(first, last).label();
        }

        double joules() {
            return energy[0] + energy[1] + energy[2] + energy[3];
        }
    }

    /**
     * The bars of the charts: one per partition, or for a plan of more than {@link #MAX_BARS} partitions, at most
     * that many groups of equally many consecutive partitions.
     *
     * @param groups  the bars
     * @param grouped whether a bar sums several partitions
     * @param size    partitions per group (the last may have fewer)
     * @param partitions partitions in the plan
     */
    record Groups(List<Group> groups, boolean grouped, int size, int partitions) {

        /** The bars of a plan's partition costs. */
        static Groups of(List<PartitionCost> costs) {
            int n = costs.size();
            int size = n <= MAX_BARS ? 1 : (n + MAX_BARS - 1) / MAX_BARS;
            List<Group> groups = new java.util.ArrayList<>();
            for (int a = 0; a < n; a += size) {
                int b = Math.min(n, a + size) - 1;
                double prog = 0;
                double comp = 0;
                double io = 0;
                double sec = 0;
                double[] e = new double[4];
                for (int p = a; p <= b; p++) {
                    PartitionCost c = costs.get(p);
                    prog += c.programSeconds();
                    comp += c.computeSeconds();
                    io += c.ioSeconds();
                    sec += c.seconds();
                    e[0] += c.writeJoules();
                    e[1] += c.dramJoules();
                    e[2] += c.mvmJoules();
                    e[3] += c.staticJoules();
                }
                groups.add(new Group(a, b, prog, comp, io, sec, e));
            }
            return new Groups(groups, size > 1, size, n);
        }

        /** What the caption adds when bars are grouped (empty otherwise). */
        String caption() {
            return grouped ? " The plan has " + Units.count(partitions, "partition") + ", so each bar sums " + size
                    + " consecutive partitions (" + groups.size() + " bars; within a bar, the compute and I/O halves are "
                    + "the sums of each, and the total is the sum of each partition's program + the longer of the two)."
                    : "";
        }

        /** The table of the grouped bars' figures. */
        void table(Html h) {
            List<List<Cell>> rows = new java.util.ArrayList<>();
            for (Group g : groups) {
                rows.add(List.of(Cell.of(g.label()), Cell.number(Units.seconds(g.seconds()), g.seconds()),
                        Cell.number(Units.seconds(g.program()), g.program()),
                        Cell.number(Units.seconds(g.compute()), g.compute()), Cell.number(Units.seconds(g.io()), g.io()),
                        Cell.number(Units.joules(g.joules()), g.joules()),
                        Cell.number(Units.joules(g.energy()[0]), g.energy()[0]),
                        Cell.number(Units.joules(g.energy()[1]), g.energy()[1]),
                        Cell.number(Units.joules(g.energy()[2]), g.energy()[2]),
                        Cell.number(Units.joules(g.energy()[3]), g.energy()[3])));
            }
            h.details("The bars' figures: sums over " + size + " consecutive partitions each", () -> h.table(null,
                    List.of("partitions", "time", "program", "compute", "DRAM I/O", "energy", "crossbar writes", "DRAM",
                            "MVM", "static"), rows));
        }
    }

    /** Time bars: program, then compute (upper half) and I/O (lower half) overlapping after it. */
    public static Svg time(List<PartitionCost> costs, double width) {
        return time(Groups.of(costs), width);
    }

    /** Time bars of the given groups (one per partition when not grouped). */
    static Svg time(Groups bars, double width) {
        List<Group> groups = bars.groups();
        double max = groups.stream().mapToDouble(Group::seconds).max().orElse(0);
        double bottom = TOP + groups.size() * ROW;
        Svg svg = new Svg(width, bottom + 62, "time of each partition: program, compute and DRAM I/O");
        double left = bars.grouped() ? GROUPED_LEFT : LEFT;
        Axis x = Axis.linearFromZero(max, left, width - RIGHT);
        svg.text(LEFT - 40, 16, bars.grouped() ? "Time of each group of " + bars.size() + " partitions"
                : "Time of each partition", "start", "chart-title");
        grid(svg, x, bottom, true);
        for (int i = 0; i < groups.size(); i++) {
            Group c = groups.get(i);
            String name = c.label();
            double y = TOP + i * ROW + 3;
            double h = ROW - 6;
            label(svg, c.first(), name, y, h);
            double x0 = x.px(0);
            double xp = x.px(c.program());
            svg.rect(x0, y, xp - x0, h, Palette.WRITE, "bar", name + " program (weight writes): "
                    + Units.seconds(c.program()));
            svg.rect(xp, y, x.px(c.program() + c.compute()) - xp, h / 2, Palette.COMPUTE, "bar",
                    name + " compute: " + Units.seconds(c.compute()));
            svg.rect(xp, y + h / 2, x.px(c.program() + c.io()) - xp, h / 2, Palette.DRAM, "bar",
                    name + " DRAM I/O of activations: " + Units.seconds(c.io()) + " (overlaps compute)");
            svg.text(x.px(c.seconds()) + 6, y + h / 2 + 4, Units.seconds(c.seconds()), "start", "value-label");
        }
        legend(svg, bottom + 44, new String[] {"program (write weights)", "compute", "DRAM I/O (overlaps compute)"},
                new String[] {Palette.WRITE, Palette.COMPUTE, Palette.DRAM});
        return svg;
    }

    /** Energy bars stacked by component. */
    public static Svg energy(List<PartitionCost> costs, double width) {
        return energy(Groups.of(costs), width);
    }

    /** Energy bars of the given groups, stacked by component. */
    static Svg energy(Groups bars, double width) {
        List<Group> groups = bars.groups();
        double max = groups.stream().mapToDouble(Group::joules).max().orElse(0);
        double bottom = TOP + groups.size() * ROW;
        Svg svg = new Svg(width, bottom + 62, "energy of each partition by component");
        double left = bars.grouped() ? GROUPED_LEFT : LEFT;
        Axis x = Axis.linearFromZero(max, left, width - RIGHT);
        svg.text(LEFT - 40, 16, bars.grouped() ? "Energy of each group of " + bars.size()
                + " partitions, by component" : "Energy of each partition, by component", "start", "chart-title");
        grid(svg, x, bottom, false);
        String[] names = {"crossbar writes", "DRAM", "MVM", "static"};
        String[] colours = {Palette.WRITE, Palette.DRAM, Palette.COMPUTE, Palette.STATIC};
        for (int i = 0; i < groups.size(); i++) {
            Group c = groups.get(i);
            double[] parts = c.energy();
            double y = TOP + i * ROW + 3;
            double h = ROW - 6;
            label(svg, c.first(), c.label(), y, h);
            double acc = 0;
            for (int k = 0; k < parts.length; k++) {
                double x0 = x.px(acc);
                acc += parts[k];
                svg.rect(x0, y, x.px(acc) - x0, h, colours[k], "bar", c.label() + " " + names[k] + ": "
                        + Units.joules(parts[k]) + " (" + Units.percent(parts[k] / c.joules()) + ")");
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
        List<String> labels = new java.util.ArrayList<>();
        for (int p = 0; p < model.size(); p++) {
            labels.add("P" + p);
        }
        return simulated(model, simulated, labels, width);
    }

    /** The same with a label per bar pair (a range of partitions when bars sum several). */
    static Svg simulated(List<double[]> model, List<double[]> simulated, List<String> labels, double width) {
        double max = 0;
        for (int p = 0; p < model.size(); p++) {
            max = Math.max(max, Math.max(model.get(p)[1], simulated.get(p)[1]));
        }
        double bottom = TOP + model.size() * ROW;
        Svg svg = new Svg(width, bottom + 62, "time of each partition in the cost model and in the simulator");
        Axis x = Axis.linearFromZero(max, labels.size() == model.size() && labels.stream().anyMatch(l -> l.contains("\u2013")) ? GROUPED_LEFT : LEFT, width - RIGHT);
        svg.text(LEFT - 40, 16, "Time of each partition: cost model (upper bar) and simulator (lower bar)", "start",
                "chart-title");
        grid(svg, x, bottom, true);
        for (int p = 0; p < model.size(); p++) {
            double y = TOP + p * ROW + 3;
            double h = ROW - 6;
            label(svg, p, labels.get(p), y, h);
            double[][] both = {model.get(p), simulated.get(p)};
            String[] who = {"cost model", "simulated"};
            for (int i = 0; i < 2; i++) {
                double top = y + i * h / 2;
                double x0 = x.px(0);
                double xp = x.px(both[i][0]);
                svg.rect(x0, top, xp - x0, h / 2, Palette.WRITE, "bar", labels.get(p) + " " + who[i] + " program: "
                        + Units.seconds(both[i][0]));
                svg.rect(xp, top, x.px(both[i][1]) - xp, h / 2, i == 0 ? Palette.COMPUTE : Palette.SIMULATED, "bar",
                        labels.get(p) + " " + who[i] + " run: " + Units.seconds(both[i][1] - both[i][0]) + " (total "
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
        label(svg, p, "P" + p, y, h);
    }

    private static void label(Svg svg, int p, String name, double y, double h) {
        svg.rect(LEFT - 40, y + h / 2 - 6, 12, 12, Palette.partition(p), null, null);
        svg.text(LEFT - 24, y + h / 2 + 4, name, "start", "lane-label");
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
