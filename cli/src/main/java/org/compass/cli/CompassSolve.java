package org.compass.cli;

import org.compass.model.Suggest;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.compass.cli.format.Units;
import org.compass.cli.json.Json;
import org.compass.cli.json.ResultDocument;
import org.compass.formulations.StandardFormulations;
import org.compass.formulations.schedule.ScheduleResult;
import org.compass.model.InputException;
import org.compass.model.mapping.LayerTooLargeException;
import org.compass.model.problem.Problem;
import org.compass.solver.ProblemFile;
import org.compass.model.zoo.Zoo;
import org.compass.solver.Formulation;
import org.compass.solver.FormulationRegistry;
import org.compass.solver.control.ProgressListener;
import org.compass.solver.schedule.ScheduleMode;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolverSettings;
import org.compass.solver.SolveResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code compass-solve FILE}: solves a partitioning problem and compares it with the paper's baselines. */
@Command(name = "compass-solve", mixinStandardHelpOptions = true, version = "compass-solve 0.1.0",
        sortOptions = false,
        subcommands = {InfoCommand.class, CompareCommand.class, BaselineCommand.class, ParetoCommand.class,
            ListCommand.class, CompletionCommand.class, HelpCommand.class, TradeoffCommand.class},
        description = "Partitions a DNN onto a crossbar PIM chip too small to hold it, optimally.",
        commandListHeading = "%nCommands (each has options of its own: compass-solve help COMMAND):%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:internal error (a bug: please report the stack trace)", "2:bad input",
                "3:infeasible problem", "4:no plan found and no proof that none exists (UNKNOWN)",
                "130:interrupted by Ctrl-C (SIGINT; 143 for SIGTERM): the best plan so far was printed and written"},
        footer = {"%nOutputs (--json, --report, --export-*) replace an existing file atomically.",
            "Shell completion: source <(compass-solve completion)"})
public final class CompassSolve implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "Problem file (YAML) or an .onnx file.")
    Path file;

    @Mixin
    ProblemOptions options;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the result as JSON ('-' for standard output, which then carries the JSON alone: the"
            + " tables go to standard error).")
    String json;

    @Option(names = "--no-baselines", description = "Do not run the greedy and layerwise baselines.")
    boolean noBaselines;

    @Option(names = "--all-partitions", description = "Print every row of the partition table (by default a table of"
            + " more than " + ResultPrinter.MAX_ROWS + " rows shows its first and last " + ResultPrinter.ENDS + ").")
    boolean allPartitions;

    @Option(names = "--simulate", description = "Run the plan on the crossbar simulator and compare it with the cost model.")
    boolean simulate;

    @Option(names = "--simulate-batches", paramLabel = "N",
            description = "With --simulate: also simulate N batches with wear levelling (least-worn-first placement) "
                    + "and report the most-written crossbar, the levelling factor and the lifetime it gives.")
    Integer simulateBatches;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Print only the results and where they were written: no summary, progress or baseline "
                    + "table (warnings and errors still go to standard error).")
    boolean quiet;

    /** Before 'list': kept so that old scripts work, with a note. */
    @Option(names = "--list-networks", hidden = true)
    boolean listNetworks;

    @Option(names = "--list-hardware", hidden = true)
    boolean listHardware;

    @Option(names = "--list-formulations", hidden = true)
    boolean listFormulations;

    @Mixin
    ReportOptions report;

    @Mixin
    ModelExports exports;

    @Option(names = "--schedule", paramLabel = "MODE", converter = Choice.Schedules.class,
            completionCandidates = Choice.Schedules.class,
            description = "Schedule the plan's writes, stages and transfers: none (phases), early (stages start "
                    + "once their own weights are written), prefetch (write the next partitions while one computes) "
                    + "or full (both). The results are then the scheduled ones (the baselines scheduled too), the "
                    + "phase figures beside them; -t covers the solve (half of it) and the schedules. Overrides the problem"
                    + " file's field 'schedule'.")
    ScheduleMode schedule;

    @Option(names = "--schedule-joint", paramLabel = "SECONDS",
            description = "With --schedule: then choose the plan's cuts for the scheduled makespan within SECONDS "
                    + "more (a DP over contiguous plans whose pieces are scheduled by CP-SAT: a proof for early; for "
                    + "prefetch/full the optimum under the neighbour-window assumption, with a relaxation bound "
                    + "over every schedule (DRAM, write ports, compute chain; in prefetch with the crossbar "
                    + "hand-over between neighbouring partitions); never worse than "
                    + "--schedule alone). Each candidate partition takes the replication best for the cost model's "
                    + "latency; under v2 a range whose replication search is unproven is bounded by floors only, so "
                    + "early is then FEASIBLE with a bound (docs/scheduling.md). Overrides the file's field 'schedule_joint'.")
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

    /** Where errors and warnings go. */
    PrintWriter err() {
        return err;
    }

    /** Where progress goes: standard error, or nowhere with {@code -q}. */
    PrintWriter progress() {
        return quiet ? new PrintWriter(Writer.nullWriter()) : err;
    }

    /** Whether {@code -q} was given (before or after the subcommand). */
    boolean quiet() {
        return quiet;
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
            List<String> what = new ArrayList<>();
            if (listNetworks) {
                what.add("networks");
            }
            if (listHardware) {
                what.add("hardware");
            }
            if (listFormulations) {
                what.add("formulations");
            }
            err.println("note: --list-" + String.join(", --list-", what) + " will go; use: compass-solve list "
                    + String.join(" ", what));
            err.flush();
            return ListCommand.print(what, out, registry);
        }
        if (file == null && options.network != null) {
            // -n replaces a file's network; the rest of the problem (chip, batch, objective, limits) comes from a file
            throw new InputException("compass-solve: no problem file given; -n " + options.network + " replaces the"
                    + " network of a problem file, as in 'compass-solve problems/resnet.yaml -n " + options.network + "'");
        }
        if (file == null) {
            throw new InputException("compass-solve: no problem file given; try problems/resnet.yaml or --help");
        }
        if (!Files.exists(file)) {
            Suggest.nearest(file.toString(), spec.subcommands().keySet()).ifPresent(c -> {
                throw new InputException(file + ": no such file or command; did you mean the command '" + c + "'?");
            });
            if (Zoo.entry(file.toString()).isPresent()) {
                throw new InputException(file + ": no such file; a built-in network is chosen with -n beside a problem"
                        + " file, as in 'compass-solve problems/resnet.yaml -n " + file + "'");
            }
            if (ParseErrors.isBareWord(file.toString())) {
                throw new InputException(file + ": no such file, and " + ParseErrors.notACommand(file.toString())
                        + ": compass-solve FILE (commands: " + String.join(", ", spec.subcommands().keySet()) + ")");
            }
        }
        report.check();
        if (scheduleJoint != null && !(scheduleJoint > 0 && scheduleJoint <= SolverSettings.MAX_JOINT_SECONDS)) {
            throw new InputException("--schedule-joint: expected a positive number of seconds, at most 1,000,000, got '"
                    + java.math.BigDecimal.valueOf(scheduleJoint).stripTrailingZeros().toPlainString() + "'");
        }
        // every output is checked before solving, so a bad path costs no solve
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("--json", json);
        outputs.put("--report", report.report);
        outputs.putAll(exports.files());
        OutputFiles.check(file, outputs);
        if (simulateBatches != null && !simulate) {
            throw new InputException("--simulate-batches: needs --simulate (it simulates the plan over N batches with"
                    + " wear levelling); add --simulate or drop --simulate-batches");
        }
        if (simulateBatches != null && !(simulateBatches >= 1 && simulateBatches <= 100_000)) {
            throw new InputException("--simulate-batches: expected a number of batches from 1 to 100,000, got '"
                    + simulateBatches + "'");
        }
        ProblemFile pf = options.load(file, progress());
        // the command line's schedule, else the file's (fields schedule and schedule_joint)
        ScheduleMode scheduleMode = schedule != null ? schedule : pf.settings().schedule();
        Double jointSeconds = scheduleJoint != null ? scheduleJoint
                : scheduleMode == null || scheduleMode == ScheduleMode.NONE ? null : pf.settings().scheduleJoint();
        String scheduleSource = schedule != null || pf.settings().schedule() == null ? "--schedule"
                : pf.source() + ": field 'schedule'";
        if (jointSeconds != null && (scheduleMode == null || scheduleMode == ScheduleMode.NONE)) {
            throw new InputException("--schedule-joint: needs --schedule MODE (early, prefetch or full): it moves the"
                    + " plan's cuts to shorten the scheduled makespan; add --schedule or drop --schedule-joint");
        }
        if (simulateBatches != null && scheduleMode != null) {
            throw new InputException("--simulate-batches: wear levelling places the plain phases, not a write"
                    + " schedule's crossbars; drop " + (scheduleSource.startsWith("--") ? scheduleSource
                    : "the field 'schedule' of " + pf.source()) + " or --simulate-batches");
        }
        Problem problem = pf.problem();
        Formulation f = options.formulation(registry, pf);
        if (problem.residentAllowed() && simulate) {
            throw new InputException("--simulate: the simulator does not run plans with resident weights yet ("
                    + options.residentSource(pf) + "); drop --simulate or use --resident none");
        }
        if (problem.residentAllowed() && scheduleMode != null) {
            throw new InputException(scheduleSource + ": write schedules do not cover resident weights yet ("
                    + options.residentSource(pf) + "); drop the schedule or use --resident none");
        }
        options.checkBackend(pf, f.name(), err);
        boolean jsonOnly = "-".equals(json);
        PrintWriter text = jsonOnly ? err : out;
        // "Wrote FILE" lines go with the results, -q or not
        PrintWriter notes = text;
        PrintWriter progress = progress();
        ResultPrinter printer = new ResultPrinter(text, allPartitions);
        if (!quiet) {
            printer.summary(problem, file.toString());
        }
        exports.write(pf, notes);
        // from here on Ctrl-C stops the solve and keeps its best plan instead of ending the process
        interrupts.stopOnSignal();
        // with --schedule the time limit covers the solve and every schedule: the solve gets half of it, the
        // schedules what the solve leaves (docs/scheduling.md, "Time limit and progress")
        long started = System.nanoTime();
        SolverSettings settings = pf.settings();
        double limit = settings.limits().seconds();
        SolveRequest request = new SolveRequest(problem, scheduleMode == null ? settings
                : settings.withLimits(settings.limits().withSeconds(limit / 2)), null,
                message -> {
                    progress.println("  .. " + message);
                    progress.flush();
                }, interrupts.token());
        SolveResult result = f.solve(request);
        printer.table(problem, result);
        List<String> baselineNames = new ArrayList<>();
        if (!noBaselines) {
            for (String b : List.of("greedy", "layerwise")) {
                if (!b.equals(f.name())) {
                    baselineNames.add(b);
                }
            }
        }
        ScheduleResult scheduled = null;
        if (scheduleMode != null && result.hasPlan() && interrupts.interrupted()) {
            err.println("note: --schedule skipped: " + interrupts.token().reason());
        } else if (scheduleMode != null && result.hasPlan()) {
            // the main plan's schedule gets two thirds of what is left when baselines are scheduled after it
            double left = limit - (System.nanoTime() - started) / 1e9;
            double seconds = Math.max(0, baselineNames.isEmpty() ? left : left * 2 / 3);
            progress.printf("  .. scheduling writes (%s, CP-SAT, %s)%n", scheduleMode.label(), jointSeconds == null
                    ? "up to " + Units.seconds(seconds) : "joint dp over the cuts, up to " + Units.seconds(jointSeconds));
            progress.flush();
            scheduled = jointSeconds == null
                    ? ScheduleReport.run(problem, result, scheduleMode, seconds, pf.settings().limits(), interrupts.token(),
                            quiet ? ProgressListener.NONE : request.progress())
                    : ScheduleReport.joint(text, problem, result, scheduleMode, seconds, jointSeconds, pf.settings().limits(),
                            interrupts.token(), quiet ? ProgressListener.NONE : request.progress());
            if (jointSeconds != null) {
                SolveResult solved = result;
                result = ScheduleReport.withPlan(problem, result, scheduled);
                if (result != solved) {
                    // the joint search moved the cuts: the plan whose figures follow is this one (a trial found the
                    // dp plan's table above figures of another plan)
                    printer.table(problem, result);
                }
            }
            ScheduleReport.print(text, problem, result, scheduled, jointSeconds != null);
        }
        // with a schedule the headline figures are the scheduled ones, the phase model's beside them
        SolveResult shown = scheduled == null ? result : ScheduleReport.asScheduled(problem, result, scheduled);
        if (result.hasPlan()) {
            printer.totals(problem, shown, scheduled == null ? null : result,
                    scheduled == null ? null : scheduleMode, scheduled != null && jointSeconds != null);
        }
        // the baselines' schedules share what is left of the limit (after a joint search, which has its own
        // time, half of the limit)
        long budgetStart = jointSeconds == null ? started : System.nanoTime();
        double budget = jointSeconds == null ? limit : limit / 2;
        List<SolveResult> baselines = new ArrayList<>();
        List<SolveResult> shownBaselines = new ArrayList<>();
        List<ScheduleResult> baselineSchedules = new ArrayList<>();
        if (!noBaselines && problem.residentAllowed() && result.hasPlan() && !interrupts.interrupted()) {
            // what the resident weights buy: the same formulation keeping nothing resident (--schedule is refused
            // with resident weights, so this one is never scheduled)
            SolveResult plain = f.solve(request.withProblem(problem.withResident(
                    org.compass.model.problem.ResidentMode.NONE)).withProgress(message -> { }));
            if (plain.hasPlan()) {
                SolveResult b = new SolveResult(f.name() + " without resident", plain.space(), plain.status(),
                        plain.plan(), plain.evaluation(), plain.objective(), plain.bound(), plain.gap(),
                        plain.seconds(), plain.message());
                baselines.add(b);
                shownBaselines.add(b);
                baselineSchedules.add(null);
            }
        }
        for (int i = 0; i < baselineNames.size(); i++) {
            String name = baselineNames.get(i);
            SolveResult b = registry.find(name).orElseThrow().solve(SolveRequest.of(problem));
            ScheduleResult bs = null;
            if (scheduled != null && b.hasPlan()) {
                double seconds = Math.max(0, (budget - (System.nanoTime() - budgetStart) / 1e9)
                        / (baselineNames.size() - i));
                progress.printf("  .. scheduling the %s baseline's plan (%s, up to %s)%n", name, scheduleMode.label(),
                        Units.seconds(seconds));
                progress.flush();
                ProgressListener lines = quiet ? ProgressListener.NONE : message -> request.progress().report(name
                        + " " + message);
                bs = ScheduleReport.run(problem, b, scheduleMode, seconds, pf.settings().limits(), interrupts.token(), lines);
            }
            baselines.add(b);
            baselineSchedules.add(bs);
            shownBaselines.add(bs == null ? b : ScheduleReport.asScheduled(problem, b, bs));
        }
        if (simulate && result.hasPlan() && interrupts.interrupted()) {
            err.println("note: --simulate skipped: " + interrupts.token().reason());
        }
        SimulationReport sim = simulate && result.hasPlan() && !interrupts.interrupted()
                ? SimulationReport.of(problem, result, scheduled, simulateBatches == null ? 0 : simulateBatches) : null;
        if (sim != null) {
            sim.print(text, shown);
        }
        if (!quiet && !noBaselines) {
            if (scheduled == null) {
                printer.comparison(problem, shown, shownBaselines);
            } else {
                List<SolveResult> phases = new ArrayList<>(List.of(result));
                List<String> statuses = new ArrayList<>(List.of(ScheduleReport.statusWithGap(scheduled)));
                for (int i = 0; i < baselines.size(); i++) {
                    phases.add(baselines.get(i));
                    statuses.add(baselineSchedules.get(i) == null ? "-"
                            : ScheduleReport.statusWithGap(baselineSchedules.get(i)));
                }
                printer.comparison(problem, shown, shownBaselines, scheduleMode, phases, statuses);
            }
        }
        text.flush();
        List<ResultDocument.Scheduled> baselineParts = new ArrayList<>();
        for (int i = 0; i < baselines.size(); i++) {
            ScheduleResult bs = baselineSchedules.get(i);
            baselineParts.add(bs == null ? new ResultDocument.Scheduled(baselines.get(i), null, null)
                    : new ResultDocument.Scheduled(shownBaselines.get(i), baselines.get(i), ScheduleReport.summary(bs)));
        }
        ResultDocument document = ResultDocument.of(problem, scheduled == null
                        ? new ResultDocument.Scheduled(result, null, null)
                        : new ResultDocument.Scheduled(shown, result, ScheduleReport.summary(scheduled)),
                baselineParts, sim == null ? null : sim.json(shown.evaluation()),
                scheduled == null ? null : ScheduleReport.records(scheduled));
        if (json != null) {
            String doc = Json.write(document);
            if (jsonOnly) {
                out.print(doc);
                out.flush();
            } else {
                AtomicFiles.write(Path.of(json), doc);
                notes.println("Wrote " + json);
            }
        }
        report.write(file.toString(), problem, shown, shownBaselines, baselineSchedules, registry, scheduled, sim,
                document, notes);
        text.flush();
        if (interrupts.interrupted()) {
            return interrupts.exitCode();
        }
        return ExitCodes.of(result.status(), result.hasPlan());
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
        cl.setParameterExceptionHandler(new ParseErrors());
        NumberConverters.register(cl);
        // help COMMAND lists what the command takes; the shared options it refuses are parsed only to say why
        ProblemOptions.hide(cl.getSubcommands().get("compare"), CompareCommand.REFUSED);
        ProblemOptions.hide(cl.getSubcommands().get("info"), InfoCommand.REFUSED);
        ProblemOptions.hide(cl.getSubcommands().get("tradeoff"), TradeoffCommand.REFUSED);
        cl.setExitCodeExceptionMapper(ex -> ExitCodes.BAD_INPUT);
        return cl;
    }

    /**
     * Turns known failures into one line and an exit code (running out of memory included); anything else is a bug
     * and keeps its trace.
     */
    static int handle(Exception ex, PrintWriter err) {
        if (OutOfMemory.causedBy(ex)) {
            return OutOfMemory.report(err);
        }
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
        OutOfMemory.installHandler(err);
        int code;
        try {
            code = commandLine(out, err, new Interrupts(err).install()).execute(args);
        } catch (OutOfMemoryError e) {
            code = OutOfMemory.report(err);
        }
        out.flush();
        err.flush();
        System.exit(code);
    }
}
