package org.compass.bench;

import java.util.List;
import org.compass.cli.report.HtmlReport;
import org.compass.formulations.dp.DpFormulation;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.problem.Limits;
import org.compass.model.problem.Problem;
import org.compass.solver.cost.CostModel;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;

/**
 * One pass of each phase of {@link ScaleBenchmark} timed by the thread's CPU time (what a shared, loaded machine
 * does not inflate): building the network, mapping it, dp (with the evaluation), the evaluation alone and the HTML
 * report. Usage: {@code ScaleProbe NETWORK [CHIP] [OBJECTIVE] [REPEATS] [COST_MODEL]} with {@code -Dhtml=FILE} to keep
 * the page and {@code -Dreport=false} to leave it out; networks as {@link ScaleNetworks#problem} (a zoo decoder's
 * decode step, or {@code llama2-70b}, {@code llama-blocks-N}, {@code chain-N}).
 */
public final class ScaleProbe {
    static long cpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    public static void main(String[] args) {
        String network = args[0];
        String chip = args.length > 1 ? args[1] : "compass-s";
        String objective = args.length > 2 ? args[2] : "throughput";
        int reps = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        String costModel = args.length > 4 ? args[4] : "v1";
        boolean report = !"false".equals(System.getProperty("report"));
        for (int rep = 0; rep < reps; rep++) {
            long t0 = cpu();
            Problem p = ScaleNetworks.problem(network, chip, objective, costModel);
            long t1 = cpu();
            MappedGraph.build(p.network(), p.hardware());
            long t2 = cpu();
            SolveResult r = new DpFormulation().solve(SolveRequest.of(p).withLimits(new Limits(600, 1, 1)));
            long t3 = cpu();
            var e = new CostModel(p).evaluate(r.plan());
            long t4 = cpu();
            String html = !report ? "" : HtmlReport.render(new HtmlReport.Inputs(network, p, r, List.of(), List.of(), null, null, null, null, null, null, null,
                    org.compass.cli.json.ResultDocument.of(p, r, List.of(), null, null, null)));
            long t5 = cpu();
            if (System.getProperty("html") != null) {
                try {
                    java.nio.file.Files.writeString(java.nio.file.Path.of(System.getProperty("html")), html);
                } catch (java.io.IOException io) {
                    throw new java.io.UncheckedIOException(io);
                }
            }
            System.out.printf("%s units %d parts %d: build and map %.3f map again %.3f solve+eval %.3f eval %.3f report %.3f s (html %d chars) peak %d thr %s%n",
                    network, p.graph().size(), r.plan().size(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9,
                    (t4 - t3) / 1e9, (t5 - t4) / 1e9, html.length(), e.dramPeakBytes(), e.throughput());
        }
    }
}
