package org.compass.cli.report;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.compass.cli.format.Units;

/**
 * Draws a Gantt chart of {@link Bar}s: one row per lane, time along x, a band on top that shows when each
 * partition runs. It knows nothing of how the bars were obtained, so the phase model, a write schedule or a
 * simulator trace draw the same way.
 */
public final class Timeline {

    private static final double LEFT = 96;
    private static final double RIGHT = 24;
    private static final double TOP = 46;
    private static final double LANE = 18;
    private static final double GAP = 4;

    private Timeline() {
    }

    /**
     * The chart of the bars, drawn in a picture of the given width.
     *
     * @param bars  bars in any order; lanes appear in the order of their first bar
     * @param width picture width in pixels
     * @param title what the chart shows (for screen readers)
     */
    public static Svg draw(List<Bar> bars, double width, String title) {
        Map<Integer, double[]> spans = new TreeMap<>();
        for (Bar b : bars) {
            if (b.partition() >= 0) {
                double[] s = spans.computeIfAbsent(b.partition(), k -> new double[] {b.start(), b.end()});
                s[0] = Math.min(s[0], b.start());
                s[1] = Math.max(s[1], b.end());
            }
        }
        List<Band> bands = new ArrayList<>();
        for (Map.Entry<Integer, double[]> e : spans.entrySet()) {
            bands.add(new Band(e.getKey(), e.getValue()[0], e.getValue()[1], "partition " + e.getKey() + ": "
                    + Units.seconds(e.getValue()[0]) + " to " + Units.seconds(e.getValue()[1])));
        }
        return draw(bars, bands, width, title);
    }

    /**
     * The chart with the partition band given explicitly, for schedules whose partitions overlap (the span of
     * all of a partition's bars would then cover its neighbours).
     *
     * @param bars  bars in any order; lanes appear in the order of their first bar
     * @param bands what the band on top shows (may be empty)
     * @param width picture width in pixels
     * @param title what the chart shows (for screen readers)
     */
    public static Svg draw(List<Bar> bars, List<Band> bands, double width, String title) {
        Map<String, List<Bar>> lanes = new LinkedHashMap<>();
        double end = 0;
        Set<Bar.Kind> kinds = EnumSet.noneOf(Bar.Kind.class);
        for (Bar b : bars) {
            lanes.computeIfAbsent(b.lane(), k -> new ArrayList<>()).add(b);
            end = Math.max(end, b.end());
            kinds.add(b.kind());
        }
        for (Band b : bands) {
            end = Math.max(end, b.end());
        }
        double plotBottom = TOP + lanes.size() * (LANE + GAP);
        double height = plotBottom + 58;
        Svg svg = new Svg(width, height, title);
        Axis x = new Axis(0, end > 0 ? end : 1, LEFT, width - RIGHT, false);
        // partition band, with a faint column behind every lane so boundaries line up across cores
        for (Band band : bands) {
            int p = band.partition();
            double x0 = x.px(band.start());
            double x1 = x.px(band.end());
            svg.rect(x0, TOP - 22, x1 - x0, 16, Palette.partition(p), "band", band.tooltip());
            if (x1 - x0 > 22) {
                svg.text((x0 + x1) / 2, TOP - 10, "P" + p, "middle", "band-label");
            }
            svg.line(x0, TOP - 4, x0, plotBottom, "boundary");
        }
        int row = 0;
        for (Map.Entry<String, List<Bar>> lane : lanes.entrySet()) {
            double y = TOP + row * (LANE + GAP);
            svg.text(LEFT - 8, y + LANE - 5, lane.getKey(), "end", "lane-label");
            for (Bar b : lane.getValue()) {
                double x0 = x.px(b.start());
                double w = Math.max(x.px(b.end()) - x0, 0.5);
                String tip = lane.getKey() + ", " + (b.partition() >= 0 ? "P" + b.partition() + ", " : "")
                        + b.kind().label() + ": " + Units.seconds(b.start()) + " to " + Units.seconds(b.end())
                        + " (" + Units.seconds(b.end() - b.start()) + ")" + (b.label().isEmpty() ? "" : " - " + b.label());
                svg.rect(x0, y, w, LANE, b.kind().colour(), "bar", tip);
                if (b.partition() >= 0 && b.kind() != Bar.Kind.IDLE && w >= 2) {
                    // which partition a bar serves, where partitions overlap (prefetched writes) or bars are narrow
                    svg.rect(x0, y + LANE - 3, w, 3, Palette.partition(b.partition()), null, tip);
                }
                String text = fit(b.label(), w);
                if (!text.isEmpty() && b.kind() != Bar.Kind.IDLE) {
                    svg.text(x0 + 3, y + LANE - 5, text, "start", "bar-label");
                }
            }
            row++;
        }
        timeAxis(svg, x, plotBottom, width, "time from the start of the batch");
        double lx = LEFT;
        for (Bar.Kind k : Bar.Kind.values()) {
            if (!kinds.contains(k)) {
                continue;
            }
            svg.rect(lx, height - 16, 12, 12, k.colour(), "bar", null);
            svg.text(lx + 16, height - 6, k.label(), "start", "legend");
            lx += 30 + 7 * k.label().length();
        }
        return svg;
    }

    /** Partitions drawn one bar each; a plan with more is drawn in time bins ({@link #binned}). */
    public static final int MAX_PARTITIONS = 200;
    /** Time bins of a binned timeline (about 5.6 px each at the report's width). */
    static final int BINS = 200;

    /**
     * The chart of a plan too large to draw bar by bar: the time axis is cut into {@code bins} equal bins, and in
     * each bin every lane's column is filled from the bottom in proportion to the time its bars of each kind
     * cover there (whole pixels; neighbouring bins that round alike are one shape). The bars are handed over one
     * at a time and not kept, so the memory and the picture do not grow with the plan.
     *
     * @param bars   calls its argument once per bar; lanes appear in the order of their first bar
     * @param groups the band on top: each entry {first partition, last partition, start, end}
     * @param end    the end of the time axis (the last bar's end)
     * @param bins   number of time bins
     * @param width  picture width in pixels
     * @param title  what the chart shows (for screen readers)
     */
    static Svg binned(java.util.function.Consumer<java.util.function.Consumer<Bar>> bars, List<double[]> groups,
                      double end, int bins, double width, String title) {
        double span = end > 0 ? end : 1;
        double binSeconds = span / bins;
        Bar.Kind[] kinds = Bar.Kind.values();
        Map<String, double[][]> lanes = new LinkedHashMap<>();
        Set<Bar.Kind> seen = EnumSet.noneOf(Bar.Kind.class);
        bars.accept(b -> {
            double[][] lane = lanes.computeIfAbsent(b.lane(), k -> new double[bins][kinds.length]);
            seen.add(b.kind());
            int from = Math.max(0, Math.min(bins - 1, (int) (b.start() / binSeconds)));
            int to = Math.max(0, Math.min(bins - 1, (int) (b.end() / binSeconds)));
            for (int i = from; i <= to; i++) {
                double overlap = Math.min(b.end(), (i + 1) * binSeconds) - Math.max(b.start(), i * binSeconds);
                if (overlap > 0) {
                    lane[i][b.kind().ordinal()] += overlap;
                }
            }
        });
        double plotBottom = TOP + lanes.size() * (LANE + GAP);
        double height = plotBottom + 58;
        Svg svg = new Svg(width, height, title);
        Axis x = new Axis(0, span, LEFT, width - RIGHT, false);
        for (int gi = 0; gi < groups.size(); gi++) {
            double[] g = groups.get(gi);
            double x0 = x.px(g[2]);
            double x1 = x.px(g[3]);
            String name = new PartitionRuns.Run((int) g[0], (int) g[1]).label();
            svg.rect(x0, TOP - 22, Math.max(x1 - x0, 0.5), 16, Palette.partition(gi), "band", name + ": "
                    + Units.seconds(g[2]) + " to " + Units.seconds(g[3]));
        }
        int row = 0;
        for (Map.Entry<String, double[][]> lane : lanes.entrySet()) {
            double y = TOP + row * (LANE + GAP);
            svg.text(LEFT - 8, y + LANE - 5, lane.getKey(), "end", "lane-label");
            double[][] secs = lane.getValue();
            int[][] px = new int[bins][kinds.length];
            for (int i = 0; i < bins; i++) {
                for (int k = 0; k < kinds.length; k++) {
                    px[i][k] = (int) Math.round(Math.min(1, secs[i][k] / binSeconds) * LANE);
                }
            }
            for (int i = 0; i < bins; i++) {
                int j = i;
                while (j + 1 < bins && java.util.Arrays.equals(px[j + 1], px[i])) {
                    j++;
                }
                double x0 = x.px(i * binSeconds);
                double x1 = x.px((j + 1) * binSeconds);
                double top = y + LANE;
                for (int k = 0; k < kinds.length; k++) {
                    if (px[i][k] == 0) {
                        continue;
                    }
                    double h = Math.min(px[i][k], top - y);
                    top -= h;
                    double share = 0;
                    for (int q = i; q <= j; q++) {
                        share += secs[q][k];
                    }
                    svg.rect(x0, top, x1 - x0, h, kinds[k].colour(), "bar", lane.getKey() + ", "
                            + Units.seconds(i * binSeconds) + " to " + Units.seconds((j + 1) * binSeconds) + ": "
                            + kinds[k].label() + " " + Units.percent(share / ((j - i + 1) * binSeconds)));
                }
                i = j;
            }
            row++;
        }
        timeAxis(svg, x, plotBottom, width, "time from the start of the batch (" + bins + " bins of "
                + Units.seconds(binSeconds) + ")");
        double lx = LEFT;
        for (Bar.Kind k : kinds) {
            if (!seen.contains(k)) {
                continue;
            }
            svg.rect(lx, height - 16, 12, 12, k.colour(), "bar", null);
            svg.text(lx + 16, height - 6, k.label() + " (share of the bin)", "start", "legend");
            lx += 30 + 7 * (k.label().length() + 19);
        }
        return svg;
    }

    /**
     * The band's groups of a binned timeline: {@code size} consecutive partitions each, from per-partition spans
     * ({start, end} of each partition).
     */
    static List<double[]> groups(List<double[]> spans, int size) {
        List<double[]> groups = new ArrayList<>();
        for (int a = 0; a < spans.size(); a += size) {
            int b = Math.min(spans.size(), a + size) - 1;
            double start = Double.POSITIVE_INFINITY;
            double stop = 0;
            for (int p = a; p <= b; p++) {
                start = Math.min(start, spans.get(p)[0]);
                stop = Math.max(stop, spans.get(p)[1]);
            }
            groups.add(new double[] {a, b, start, stop});
        }
        return groups;
    }

    /**
     * What the band above the lanes shows for one partition.
     *
     * @param partition partition index (sets the colour and the label P0, P1, ...)
     * @param start     where the band starts, in seconds
     * @param end       where it ends, in seconds
     * @param tooltip   hover text
     */
    public record Band(int partition, double start, double end, String tooltip) {
    }

    /** The label cut to what fits in w pixels at about 6 px per character, or empty. */
    static String fit(String label, double w) {
        int chars = (int) ((w - 6) / 6);
        if (chars >= label.length()) {
            return label;
        }
        return chars >= 6 ? label.substring(0, chars - 1) + "\u2026" : "";
    }

    /** The time axis under the lanes: ticks, their labels, the line and its caption. */
    private static void timeAxis(Svg svg, Axis x, double plotBottom, double width, String caption) {
        for (double t : x.ticks()) {
            double p = x.px(t);
            svg.line(p, plotBottom, p, plotBottom + 5, "tick");
            svg.text(p, plotBottom + 17, Axis.tick(t, "s"), "middle", "tick-label");
        }
        svg.line(LEFT, plotBottom, width - RIGHT, plotBottom, "axis");
        svg.text((LEFT + width - RIGHT) / 2, plotBottom + 33, caption, "middle", "axis-label");
    }
}
