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
        for (double t : x.ticks()) {
            double px = x.px(t);
            svg.line(px, plotBottom, px, plotBottom + 5, "tick");
            svg.text(px, plotBottom + 17, Axis.tick(t, "s"), "middle", "tick-label");
        }
        svg.line(LEFT, plotBottom, width - RIGHT, plotBottom, "axis");
        svg.text((LEFT + width - RIGHT) / 2, plotBottom + 33, "time from the start of the batch", "middle",
                "axis-label");
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
}
