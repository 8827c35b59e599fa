package org.compass.cli.report;

import java.util.List;

/** An XHTML-compatible page body built in order: headings, paragraphs, tables and inline SVG. */
public final class Html {

    private final StringBuilder body = new StringBuilder();

    /** A section heading with an anchor id. */
    public Html heading(int level, String id, String text) {
        body.append("<h").append(level);
        if (id != null) {
            body.append(" id=\"").append(Markup.escape(id)).append('"');
        }
        body.append('>').append(Markup.escape(text)).append("</h").append(level).append(">\n");
        return this;
    }

    /** A paragraph of plain text. */
    public Html paragraph(String text) {
        return paragraph(text, null);
    }

    /** A paragraph of plain text with a CSS class. */
    public Html paragraph(String text, String cssClass) {
        body.append("<p");
        if (cssClass != null) {
            body.append(" class=\"").append(Markup.escape(cssClass)).append('"');
        }
        body.append('>').append(Markup.escape(text)).append("</p>\n");
        return this;
    }

    /** Markup already escaped by the caller (built with this package's writers). */
    public Html raw(String markup) {
        body.append(markup);
        return this;
    }

    /** A picture in a horizontally scrollable frame (wide DAGs keep a readable font size). */
    public Html figure(Svg svg, String caption) {
        body.append("<figure>\n<div class=\"scroll\">\n").append(svg.render()).append("</div>\n");
        if (caption != null) {
            body.append("<figcaption>").append(Markup.escape(caption)).append("</figcaption>\n");
        }
        body.append("</figure>\n");
        return this;
    }

    /** A table with a caption, header cells and rows of cells. */
    public Html table(String caption, List<String> header, List<List<Cell>> rows) {
        body.append("<div class=\"scroll\"><table>\n");
        if (caption != null) {
            body.append("<caption>").append(Markup.escape(caption)).append("</caption>\n");
        }
        body.append("<thead><tr>");
        for (String h : header) {
            body.append("<th>").append(Markup.escape(h)).append("</th>");
        }
        body.append("</tr></thead>\n<tbody>\n");
        for (List<Cell> row : rows) {
            body.append("<tr>");
            for (Cell c : row) {
                body.append(c.render("td"));
            }
            body.append("</tr>\n");
        }
        body.append("</tbody>\n</table></div>\n");
        return this;
    }

    /** A table of details folded away under a one-line summary. */
    public Html details(String summary, Runnable content) {
        body.append("<details>\n<summary>").append(Markup.escape(summary)).append("</summary>\n");
        content.run();
        body.append("</details>\n");
        return this;
    }

    /** The body markup so far. */
    public String body() {
        return body.toString();
    }
}
