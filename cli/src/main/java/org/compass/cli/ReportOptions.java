package org.compass.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
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

    @Option(names = "--force", description = "Overwrite an existing report file.")
    boolean force;

    @Option(names = "--sweep", paramLabel = "PARAM=VALUES",
            description = "Add a sweep to the report: batch=1,2,4,...,64 or cores=8,16,32.")
    String sweep;

    @Option(names = "--pareto", description = "Add the latency-energy Pareto front to the report.")
    boolean pareto;

    /** Checks the options before any solving, so a bad target fails fast and nothing is overwritten. */
    void check() {
        if (report == null) {
            if (sweep != null || pareto) {
                throw new InputException((sweep != null ? "--sweep" : "--pareto") + " adds to the HTML report; "
                        + "give --report FILE too");
            }
            return;
        }
        requireWritable(report, force);
        if (sweep != null) {
            Sweep.parse(sweep);
        }
    }

    /**
     * Builds and writes the report when one was asked for; says where it went. The schedule and the simulation
     * are null when {@code --schedule} / {@code --simulate} were not given; the document is the JSON result, whose
     * key paths the report's figures carry.
     */
    void write(String source, Problem problem, SolveResult result, List<SolveResult> baselines,
               FormulationRegistry registry, ScheduleResult schedule, SimulationReport simulation,
               ResultDocument document, PrintWriter text) {
        if (report == null) {
            return;
        }
        Sweep s = sweep == null ? null : Sweep.run(problem, Sweep.parse(sweep), registry);
        ParetoFront front = pareto ? ParetoFront.of(problem) : null;
        String html = HtmlReport.render(new HtmlReport.Inputs(source, problem, result, baselines, s, front, schedule,
                simulation == null ? null : simulation.result(), simulation == null ? null : simulation.violation(),
                document));
        requireWritable(report, force);
        AtomicFiles.write(report, html);
        text.println("Wrote " + report);
        text.flush();
    }

    /** A report may go to an existing folder, over an existing file only with --force, never over a folder. */
    static void requireWritable(Path path, boolean force) {
        Path dir = path.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new InputException("--report " + path + ": folder " + dir + " does not exist; create it first");
        }
        if (Files.isDirectory(path)) {
            throw new InputException("--report " + path + ": is a folder; give a file name such as report.html");
        }
        if (Files.exists(path) && !force) {
            throw new InputException("--report " + path + ": file exists; pass --force to overwrite it");
        }
    }
}
