package org.compass.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.compass.formulations.graph.ResidentArcs;
import org.compass.formulations.mip.MipFormulation;
import org.compass.model.hardware.HardwarePresets;
import org.compass.solver.ProblemFile;
import org.compass.model.io.ProblemReaderSupport;
import org.compass.model.network.SizeLimits;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.InputException;
import org.compass.model.problem.Limits;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ResidentMode;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.Formulation;
import org.compass.solver.FormulationRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Command-line overrides of a problem file's fields, shared by every command that solves. */
public final class ProblemOptions {

    @Option(names = {"-f", "--formulation"}, paramLabel = "NAME", converter = Choice.Formulations.class,
            completionCandidates = Choice.Formulations.class,
            description = "Formulation to run: ${COMPLETION-CANDIDATES} (see 'list formulations').")
    String formulation;

    // a long, so that a number beyond an int still gets the batch's own range in the message
    @Option(names = {"-b", "--batch"}, paramLabel = "N", description = "Batch size.")
    Long batch;

    @Option(names = {"-o", "--objective"}, paramLabel = "OBJ", converter = Choice.Objectives.class,
            completionCandidates = Choice.Objectives.class, description = "${COMPLETION-CANDIDATES}.")
    Objective objective;

    @Option(names = {"-n", "--network"}, paramLabel = "NET", description = "Network: a zoo name or a path to an .onnx file.")
    String network;

    @Option(names = {"--hardware"}, paramLabel = "PRESET", converter = Choice.Presets.class,
            completionCandidates = Choice.Presets.class, description = "Hardware preset: ${COMPLETION-CANDIDATES}.")
    String hardware;

    @Option(names = {"--cost-model"}, paramLabel = "VERSION", converter = Choice.CostModels.class,
            completionCandidates = Choice.CostModels.class, description = "v2 (default; the model the simulator agrees with) or v1 (the COMPASS paper's model, for comparison); docs/cost-model.md.")
    CostModelVersion costModel;

    @Option(names = {"--min-lifetime-years"}, paramLabel = "YEARS",
            description = "Only plans under which the chip lasts this long in continuous operation (dp, cpsat, mip, choco and ga; docs/endurance.md), under either cost model.")
    Double minLifetimeYears;

    @Option(names = {"--phase"}, paramLabel = "PHASE", converter = Choice.Phases.class,
            completionCandidates = Choice.Phases.class,
            description = "Decoders: prefill (a prompt per sequence) or decode (one new token per sequence; docs/llm.md).")
    String phase;

    @Option(names = {"--prompt"}, paramLabel = "TOKENS", description = "Prefill: prompt tokens per sequence.")
    Integer prompt;

    @Option(names = {"--context"}, paramLabel = "TOKENS", description = "Decode: tokens already in the KV cache.")
    Integer context;

    @Option(names = {"--resident"}, paramLabel = "MODE", arity = "0..1", fallbackValue = "auto",
            description = "Keep weights resident across batches (decode steps): auto (the solver chooses them jointly "
                    + "with the partitions; the default when the option has no value) or none (docs/llm.md). dp, cpsat and mip;"
                    + " throughput, latency or energy; both cost models.")
    String resident;

    @Option(names = {"--slice-crossbars"}, paramLabel = "N",
            description = "Split layers larger than N crossbars into column slices of at most N (default: slices that"
                    + " fill the chip); finer slices leave room for resident weights (docs/llm.md).")
    Integer sliceCrossbars;

    @Option(names = {"--space"}, paramLabel = "SPACE", converter = Choice.Spaces.class,
            completionCandidates = Choice.Spaces.class, description = "${COMPLETION-CANDIDATES}.")
    SearchSpace space;

    @Option(names = {"--backend"}, paramLabel = "NAME", converter = Choice.Backends.class,
            completionCandidates = Choice.Backends.class, description = "Back-end of -f mip: ${COMPLETION-CANDIDATES}.")
    String backend;

    @Option(names = {"-t", "--time-limit"}, paramLabel = "SECONDS", description = "Time limit per solve.")
    Double seconds;

    @Option(names = {"--threads"}, paramLabel = "N", description = "Solver threads.")
    Integer threads;

    @Option(names = {"--seed"}, paramLabel = "N", description = "Random seed.")
    Long seed;

    /** The command these options are mixed into, for the values as typed. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /**
     * An option's value as the user typed it ({@code -t -1}, not the -1.0 it was parsed to), for messages; the
     * parsed value when the option was not typed (or in a test that builds the options by hand).
     */
    private String given(String option, Object parsed) {
        OptionSpec o = command == null ? null : command.findOption(option);
        List<String> typed = o == null ? List.of() : o.originalStringValues();
        return typed.isEmpty() ? String.valueOf(parsed) : typed.get(typed.size() - 1);
    }

    /**
     * Hides options that a command refuses ({@link #refuse}) from its help, usage and completion, so that
     * {@code help COMMAND} lists only what the command takes. They are still parsed, so that one given anyway is
     * refused with the reason ("compare: --formulation cpsat does not apply: it runs every formulation") rather
     * than as an unknown option.
     *
     * @param command the command whose spec mixes these options in
     * @param names   long names of this class's options
     */
    static void hide(CommandLine command, List<String> names) {
        CommandSpec spec = command.getCommandSpec();
        for (String name : names) {
            OptionSpec o = spec.findOption(name);
            if (o == null) {
                throw new IllegalArgumentException(spec.qualifiedName() + " has no option " + name);
            }
            spec.remove(o);
            spec.addOption(OptionSpec.builder(o).hidden(true).build());
        }
    }

    /**
     * Refuses options given on the command line that a command would ignore, naming the first one found.
     *
     * @param command the command, for the message ("compare")
     * @param why     why they do not apply ("it runs every formulation")
     * @param names   long names among --formulation, --backend, --time-limit, --threads, --seed, --space
     */
    void refuse(String command, String why, String... names) {
        for (String name : names) {
            String value = switch (name) {
                case "--formulation" -> formulation;
                case "--backend" -> backend;
                case "--time-limit" -> seconds == null ? null : given(name, seconds);
                case "--threads" -> threads == null ? null : String.valueOf(threads);
                case "--seed" -> seed == null ? null : String.valueOf(seed);
                case "--space" -> space == null ? null : space.label();
                default -> throw new IllegalArgumentException("no option " + name);
            };
            if (value != null) {
                throw new InputException(command + ": " + name + " " + value + " does not apply: " + why
                        + "; drop it");
            }
        }
    }

    /**
     * A back-end only means something to formulation mip: given with another formulation on the command line it is
     * refused; from the problem file it is ignored with a warning on {@code err} (the file may serve several
     * formulations). For mip, a back-end from the file is checked here, naming the file.
     */
    void checkBackend(ProblemFile pf, String formulationName, PrintWriter err) {
        if (pf.settings().backend() == null) {
            return;
        }
        List<String> backends = MipFormulation.BACKENDS.stream().map(b -> b.toLowerCase(Locale.ROOT)).toList();
        if ("mip".equals(formulationName)) {
            if (backend == null && !backends.contains(pf.settings().backend().trim().toLowerCase(Locale.ROOT))) {
                throw InputException.choice(pf.source().toString(), "backend", "one of " + String.join(", ", backends),
                        backends, pf.settings().backend());
            }
            return;
        }
        String what = "formulation " + formulationName + " has no back-ends (only mip has: "
                + String.join(", ", backends) + ")";
        if (backend != null) {
            throw new InputException("--backend " + backend + ": " + what + "; add -f mip or drop --backend");
        }
        err.println("warning: " + pf.source() + ": field 'backend' (" + pf.settings().backend() + ") ignored: " + what);
        err.flush();
    }

    /**
     * The formulation a problem file asks for after the overrides, checked against the registry, its search
     * space and the lifetime floor. Each error names where the offending value came from: the option when it
     * was given on the command line, the file's field otherwise.
     */
    Formulation formulation(FormulationRegistry registry, ProblemFile pf) {
        String file = pf.source().toString();
        Formulation f = registry.find(pf.settings().formulation()).orElseThrow(() -> InputException.choice(file,
                "formulation", "one of " + String.join(", ", registry.names()), registry.names(),
                pf.settings().formulation()));
        if (!f.spaces().contains(pf.settings().space())) {
            String searched = f.spaces().stream().map(SearchSpace::label).sorted().toList().toString();
            List<String> others = registry.all().stream().filter(g -> g.spaces().contains(pf.settings().space()))
                    .map(Formulation::name).toList();
            if (space != null) {
                throw new InputException("--space " + space.label() + ": formulation " + f.name() + " searches "
                        + searched + " only; " + String.join(", ", others) + " search " + space.label());
            }
            if (formulation != null) {
                throw new InputException("--formulation " + f.name() + ": searches " + searched + " only, and "
                        + file + " asks for space '" + pf.settings().space().label() + "'; add --space "
                        + f.spaces().iterator().next().label());
            }
            throw InputException.field(file, "space", "a space that " + f.name() + " searches (" + searched + ")",
                    pf.settings().space().label());
        }
        if (pf.problem().residentAllowed()) {
            String where = residentSource(pf);
            if (!f.searchesResident()) {
                throw new InputException(where + ": formulation " + f.name() + " does not choose resident weights;"
                        + " use --formulation dp, cpsat or mip, which do, or --resident none");
            }
            ResidentArcs.requireSupported(pf.problem(), where);
        }
        if (pf.problem().hasLifetimeLimit() && !f.honoursLifetimeLimit()) {
            throw new InputException(lifetimeSource(pf.source()) + ": formulation " + f.name() + " does not honour a lifetime floor; use --formulation dp, cpsat, mip, choco or ga, which do");
        }
        return f;
    }

    /** Where a problem's lifetime floor came from: the option, or the file's field. */
    private String lifetimeSource(Path file) {
        return minLifetimeYears != null ? "--min-lifetime-years " + given("--min-lifetime-years", minLifetimeYears)
                : file + ": field 'min_lifetime_years'";
    }

    /** Where a problem's resident setting came from: the option, or the file's field. */
    String residentSource(ProblemFile pf) {
        return resident != null ? "--resident " + resident : pf.source() + ": field 'resident'";
    }

    /**
     * Refuses a problem that allows resident weights in a command that does not search them, naming where the
     * setting came from and why.
     */
    void refuseResident(ProblemFile pf, String command, String why) {
        if (pf.problem().residentAllowed()) {
            throw new InputException(command + ": " + residentSource(pf) + " does not apply: " + why
                    + "; use --resident none");
        }
    }

    /**
     * Reads the file, applies the overrides and writes the network's import notes to {@code err} (callers pass
     * the progress stream, which {@code -q} silences: notes are not results).
     */
    ProblemFile load(Path file, PrintWriter err) {
        ProblemFile pf = load(file);
        for (String note : pf.problem().network().notes()) {
            err.println("note: " + pf.problem().network().name() + ": " + note);
        }
        err.flush();
        return pf;
    }

    /** Reads the file and applies the overrides. */
    ProblemFile load(Path file) {
        ProblemFile pf = file.toString().endsWith(".onnx") ? ProblemFile.forOnnx(file) : readYamlOrOnnx(file);
        pf = pf.withProblem(ProblemReaderSupport.withNetworkAndPhase(pf.problem(), network, phase, prompt, context));
        if (batch != null) {
            if (batch <= 0 || batch > SizeLimits.BATCH) {
                throw flag("--batch", "a positive integer up to "
                        + String.format("%,d", SizeLimits.BATCH), batch);
            }
            pf = pf.withProblem(pf.problem().withBatch(batch.intValue()));
        }
        if (objective != null) {
            pf = pf.withProblem(pf.problem().withObjective(objective));
        }
        if (hardware != null) {
            pf = pf.withProblem(pf.problem().withHardware(HardwarePresets.byName(hardware).orElseThrow()));
        }
        if (costModel != null) {
            pf = pf.withProblem(pf.problem().withCostModel(costModel));
        }
        if (minLifetimeYears != null) {
            if (!(minLifetimeYears >= 0 && minLifetimeYears <= 1e6)) {
                throw flag("--min-lifetime-years",
                        "a number of years from 0 to 1,000,000", given("--min-lifetime-years", minLifetimeYears));
            }
            pf = pf.withProblem(pf.problem().withMinLifetime(minLifetimeYears * Problem.YEAR_SECONDS));
        }
        if (sliceCrossbars != null) {
            if (sliceCrossbars <= 0 || sliceCrossbars > pf.problem().hardware().crossbars()) {
                throw flag("--slice-crossbars", "a number of crossbars from 1 to the chip's "
                        + pf.problem().hardware().crossbars(), given("--slice-crossbars", sliceCrossbars));
            }
            pf = pf.withProblem(pf.problem().withSliceCrossbars(sliceCrossbars));
        }
        if (resident != null) {
            ResidentMode mode = ResidentMode.byLabel(resident.trim().toLowerCase(Locale.ROOT));
            if (mode == null) {
                throw flag("--resident", "auto or none", resident);
            }
            pf = pf.withProblem(pf.problem().withResident(mode));
        }
        if (space != null) {
            pf = pf.withSettings(pf.settings().withSpace(space));
        }
        if (formulation != null) {
            pf = pf.withSettings(pf.settings().withFormulation(formulation));
        }
        if (backend != null) {
            pf = pf.withSettings(pf.settings().withBackend(backend));
        }
        Limits l = pf.settings().limits();
        if (seconds != null || threads != null || seed != null) {
            if (seconds != null && !(seconds > 0 && seconds <= Limits.MAX_SECONDS)) {
                throw flag("--time-limit", "a positive number of seconds up to "
                        + String.format("%,.0f", Limits.MAX_SECONDS), given("--time-limit", seconds));
            }
            if (threads != null && (threads <= 0 || threads > Limits.MAX_THREADS)) {
                throw flag("--threads", "an integer from 1 to " + Limits.MAX_THREADS, threads);
            }
            pf = pf.withSettings(pf.settings().withLimits(new Limits(seconds != null ? seconds : l.seconds(),
                    threads != null ? threads : l.threads(), seed != null ? seed : l.seed())));
        }
        return pf;
    }

    /**
     * A problem file, or, where it is not text (a trial gave an ONNX model without its extension and read "not UTF-8
     * text ... expected a YAML file"), an ONNX model if it reads as one; if it does not, the YAML error with what
     * the ONNX importer said.
     */
    private static ProblemFile readYamlOrOnnx(Path file) {
        try {
            return ProblemFile.read(file);
        } catch (InputException yaml) {
            if (!BinarySniff.looksBinary(file)) {
                throw yaml;
            }
            try {
                return ProblemFile.forOnnx(file);
            } catch (InputException onnx) {
                throw new InputException(yaml.getMessage() + "; nor an ONNX model: " + onnx.getMessage());
            }
        }
    }

    /** "--option value: expected what" for a value given on the command line. */
    private static InputException flag(String option, String expected, Object got) {
        return new InputException(option + " " + got + ": expected " + expected);
    }
}
