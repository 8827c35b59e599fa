package org.compass.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.compass.cli.format.Units;
import org.compass.cli.json.Json;
import org.compass.cli.json.ResultDocument;
import org.compass.formulations.StandardFormulations;
import org.compass.formulations.schedule.ScheduleResult;
import org.compass.model.mapping.LayerTooLargeException;
import org.compass.model.InputException;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ProblemFile;
import org.compass.solver.Formulation;
import org.compass.solver.FormulationRegistry;
import org.compass.solver.ScheduleMode;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import org.compass.solver.Status;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code compass-solve FILE}: solves a partitioning problem and compares it with the paper's baselines. */
@Command(name = "compass-solve", mixinStandardHelpOptions = true, version = "compass-solve 0.1.0",
        sortOptions = false,
        subcommands = {InfoCommand.class, CompareCommand.class, BaselineCommand.class, ParetoCommand.class},
        description = "Partitions a DNN onto a crossbar PIM chip too small to hold it, optimally.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:internal error", "2:bad input", "3:infeasible problem",
                "130:interrupted by Ctrl-C (SIGINT; 143 for SIGTERM): the best plan so far was printed and written"})
public final class CompassSolve implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "Problem file (YAML).")
    Path file;

    @Mixin
    ProblemOptions options;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the result as JSON ('-' for standard output).")
    String json;

    @Option(names = "--no-baselines", description = "Do not run the greedy and layerwise baselines.")
    boolean noBaselines;

    @Option(names = "--simulate", description = "Run the plan on the crossbar simulator and compare it with the cost model.")
    boolean simulate;

    @Option(names = {"-q", "--quiet"}, description = "Print only the partition table and totals.")
    boolean quiet;

    @Option(names = "--list-networks", description = "List the built-in networks with MACs and crossbars needed per preset.")
    boolean listNetworks;

    @Option(names = "--list-hardware", description = "List the hardware presets.")
    boolean listHardware;

    @Option(names = "--list-formulations", description = "List the formulations.")
    boolean listFormulations;

    @Mixin
    ReportOptions report;

    @Option(names = "--schedule", paramLabel = "MODE",
            description = "Schedule the plan's writes, stages and transfers: none (v1 phases), early (stages start "
                    + "once their own weights are written), prefetch (write the next partitions while one computes) "
                    + "or full (both).")
    String schedule;

    @Option(names = "--schedule-joint", paramLabel = "SECONDS",
            description = "With --schedule: move the plan's cuts by local search for this long, scoring each "
                    + "candidate by its scheduled makespan (contiguous plans only).")
    Double scheduleJoint;

    private final FormulationRegistry registry;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Interrupts interrupts;

    CompassSolve(FormulationRegistry registry, PrintWriter out, PrintWriter err, Interrupts interrupts) {
        this.registry = registry;
        this.out = out;
        this.err = err;
        this.interrupts = interrupts;
    }

    /** Where results go (subcommands print here too). */
    PrintWriter out() {
        return out;
    }

    /** Where progress and errors go. */
    PrintWriter err() {
        return err;
    }

    /** Ctrl-C and SIGTERM: the token solves stop on, and the exit code after one. */
    Interrupts interrupts() {
        return interrupts;
    }

    /** The formulations available. */
    FormulationRegistry registry() {
        return registry;
    }

    @Override
    public Integer call() {
        if (listNetworks || listHardware || listFormulations) {
            if (listNetworks) {
                Catalog.networks(out);
            }
            if (listHardware) {
                Catalog.hardware(out);
            }
            if (listFormulations) {
                Catalog.formulations(out, registry);
            }
            out.flush();
            return ExitCodes.OK;
        }
        if (file == null) {
            throw new InputException("compass-solve: no problem file given; try problems/resnet.yaml or --help");
        }
        report.check();
        if (json != null && !"-".equals(json)) {
            // every output is checked before solving, so a bad path costs no solve
            AtomicFiles.checkWritable("--json", Path.of(json));
            if (report.report != null && AtomicFiles.target(Path.of(json)).equals(AtomicFiles.target(report.report))) {
                throw new InputException("--json " + json + " and --report " + report.report
                        + " name the same file; give each its own");
            }
        }
        if (scheduleJoint != null && schedule == null) {
            throw new InputException("--schedule-joint: needs --schedule MODE (early, prefetch or full): it moves the"
                    + " plan's cuts to shorten the scheduled makespan; add --schedule or drop --schedule-joint");
        }
        ScheduleMode scheduleMode = schedule == null ? null : ScheduleReport.mode(schedule);
        ProblemFile pf = options.load(file, err);
        Problem problem = pf.problem();
        if (scheduleMode != null && problem.costModel() == org.compass.model.problem.CostModelVersion.V2) {
            // the schedule's stage durations and the joint search's proofs are still v1's (issue 11)
            throw new InputException("--schedule: not yet available with cost model v2; use --cost-model v1");
        }
        Formulation f = formulation(registry, pf);
        options.checkBackend(pf, f.name(), err);
        boolean jsonOnly = "-".equals(json);
        PrintWriter text = jsonOnly ? err : out;
        ResultPrinter printer = new ResultPrinter(text);
        if (!quiet) {
            printer.summary(problem, file.toString());
        }
        // from here on Ctrl-C stops the solve and keeps its best plan instead of ending the process
        interrupts.stopOnSignal();
        SolveRequest request = new SolveRequest(problem, pf.space(), pf.limits(), pf.backend(), null,
                message -> {
                    err.println("  .. " + message);
                    err.flush();
                }, interrupts.token());
        SolveResult result = f.solve(request);
        printer.plan(problem, result);
        ScheduleResult scheduled = null;
        if (scheduleMode != null && result.hasPlan() && interrupts.interrupted()) {
            err.println("note: --schedule skipped: " + interrupts.token().reason());
        } else if (scheduleMode != null && result.hasPlan()) {
            err.printf("  .. scheduling writes (%s, CP-SAT, up to %s)%n", schedule, Units.seconds(pf.limits().seconds()));
            err.flush();
            scheduled = scheduleJoint == null
                    ? ScheduleReport.run(problem, result, scheduleMode, pf.limits(), interrupts.token())
                    : ScheduleReport.joint(text, problem, result, scheduleMode, scheduleJoint, pf.limits(),
                            interrupts.token());
            if (scheduleJoint != null) {
                result = ScheduleReport.withPlan(problem, result, scheduled);
            }
            ScheduleReport.print(text, problem, result, scheduled);
        }
        if (simulate && result.hasPlan() && interrupts.interrupted()) {
            err.println("note: --simulate skipped: " + interrupts.token().reason());
        }
        SimulationReport sim = simulate && result.hasPlan() && !interrupts.interrupted()
                ? SimulationReport.of(problem, result, scheduled) : null;
        if (sim != null) {
            sim.print(text, result);
        }
        List<SolveResult> baselines = new ArrayList<>();
        if (!noBaselines) {
            for (String b : List.of("greedy", "layerwise")) {
                if (!b.equals(f.name())) {
                    baselines.add(registry.find(b).orElseThrow().solve(SolveRequest.of(problem)));
                }
            }
            printer.comparison(problem, result, baselines);
        }
        text.flush();
        ResultDocument document = ResultDocument.of(problem, result, baselines,
                sim == null ? null : sim.json(result.evaluation()),
                scheduled == null ? null : ScheduleReport.summary(scheduled),
                scheduled == null ? null : ScheduleReport.records(scheduled));
        if (json != null) {
            String doc = Json.write(document);
            if (jsonOnly) {
                out.print(doc);
                out.flush();
            } else {
                AtomicFiles.write(Path.of(json), doc);
                text.println("Wrote " + json);
            }
        }
        report.write(file.toString(), problem, result, baselines, registry, scheduled, sim, document, text);
        text.flush();
        if (interrupts.interrupted()) {
            return interrupts.exitCode();
        }
        return result.status() == Status.INFEASIBLE ? ExitCodes.INFEASIBLE : ExitCodes.OK;
    }

    /** The formulation a problem file asks for, checked against the registry and its search space. */
    static Formulation formulation(FormulationRegistry registry, ProblemFile pf) {
        Formulation f = registry.find(pf.formulation()).orElseThrow(() -> InputException.field(
                pf.source().toString(), "formulation", "one of " + String.join(", ", registry.names()), pf.formulation()));
        if (!f.spaces().contains(pf.space())) {
            throw InputException.field(pf.source().toString(), "space", "a space that " + f.name() + " searches ("
                    + f.spaces().stream().map(s -> s.label()).sorted().toList() + ")", pf.space().label());
        }
        if (pf.problem().hasLifetimeLimit() && !f.honoursLifetimeLimit()) {
            throw new InputException(pf.source() + ": min_lifetime_years: formulation " + f.name()
                    + " does not honour a lifetime floor yet (issue 13); maybe --formulation dp, which does");
        }
        return f;
    }

    /** A command line wired to the standard formulations and the given streams (tests capture them). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, new Interrupts(err));
    }

    /** A command line whose solves stop on the given interrupts' token. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, Interrupts interrupts) {
        CommandLine cl = new CommandLine(new CompassSolve(StandardFormulations.registry(), out, err, interrupts));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> handle(ex, err));
        cl.setExitCodeExceptionMapper(ex -> ExitCodes.BAD_INPUT);
        return cl;
    }

    /** Turns known failures into one line and an exit code; anything else is a bug and keeps its trace. */
    static int handle(Exception ex, PrintWriter err) {
        if (ex instanceof InputException) {
            err.println("error: " + ex.getMessage());
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        if (ex instanceof LayerTooLargeException) {
            err.println("infeasible: " + ex.getMessage());
            err.flush();
            return ExitCodes.INFEASIBLE;
        }
        err.println("internal error: " + ex);
        ex.printStackTrace(err);
        err.flush();
        return ExitCodes.INTERNAL;
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = commandLine(out, err, new Interrupts(err).install()).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
