package org.compass.cli.report;

import org.compass.cli.report.HtmlReport.Inputs;

/** The terms the report uses. */
final class Glossary {

    private Glossary() {
    }

    static void write(Html h, Inputs in) {
        h.heading(2, "terms", "Terms");
        h.raw("<dl>\n");
        term(h, "crossbar", "an array of memory cells that holds part of a layer's weights and multiplies a vector by "
                + "them in one step (MVM). A chip has a fixed number of them, spread over cores.");
        term(h, "partition", "a group of consecutive layers whose weights are on the chip at the same time. "
                + "Partitions run one after another; between them the crossbars are rewritten.");
        term(h, "replica", "an extra copy of a layer's weights, so several inputs' rows go through it at once: it "
                + "shortens the slowest pipeline stage at the price of crossbars.");
        term(h, "program / compute / DRAM I/O", "the three phases of a partition: writing its weights, running the "
                + "batch through its layer pipeline, and moving the activations that cross partitions to and from DRAM.");
        term(h, "EDP", "energy-delay product, energy times latency of one batch: lower is better for both at once.");
        term(h, "greedy, layerwise", "the baselines of the COMPASS paper: fill the chip layer by layer, or one layer "
                + "per partition.");
        if (in.schedule() != null) {
            term(h, "write schedule, makespan", "a timed plan of every weight load, crossbar write, pipeline stage and "
                    + "activation transfer that lets writes overlap computation (early stage starts, prefetched "
                    + "writes); its makespan is the batch latency it achieves, against the v1 phases.");
        }
        if (in.simulated()) {
            term(h, "simulator", "an event-by-event model of the chip that runs per-core programs lowered from the "
                    + "plan and checks them; it does not use the cost model, so agreement is evidence.");
        }
        h.raw("</dl>\n");
    }

    static void term(Html h, String term, String text) {
        h.raw("<dt>" + Markup.escape(term) + "</dt><dd>" + Markup.escape(text) + "</dd>\n");
    }
}
