package org.compass.cli.report;

import java.util.List;
import java.util.function.DoubleFunction;

/** Line charts over a categorical x axis (sweeps) and latency-energy scatter plots (Pareto fronts). */
public final class Charts {

    private static final double LEFT = 84;
    private static final double RIGHT = 150;
    private static final double TOP = 26;
    private static final double BOTTOM = 54;
    private static final double SCATTER_RIGHT = 300;

    private Charts() {
    }

    /**
     * One named series of a line chart.
     *
     * @param name   legend text
     * @param colour stroke colour
     * @param values one value per x category (NaN where the point does not exist)
     */
    public record Series(String name, String colour, double[] values) {
    }

    /**
     * A point of a scatter plot.
     *
     * @param x       value along x
     * @param y       value along y
     * @param colour  fill colour
     * @param size    radius in pixels
     * @param tooltip what the point is
     */
    public record Point(double x, double y, String colour, double size, String tooltip) {
    }

    /** Lines through the series' values at evenly spaced categories. */
    public static Svg lines(String title, List<String> categories, String xLabel, String yLabel,
                            DoubleFunction<String> format, List<Series> series, double width, double height) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (Series s : series) {
            for (double v : s.values()) {
                if (Double.isFinite(v) && v > 0) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        Svg svg = new Svg(width, height, title);
        svg.text(LEFT, 16, title, "start", "chart-title");
        if (hi == 0) {
            svg.text(width / 2, height / 2, "no plan at any point of the sweep", "middle", "caption");
            return svg;
        }
        Axis y = Axis.forPositive(lo, hi, height - BOTTOM, TOP + 8);
        double step = (width - LEFT - RIGHT) / Math.max(1, categories.size() - 1);
        double x0 = categories.size() == 1 ? (LEFT + width - RIGHT) / 2 : LEFT;
        yAxis(svg, y, width - RIGHT, format, yLabel);
        for (int i = 0; i < categories.size(); i++) {
            double px = x0 + i * step;
            svg.line(px, height - BOTTOM, px, height - BOTTOM + 5, "tick");
            svg.text(px, height - BOTTOM + 18, categories.get(i), "middle", "tick-label");
        }
        svg.text((LEFT + width - RIGHT) / 2, height - 12, xLabel, "middle", "axis-label");
        double ly = TOP + 14;
        for (Series s : series) {
            StringBuilder d = new StringBuilder();
            for (int i = 0; i < s.values().length; i++) {
                double v = s.values()[i];
                if (!(Double.isFinite(v) && v > 0)) {
                    continue;
                }
                d.append(d.length() == 0 ? "M" : " L").append(Markup.coord(x0 + i * step)).append(' ')
                        .append(Markup.coord(y.px(v)));
            }
            if (d.length() > 0) {
                svg.path(d.toString(), s.colour(), "series", null);
            }
            for (int i = 0; i < s.values().length; i++) {
                double v = s.values()[i];
                if (Double.isFinite(v) && v > 0) {
                    svg.circle(x0 + i * step, y.px(v), 4, s.colour(), "dot",
                            s.name() + " at " + xLabel + " " + categories.get(i) + ": " + format.apply(v));
                }
            }
            svg.path("M" + Markup.coord(width - RIGHT + 16) + " " + Markup.coord(ly - 4) + " L"
                    + Markup.coord(width - RIGHT + 36) + " " + Markup.coord(ly - 4), s.colour(), "series", null);
            svg.text(width - RIGHT + 42, ly, s.name(), "start", "legend");
            ly += 18;
        }
        return svg;
    }

    /** A scatter plot with an optional polyline through the first {@code frontSize} points (sorted by x). */
    public static Svg scatter(String title, String xLabel, String yLabel, DoubleFunction<String> formatX,
                              DoubleFunction<String> formatY, List<Point> front, List<Point> marks,
                              List<String[]> legend, double width, double height) {
        double right = SCATTER_RIGHT;
        double xlo = Double.POSITIVE_INFINITY;
        double xhi = 0;
        double ylo = Double.POSITIVE_INFINITY;
        double yhi = 0;
        for (List<Point> list : List.of(front, marks)) {
            for (Point p : list) {
                xlo = Math.min(xlo, p.x());
                xhi = Math.max(xhi, p.x());
                ylo = Math.min(ylo, p.y());
                yhi = Math.max(yhi, p.y());
            }
        }
        Svg svg = new Svg(width, height, title);
        svg.text(LEFT, 16, title, "start", "chart-title");
        if (xhi == 0) {
            svg.text(width / 2, height / 2, "no points", "middle", "caption");
            return svg;
        }
        Axis x = Axis.range(xlo, xhi, LEFT, width - right);
        Axis y = Axis.range(ylo, yhi, height - BOTTOM, TOP + 8);
        yAxis(svg, y, width - right, formatY, yLabel);
        for (double t : x.ticks()) {
            double px = x.px(t);
            svg.line(px, TOP + 8, px, height - BOTTOM, "grid");
            svg.text(px, height - BOTTOM + 18, formatX.apply(t), "middle", "tick-label");
        }
        svg.text((LEFT + width - right) / 2, height - 12, xLabel, "middle", "axis-label");
        StringBuilder d = new StringBuilder();
        for (Point p : front) {
            d.append(d.length() == 0 ? "M" : " L").append(Markup.coord(x.px(p.x()))).append(' ')
                    .append(Markup.coord(y.px(p.y())));
        }
        if (front.size() > 1) {
            svg.path(d.toString(), Palette.DP, "series thin", null);
        }
        for (Point p : front) {
            svg.circle(x.px(p.x()), y.px(p.y()), p.size(), p.colour(), "dot", p.tooltip());
        }
        for (Point p : marks) {
            svg.circle(x.px(p.x()), y.px(p.y()), p.size(), p.colour(), "mark", p.tooltip());
        }
        double ly = TOP + 14;
        for (String[] l : legend) {
            svg.circle(width - right + 24, ly - 4, 5, l[1], "mark", null);
            svg.text(width - right + 36, ly, l[0], "start", "legend");
            ly += 18;
        }
        return svg;
    }

    private static void yAxis(Svg svg, Axis y, double right, DoubleFunction<String> format, String label) {
        for (double t : y.ticks()) {
            double py = y.px(t);
            svg.line(LEFT, py, right, py, "grid");
            svg.text(LEFT - 6, py + 4, format.apply(t), "end", "tick-label");
        }
        svg.line(LEFT, y.from(), right, y.from(), "axis");
        svg.rotatedText(16, (y.from() + y.to()) / 2, -90, label + (y.log() ? " (log scale)" : ""), "middle",
                "axis-label");
    }
}
