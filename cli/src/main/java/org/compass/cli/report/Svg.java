package org.compass.cli.report;

/**
 * A small SVG writer: shapes, text and groups appended in drawing order, each shape optionally with a
 * tooltip ({@code <title>}). The output is an inline {@code <svg>} element that is valid XML.
 */
public final class Svg {

    private final StringBuilder body = new StringBuilder();
    private final double width;
    private final double height;
    private final String label;
    private int depth;

    /**
     * @param width  width in CSS pixels (the picture is drawn at that size)
     * @param height height in CSS pixels
     * @param label  what the picture shows, for screen readers
     */
    public Svg(double width, double height, String label) {
        this.width = width;
        this.height = height;
        this.label = label;
    }

    /** Width in pixels. */
    public double width() {
        return width;
    }

    /** Height in pixels. */
    public double height() {
        return height;
    }

    /** A rectangle with a fill colour, an optional CSS class and an optional tooltip. */
    public Svg rect(double x, double y, double w, double h, String fill, String cssClass, String tooltip) {
        return shape("rect", tooltip, "x", coord(x), "y", coord(y), "width", coord(Math.max(0, w)),
                "height", coord(Math.max(0, h)), "fill", fill, "class", cssClass);
    }

    /** A rectangle with rounded corners. */
    public Svg roundRect(double x, double y, double w, double h, double r, String fill, String cssClass,
                         String tooltip) {
        return shape("rect", tooltip, "x", coord(x), "y", coord(y), "width", coord(Math.max(0, w)),
                "height", coord(Math.max(0, h)), "rx", coord(r), "fill", fill, "class", cssClass);
    }

    /** A straight line. */
    public Svg line(double x1, double y1, double x2, double y2, String cssClass) {
        return shape("line", null, "x1", coord(x1), "y1", coord(y1), "x2", coord(x2), "y2", coord(y2),
                "class", cssClass);
    }

    /** A path given in SVG path syntax, with a stroke colour (or null for the class's). */
    public Svg path(String d, String stroke, String cssClass, String tooltip) {
        return shape("path", tooltip, "d", d, "stroke", stroke, "class", cssClass);
    }

    /** A circle. */
    public Svg circle(double cx, double cy, double r, String fill, String cssClass, String tooltip) {
        return shape("circle", tooltip, "cx", coord(cx), "cy", coord(cy), "r", coord(r), "fill", fill,
                "class", cssClass);
    }

    /** Text anchored at (x, y); anchor is start, middle or end. */
    public Svg text(double x, double y, String text, String anchor, String cssClass) {
        indent();
        body.append("<text x=\"").append(coord(x)).append("\" y=\"").append(coord(y)).append('"');
        attr("text-anchor", anchor);
        attr("class", cssClass);
        body.append('>').append(Markup.escape(text)).append("</text>\n");
        return this;
    }

    /** Text rotated by the given degrees about its anchor. */
    public Svg rotatedText(double x, double y, double degrees, String text, String anchor, String cssClass) {
        indent();
        body.append("<text x=\"").append(coord(x)).append("\" y=\"").append(coord(y)).append('"');
        attr("transform", "rotate(" + coord(degrees) + " " + coord(x) + " " + coord(y) + ")");
        attr("text-anchor", anchor);
        attr("class", cssClass);
        body.append('>').append(Markup.escape(text)).append("</text>\n");
        return this;
    }

    /** Opens a group; close it with {@link #end()}. A tooltip on a group covers all its shapes. */
    public Svg group(String cssClass, String tooltip) {
        indent();
        body.append("<g");
        attr("class", cssClass);
        body.append(">\n");
        depth++;
        if (tooltip != null) {
            indent();
            body.append("<title>").append(Markup.escape(tooltip)).append("</title>\n");
        }
        return this;
    }

    /** Closes the innermost group. */
    public Svg end() {
        if (depth == 0) {
            throw new IllegalStateException("no open group");
        }
        depth--;
        indent();
        body.append("</g>\n");
        return this;
    }

    /** The picture as an inline {@code <svg>} element. */
    public String render() {
        if (depth != 0) {
            throw new IllegalStateException(depth + " group(s) left open");
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + coord(width) + "\" height=\"" + coord(height)
                + "\" viewBox=\"0 0 " + coord(width) + " " + coord(height) + "\" role=\"img\" aria-label=\""
                + Markup.escape(label) + "\">\n<title>" + Markup.escape(label) + "</title>\n" + body + "</svg>\n";
    }

    private Svg shape(String tag, String tooltip, String... attrs) {
        indent();
        body.append('<').append(tag);
        for (int i = 0; i < attrs.length; i += 2) {
            attr(attrs[i], attrs[i + 1]);
        }
        if (tooltip == null) {
            body.append("/>\n");
        } else {
            body.append("><title>").append(Markup.escape(tooltip)).append("</title></").append(tag).append(">\n");
        }
        return this;
    }

    private void attr(String name, String value) {
        if (value != null) {
            body.append(' ').append(name).append("=\"").append(Markup.escape(value)).append('"');
        }
    }

    private void indent() {
        body.append("  ".repeat(depth + 1));
    }

    private static String coord(double v) {
        return Markup.coord(v);
    }
}
