package org.compass.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.compass.cli.json.ResultDocument;
import org.compass.cli.report.HtmlReport;
import org.compass.cli.report.ParetoFront;
import org.compass.cli.report.Sweep;
import org.compass.formulations.schedule.ScheduleResult;
import org.compass.model.InputException;
import org.compass.model.problem.Problem;
import org.compass.solver.FormulationRegistry;
import org.compass.solver.SolveResult;
import picocli.CommandLine.Option;

/** The {@code --report} options of compass-solve: where the HTML report goes and what extra it computes. */
public final class ReportOptions {

    @Option(names = "--report", paramLabel = "FILE", description = "Write a self-contained HTML report.")
    Path report;

    /** Accepted for scripts written when an existing report needed it; every output is now replaced atomically. */
    @Option(names = "--force", hidden = true, description = "No effect: outputs are replaced atomically.")
    boolean force;

    @Option(names = "--sweep", paramLabel = "PARAM=VALUES",
            description = "Add a sweep to the report: batch=1,2,4,...,64 or cores=8,16,32.")
    String sweep;

    @Option(names = "--pareto", description = "Add the latency-energy Pareto front to the report.")
    boolean pareto;

    /**
     * Checks the options before any solving, so a bad value fails fast; the file itself is checked with the
     * other outputs ({@link OutputFiles}).
     */
    void check() {
        if (report == null) {
            if (sweep != null || pareto) {
                throw new InputException((sweep != null ? "--sweep" : "--pareto") + " adds to the HTML report; "
                        + "give --report FILE too");
            }
            return;
        }
        if (sweep != null) {
            Sweep.parse(sweep);
        }
    }

    /**
     * Builds and writes the report when one was asked for; says where it went. The schedule and the simulation
     * are null when {@code --schedule} / {@code --simulate} were not given; with a schedule the result and the
     * baselines carry the figures at their scheduled makespans and {@code baselineSchedules} (parallel to the
     * baselines, null entries for unscheduled ones) their schedules; the document is the JSON result, whose key
     * paths the report's figures carry.
     */
    void write(String source, Problem problem, SolveResult result, List<SolveResult> baselines,
               List<ScheduleResult> baselineSchedules, FormulationRegistry registry, ScheduleResult schedule,
               SimulationReport simulation, ResultDocument document, PrintWriter text) {
        if (report == null) {
            return;
        }
        Sweep s = sweep == null ? null : Sweep.run(problem, Sweep.parse(sweep), registry);
        ParetoFront front = pareto ? ParetoFront.of(problem) : null;
        String html = HtmlReport.render(new HtmlReport.Inputs(source, problem, result, baselines, baselineSchedules, s,
                front, schedule,
                simulation == null ? null : simulation.result(), simulation == null ? null : simulation.violation(),
                simulation == null ? null : simulation.fixedWear(), simulation == null ? null : simulation.levelled(),
                document));
        AtomicFiles.write(report, html);
        text.println("Wrote " + report);
        text.flush();
    }
}
