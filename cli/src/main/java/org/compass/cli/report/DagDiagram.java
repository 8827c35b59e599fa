package org.compass.cli.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.compass.cli.format.Units;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Tensor;
import org.compass.model.mapping.Unit;
import org.compass.model.problem.Problem;
import org.compass.solver.plan.Plan;

/**
 * Draws the mapped network as a layered DAG: x is a unit's longest-path rank from the network inputs, y
 * its lane within the rank (ordered by the mean lane of its predecessors, to keep edges short). Weighted
 * layers are boxes whose size grows with their crossbars, filled with their partition's colour; the other
 * nodes are small outlined boxes. Edges between partitions go through DRAM: they are drawn thick and red,
 * labelled with the bytes one batch stores for that tensor.
 */
public final class DagDiagram {

    private static final double MARGIN = 24;
    private static final double GAP_X = 40;
    private static final double GAP_Y = 12;
    private static final double MAX_COLUMN = 560;
    private static final double TOP = 28;
    private static final double ROW_PAD = 44;
    private static final double ROW_GAP = 30;
    /** Byte labels drawn for the tensors leaving one column (a sliced layer has many; tooltips have all). */
    private static final int MAX_LABELS_PER_COLUMN = 3;

    private DagDiagram() {
    }

    /** One box of the picture: a unit, or a pseudo node for a network input or the network output. */
    record Box(int unit, String name, int rank, boolean weighted, int crossbars, int partition, int replication,
               double w, double h, double[] xy) {
    }

    private record EdgeLabel(double x, double y, String text) {
    }

    /** The ranks of units (network inputs are rank 0, so units start at 1). */
    static int[] ranks(MappedGraph g) {
        int[] rank = new int[g.size()];
        for (Unit u : g.units()) {
            int r = 1;
            for (int t : u.inputTensors()) {
                int p = g.tensor(t).producer();
                r = Math.max(r, p < 0 ? 1 : rank[p] + 1);
            }
            rank[u.id()] = r;
        }
        return rank;
    }

    /**
     * Where every box goes, computed without drawing: boxes by rank in columns as wide as their widest box,
     * wrapped into rows of at most {@code maxWidth}, each column's boxes stacked in barycentre order and centred
     * (shrunk by {@code scale} when a column is very tall).
     *
     * @param boxes       the network inputs, the units and the output, each with its top-left corner set
     * @param boxOfUnit   the box of each unit
     * @param boxOfTensor the box of each network input tensor (-1 for other tensors)
     * @param outputBox   the output's box
     * @param rowOf       the row of each rank's column
     * @param rowTop      the top of each row
     * @param rowHeights  the height of each row
     * @param scale       each column's shrink factor
     * @param height      the picture's height
     */
    record Layout(List<Box> boxes, int[] boxOfUnit, List<Integer> boxOfTensor, int outputBox, int[] rowOf,
                  double[] rowTop, List<Double> rowHeights, double[] scale, double height) {
    }

    /** Units drawn; a larger graph is drawn up to the last rank that keeps the picture within this many. */
    static final int MAX_UNITS = 600;
    /** Partitions given a swatch in the legend; beyond them the palette's colours repeat anyway. */
    static final int MAX_LEGEND = 64;

    /** The layout of a graph whose units run in the given partitions with the given replication. */
    static Layout layout(MappedGraph g, int[] part, int[] rep, int partitions, double maxWidth) {
        return layout(g, part, rep, partitions, maxWidth, Integer.MAX_VALUE);
    }

    /**
     * The highest rank drawn: every rank for a graph of at most {@link #MAX_UNITS} units, else the last rank up to
     * which there are at most that many (at least rank 1).
     */
    static int lastRank(MappedGraph g) {
        int[] rank = ranks(g);
        if (g.size() <= MAX_UNITS) {
            return Integer.MAX_VALUE;
        }
        int maxRank = 0;
        for (int r : rank) {
            maxRank = Math.max(maxRank, r);
        }
        int[] perRank = new int[maxRank + 2];
        for (int r : rank) {
            perRank[r]++;
        }
        int drawn = 0;
        for (int r = 1; r <= maxRank; r++) {
            drawn += perRank[r];
            if (drawn > MAX_UNITS) {
                return Math.max(1, r - 1);
            }
        }
        return maxRank;
    }

    /**
     * The layout of the units of rank at most {@code lastRank}; when that leaves units out, the network output is
     * not drawn ({@code outputBox} is -1) and left-out units have box -1.
     */
    static Layout layout(MappedGraph g, int[] part, int[] rep, int partitions, double maxWidth, int lastRank) {
        int n = g.size();
        int[] rank = ranks(g);
        int maxRank = 0;
        for (int r : rank) {
            maxRank = Math.max(maxRank, r);
        }
        boolean cut = lastRank < maxRank;
        int outRank = cut ? lastRank : maxRank + 1;
        double maxXb = g.units().stream().mapToInt(Unit::crossbars).max().orElse(1);
        List<Box> boxes = new ArrayList<>();
        int[] boxOfUnit = new int[n];
        List<Integer> boxOfTensor = new ArrayList<>();
        for (Tensor t : g.tensors()) {
            // a cut picture leaves out the inputs that only left-out units read (a decoder's later KV caches)
            boolean read = !cut || t.consumers().stream().anyMatch(c -> rank[c] <= lastRank);
            if (t.producer() < 0 && read) {
                boxOfTensor.add(boxes.size());
                boxes.add(new Box(-1, "input " + t.name(), 0, false, 0, -1, 0, 52, 24, new double[2]));
            } else {
                boxOfTensor.add(-1);
            }
        }
        for (Unit u : g.units()) {
            if (rank[u.id()] > outRank || (cut && rank[u.id()] > lastRank)) {
                boxOfUnit[u.id()] = -1;
                continue;
            }
            boxOfUnit[u.id()] = boxes.size();
            double s = Math.sqrt(u.crossbars() / maxXb);
            double w = u.weighted() ? 60 + 30 * s : 46;
            double h = u.weighted() ? 26 + 44 * s : 20;
            boxes.add(new Box(u.id(), u.name(), rank[u.id()], u.weighted(), u.crossbars(), part[u.id()],
                    rep[u.id()], w, h, new double[2]));
        }
        int outputBox = cut ? -1 : boxes.size();
        if (!cut) {
            boxes.add(new Box(-1, "output", outRank, false, 0, -1, 0, 52, 24, new double[2]));
        }
        List<List<Box>> columns = new ArrayList<>();
        for (int r = 0; r <= outRank; r++) {
            columns.add(new ArrayList<>());
        }
        for (Box b : boxes) {
            columns.get(b.rank()).add(b);
        }
        // columns as wide as their widest box, wrapped into rows of at most maxWidth; a column's boxes are
        // stacked and centred, shrunk when a column is very tall (VGG's sliced fc layer)
        double[] scale = new double[columns.size()];
        double[] colWidth = new double[columns.size()];
        double[] colHeight = new double[columns.size()];
        int[] rowOf = new int[columns.size()];
        List<Double> rowHeights = new ArrayList<>();
        double x = MARGIN;
        for (int r = 0; r < columns.size(); r++) {
            List<Box> col = columns.get(r);
            double sum = col.stream().mapToDouble(Box::h).sum() + GAP_Y * Math.max(0, col.size() - 1);
            scale[r] = sum > MAX_COLUMN ? MAX_COLUMN / sum : 1;
            colHeight[r] = sum * scale[r];
            colWidth[r] = col.stream().mapToDouble(Box::w).max().orElse(0);
            if (r > 0 && x + colWidth[r] > maxWidth - MARGIN) {
                x = MARGIN;
                rowHeights.add(0.0);
            }
            if (rowHeights.isEmpty()) {
                rowHeights.add(0.0);
            }
            rowOf[r] = rowHeights.size() - 1;
            rowHeights.set(rowOf[r], Math.max(rowHeights.get(rowOf[r]), colHeight[r]));
            x += colWidth[r] + GAP_X;
        }
        int rows = rowHeights.size();
        double[] rowTop = new double[rows];
        int legendLines = 1 + Math.max(0, partitions - 1) / Math.max(1, (int) ((maxWidth - 2 * MARGIN - 250) / 48));
        double y0 = TOP + 20 * (legendLines - 1);
        for (int i = 0; i < rows; i++) {
            rowTop[i] = y0 + ROW_PAD;
            y0 = rowTop[i] + rowHeights.get(i) + ROW_GAP;
        }
        x = MARGIN;
        for (int r = 0; r < columns.size(); r++) {
            List<Box> col = columns.get(r);
            if (r > 0) {
                // barycentre order: predecessors' mean y, so branches stay beside the path they leave
                List<double[]> keys = new ArrayList<>();
                for (Box b : col) {
                    keys.add(new double[] {barycentre(g, b, boxOfUnit, boxOfTensor, boxes), b.unit()});
                }
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < col.size(); i++) {
                    order.add(i);
                }
                order.sort(Comparator.<Integer>comparingDouble(i -> keys.get(i)[0]).thenComparingDouble(i -> keys.get(i)[1]));
                List<Box> sorted = new ArrayList<>();
                for (int i : order) {
                    sorted.add(col.get(i));
                }
                col.clear();
                col.addAll(sorted);
                if (rowOf[r] != rowOf[r - 1]) {
                    x = MARGIN;
                }
            }
            int row = rowOf[r];
            double y = rowTop[row] + (rowHeights.get(row) - colHeight[r]) / 2;
            for (Box b : col) {
                b.xy()[0] = x + (colWidth[r] - b.w()) / 2;
                b.xy()[1] = y;
                y += b.h() * scale[r] + GAP_Y * scale[r];
            }
            x += colWidth[r] + GAP_X;
        }
        return new Layout(boxes, boxOfUnit, boxOfTensor, outputBox, rowOf, rowTop, rowHeights, scale,
                y0 - ROW_GAP + 28);
    }

    /** The picture of a plan over the problem's mapped graph, wrapped into rows of at most maxWidth pixels. */
    public static Svg draw(Problem problem, Plan plan, double maxWidth) {
        return draw(problem, plan, maxWidth, lastRank(problem.graph()));
    }

    /** The picture of the units up to {@code lastRank} ({@link #lastRank}). */
    static Svg draw(Problem problem, Plan plan, double maxWidth, int lastRank) {
        MappedGraph g = problem.graph();
        int n = g.size();
        int[] part = plan.partitionOfUnits(n);
        int legend = 0;
        for (int u = 0; u < n; u++) {
            legend = Math.max(legend, part[u] + 1);
        }
        int[] rank = ranks(g);
        if (lastRank != Integer.MAX_VALUE) {
            legend = 0;
            for (int u = 0; u < n; u++) {
                if (rank[u] <= lastRank) {
                    legend = Math.max(legend, part[u] + 1);
                }
            }
        }
        Layout layout = layout(g, part, plan.replicationOfUnits(n), Math.min(legend, MAX_LEGEND + 8), maxWidth,
                lastRank);
        List<Box> boxes = layout.boxes();
        int[] boxOfUnit = layout.boxOfUnit();
        List<Integer> boxOfTensor = layout.boxOfTensor();
        int outputBox = layout.outputBox();
        int[] rowOf = layout.rowOf();
        double[] rowTop = layout.rowTop();
        List<Double> rowHeights = layout.rowHeights();
        double[] scale = layout.scale();
        int columns = rowOf.length;
        double width = maxWidth;
        double height = layout.height();
        Svg svg = new Svg(width, height, problem.network().name() + " as a DAG, coloured by partition");
        // legend: the edge styles, then one swatch per partition, wrapping onto more lines when many
        svg.path("M" + c(MARGIN) + " 15 L" + c(MARGIN + 34) + " 15", Palette.CROSSING, "edge crossing", null);
        svg.text(MARGIN + 40, 19, "through DRAM", "start", "legend");
        svg.path("M" + c(MARGIN + 140) + " 15 L" + c(MARGIN + 174) + " 15", null, "edge", null);
        svg.text(MARGIN + 180, 19, "on chip", "start", "legend");
        double lx = MARGIN + 250;
        double ly = 8;
        for (int p = 0; p < Math.min(legend, MAX_LEGEND); p++) {
            if (lx + 48 > maxWidth - MARGIN) {
                lx = MARGIN + 250;
                ly += 20;
            }
            svg.rect(lx, ly, 14, 14, Palette.partition(p), "node", null);
            svg.text(lx + 18, ly + 11, "P" + p, "start", "legend");
            lx += 48;
        }
        if (legend > MAX_LEGEND) {
            svg.text(lx + 4, ly + 11, "\u2026 to P" + (legend - 1) + " (colours repeat; hover a box for its partition)",
                    "start", "legend");
        }
        // edges first, so boxes cover their ends
        List<EdgeLabel> labels = new ArrayList<>();
        int[] labelsFrom = new int[columns];
        for (Tensor t : g.tensors()) {
            if (t.producer() >= 0 ? boxOfUnit[t.producer()] < 0 : boxOfTensor.get(t.id()) < 0) {
                continue;
            }
            Box from = t.producer() < 0 ? boxes.get(boxOfTensor.get(t.id())) : boxes.get(boxOfUnit[t.producer()]);
            int fromPart = t.producer() < 0 ? -1 : part[t.producer()];
            List<Integer> targets = new ArrayList<>(t.consumers());
            boolean labelled = false;
            Set<Integer> readers = new TreeSet<>();
            for (int c : t.consumers()) {
                if (part[c] != fromPart) {
                    readers.add(part[c]);
                }
            }
            if (t.networkOutput() && outputBox >= 0) {
                targets.add(-1);
            }
            targets.removeIf(c -> c >= 0 && boxOfUnit[c] < 0);
            long batchBytes = (long) problem.batch() * t.bytes();
            for (int c : targets) {
                Box to = c < 0 ? boxes.get(outputBox) : boxes.get(boxOfUnit[c]);
                boolean crossing = c < 0 || part[c] != fromPart;
                double x1 = from.xy()[0] + from.w();
                double y1 = from.xy()[1] + height(from, scale) / 2;
                double x2 = to.xy()[0];
                double y2 = to.xy()[1] + height(to, scale) / 2;
                int fromRow = rowOf[from.rank()];
                int toRow = rowOf[to.rank()];
                String d;
                double mx;
                double my;
                if (fromRow == toRow) {
                    int span = to.rank() - from.rank();
                    // edges that skip columns arc over the boxes between them, into the row's top padding
                    double bow = span > 1 && Math.abs(y2 - y1) < 30
                            ? Math.min(22 + 10 * span, Math.max(0, y1 - (rowTop[fromRow] - ROW_PAD + 6)) * 4 / 3) : 0;
                    double dx = Math.max(20, (x2 - x1) / 3);
                    d = "M" + c(x1) + " " + c(y1) + " C" + c(x1 + dx) + " " + c(y1 - bow) + " " + c(x2 - dx) + " "
                            + c(y2 - bow) + " " + c(x2) + " " + c(y2);
                    // the midpoint of a cubic Bezier with these control points
                    mx = (x1 + 3 * (x1 + dx) + 3 * (x2 - dx) + x2) / 8;
                    my = (y1 + 3 * (y1 - bow) + 3 * (y2 - bow) + y2) / 8;
                } else {
                    // to a later row: down the gap after the source, back along the gap between rows, down to it
                    double yg = rowTop[fromRow] + rowHeights.get(fromRow) + ROW_GAP * 0.45;
                    d = "M" + c(x1) + " " + c(y1) + " C" + c(x1 + 22) + " " + c(y1) + " " + c(x1 + 22) + " " + c(yg)
                            + " " + c(x1) + " " + c(yg) + " L" + c(x2) + " " + c(yg) + " C" + c(x2 - 22) + " " + c(yg)
                            + " " + c(x2 - 22) + " " + c(y2) + " " + c(x2) + " " + c(y2);
                    mx = (x1 + x2) / 2;
                    my = yg;
                }
                String tip = t.name() + " -> " + (c < 0 ? "network output" : g.unit(c).name()) + ", "
                        + Units.bytes(t.bytes()) + " per input"
                        + (crossing ? "; through DRAM: " + Units.bytes(batchBytes) + " per batch"
                        + (c < 0 ? " stored as the result" : fromPart < 0 ? " loaded" : " stored by P" + fromPart
                        + ", loaded by " + readers.stream().map(p -> "P" + p).toList()) : "");
                svg.path(d, crossing ? Palette.CROSSING : null, crossing ? "edge crossing" : "edge", tip);
                if (crossing && !labelled && labelsFrom[from.rank()] < MAX_LABELS_PER_COLUMN) {
                    labelled = true;
                    labelsFrom[from.rank()]++;
                    labels.add(new EdgeLabel(mx, my, Units.bytes(batchBytes)));
                }
            }
        }
        for (Box b : boxes) {
            drawBox(svg, b, height(b, scale), plan);
        }
        List<double[]> placed = new ArrayList<>();
        for (Box b : boxes) {
            // labels sit in the gaps between columns and may overlap a box's rim, not its name
            placed.add(new double[] {b.xy()[0] + 10, b.xy()[1] + 2, b.xy()[0] + b.w() - 10,
                    b.xy()[1] + height(b, scale) - 2});
        }
        for (EdgeLabel l : labels) {
            double w = 6.2 * l.text().length() + 6;
            double[] r = {l.x() - w / 2, l.y() - 8, l.x() + w / 2, l.y() + 7};
            // a label that would cover a box or another label is left to the edge's tooltip and the tables
            if (placed.stream().anyMatch(q -> r[0] < q[2] && q[0] < r[2] && r[1] < q[3] && q[1] < r[3])) {
                continue;
            }
            placed.add(r);
            svg.roundRect(l.x() - w / 2, l.y() - 8, w, 15, 3, "#ffffff", "edge-label-bg", null);
            svg.text(l.x(), l.y() + 3.5, l.text(), "middle", "edge-label");
        }
        return svg;
    }

    private static double height(Box b, double[] scale) {
        return b.h() * scale[b.rank()];
    }

    private static void drawBox(Svg svg, Box b, double h, Plan plan) {
        double x = b.xy()[0];
        double y = b.xy()[1];
        if (b.unit() < 0) {
            svg.roundRect(x, y, b.w(), h, 10, "#f4f4f4", "io-node", b.name());
            svg.text(x + b.w() / 2, y + h / 2 + 4, b.name().startsWith("input") ? "input" : "output", "middle", "node-label");
            return;
        }
        String colour = Palette.partition(b.partition());
        String tip = b.name() + " (P" + b.partition() + ")" + (b.weighted() ? ": " + b.crossbars() + " crossbars"
                + (b.replication() > 1 ? " x " + b.replication() + " replicas = " + (b.crossbars() * b.replication()) : "")
                : ": no crossbars (vector unit)");
        if (b.weighted()) {
            svg.roundRect(x, y, b.w(), h, 3, colour, "node", tip);
        } else {
            svg.roundRect(x, y, b.w(), h, 3, "#ffffff", "node-light", tip);
            svg.roundRect(x, y + h - 4, b.w(), 4, 0, colour, null, null);
        }
        String[] lines = splitName(b.name(), (int) ((b.w() - 4) / (b.weighted() ? 6.2 : 5.2)));
        String cls = b.weighted() ? "node-label on-colour" : "node-label small";
        if (h >= 26 && lines.length == 2) {
            svg.text(x + b.w() / 2, y + h / 2 - 2, lines[0], "middle", cls);
            svg.text(x + b.w() / 2, y + h / 2 + 9, lines[1], "middle", cls);
        } else if (h >= 12) {
            svg.text(x + b.w() / 2, y + h / 2 + 3.5, lines[lines.length - 1], "middle", cls);
        }
        if (b.replication() > 1 && h >= 20) {
            svg.roundRect(x + b.w() - 24, y - 7, 26, 13, 6, "#222222", null, null);
            svg.text(x + b.w() - 11, y + 3, "x" + b.replication(), "middle", "badge");
        }
    }

    /** A layer name as at most two lines: the part before the last dot and the part after, each cut to fit. */
    static String[] splitName(String name, int max) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0) {
            return new String[] {cut(name, max)};
        }
        return new String[] {cut(name.substring(0, dot), max), cut(name.substring(dot + 1), max)};
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }

    private static double barycentre(MappedGraph g, Box b, int[] boxOfUnit, List<Integer> boxOfTensor,
                                     List<Box> boxes) {
        List<Integer> preds = new ArrayList<>();
        if (b.unit() >= 0) {
            for (int t : g.unit(b.unit()).inputTensors()) {
                int p = g.tensor(t).producer();
                preds.add(p < 0 ? boxOfTensor.get(t) : boxOfUnit[p]);
            }
        } else {
            for (Tensor t : g.tensors()) {
                if (t.networkOutput()) {
                    preds.add(boxOfUnit[t.producer()]);
                }
            }
        }
        double sum = 0;
        for (int p : preds) {
            Box q = boxes.get(p);
            sum += q.xy()[1];
        }
        return preds.isEmpty() ? 0 : sum / preds.size();
    }

    private static String c(double v) {
        return Markup.coord(v);
    }
}
