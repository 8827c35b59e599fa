package org.compass.cli.report;

/** The report's style sheet, inlined into the page (no fonts or files to fetch; system fonts only). */
final class Style {

    private Style() {
    }

    static final String CSS = """
            :root { color-scheme: light; }
            body { margin: 0; background: #f6f7f9; color: #1d2329;
              font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", "Liberation Sans", sans-serif;
              font-size: 15px; line-height: 1.45; }
            main { max-width: 1280px; margin: 0 auto; padding: 20px 20px 60px; }
            h1 { font-size: 26px; margin: 8px 0 4px; }
            h2 { font-size: 20px; margin: 34px 0 10px; padding-top: 10px; border-top: 1px solid #d8dde3; }
            p.subtitle { color: #56606b; margin-top: 0; }
            p.story { font-size: 16px; max-width: 1100px; background: #fff; border-left: 4px solid #1f6fb2;
              padding: 10px 14px; }
            p.warning { background: #fff4e5; border-left: 4px solid #e8a33d; padding: 10px 14px; }
            nav a { margin-right: 16px; color: #1f6fb2; text-decoration: none; font-weight: 600; }
            .cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 14px 0 18px; }
            .card { background: #fff; border: 1px solid #dde2e8; border-radius: 8px; padding: 10px 14px; min-width: 128px; }
            .card.good { border-color: #59a14f; background: #f1f8ef; }
            .card.warn { border-color: #e8a33d; background: #fff8ec; }
            .card-label { font-size: 12px; color: #56606b; text-transform: uppercase; letter-spacing: 0.04em; }
            .card-value { font-size: 22px; font-weight: 650; }
            .card-note { font-size: 12px; color: #56606b; }
            figure { margin: 10px 0 6px; background: #fff; border: 1px solid #dde2e8; border-radius: 8px; padding: 8px; }
            figcaption { font-size: 13px; color: #56606b; padding: 4px 6px 0; }
            .scroll { overflow-x: auto; }
            table { border-collapse: collapse; background: #fff; margin: 8px 0 14px; font-size: 13.5px; }
            caption { text-align: left; font-weight: 600; padding: 4px 0 6px; }
            th, td { border: 1px solid #dde2e8; padding: 4px 9px; text-align: left; }
            th { background: #eef1f4; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            details { margin: 6px 0 14px; }
            summary { cursor: pointer; color: #1f6fb2; font-weight: 600; }
            dl { background: #fff; border: 1px solid #dde2e8; border-radius: 8px; padding: 10px 16px; }
            dt { font-weight: 650; margin-top: 6px; }
            dd { margin-left: 18px; color: #39424c; }
            svg { display: block; font-family: inherit; }
            svg text { font-size: 11px; fill: #1d2329; }
            svg .caption { font-size: 12px; fill: #56606b; }
            svg .chart-title { font-size: 14px; font-weight: 650; }
            svg .lane-label, svg .legend { font-size: 12px; }
            svg .tick-label { font-size: 11px; fill: #56606b; }
            svg .axis-label { font-size: 12px; fill: #39424c; }
            svg .band-label { font-size: 11px; font-weight: 700; fill: #ffffff; }
            svg .bar-label { font-size: 10px; fill: #ffffff; }
            svg .value-label { font-size: 11px; }
            svg .node-label { font-size: 10px; }
            svg .node-label.on-colour { fill: #ffffff; font-weight: 600; }
            svg .node-label.small { font-size: 9px; }
            svg .badge { font-size: 9px; font-weight: 700; fill: #ffffff; }
            svg .edge-label { font-size: 10px; font-weight: 700; fill: #c0392b; }
            svg .edge-label-bg { stroke: #c0392b; stroke-width: 0.8; }
            svg .node { stroke: #1d2329; stroke-opacity: 0.35; }
            svg .node-light { stroke: #8a949e; }
            svg .io-node { stroke: #8a949e; stroke-dasharray: 3 2; }
            svg .edge { fill: none; stroke: #8a949e; stroke-width: 1.2; }
            svg .edge.crossing { stroke: #c0392b; stroke-width: 2.4; stroke-dasharray: 6 3; }
            svg .bar { stroke: #ffffff; stroke-width: 0.6; }
            svg .band { stroke: #ffffff; stroke-width: 1; }
            svg .boundary { stroke: #1d2329; stroke-opacity: 0.25; stroke-dasharray: 2 3; }
            svg .axis { stroke: #39424c; }
            svg .tick { stroke: #39424c; }
            svg .grid { stroke: #e3e7eb; }
            svg .series { fill: none; stroke-width: 2.2; }
            svg .series.thin { stroke-width: 1.4; }
            svg .dot { stroke: #ffffff; stroke-width: 1; }
            svg .mark { stroke: #111111; stroke-width: 1.5; fill-opacity: 0.85; }
            """;
}
