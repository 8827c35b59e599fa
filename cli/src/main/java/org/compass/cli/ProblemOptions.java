package org.compass.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.compass.formulations.mip.MipFormulation;
import org.compass.model.io.ProblemReader;
import org.compass.model.io.ProblemReaderSupport;
import org.compass.model.network.SizeLimits;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.InputException;
import org.compass.model.problem.Limits;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ProblemFile;
import org.compass.model.problem.SearchSpace;
import picocli.CommandLine.Option;

/** Command-line overrides of a problem file's fields, shared by every command that solves. */
public final class ProblemOptions {

    @Option(names = {"-f", "--formulation"}, paramLabel = "NAME", description = "Formulation to run: dp, cpsat, mip, choco, ga, greedy, layerwise (see --list-formulations).")
    String formulation;

    @Option(names = {"-b", "--batch"}, paramLabel = "N", description = "Batch size.")
    Integer batch;

    @Option(names = {"-o", "--objective"}, paramLabel = "OBJ", description = "throughput, latency, energy or edp.")
    String objective;

    @Option(names = {"-n", "--network"}, paramLabel = "NET", description = "Network: a zoo name or a path to an .onnx file.")
    String network;

    @Option(names = {"--hardware"}, paramLabel = "PRESET", description = "Hardware preset (compass-s, compass-m, compass-l, puma, rram, pcm).")
    String hardware;

    @Option(names = {"--cost-model"}, paramLabel = "VERSION", description = "v1 (default) or v2 (docs/cost-model.md).")
    String costModel;

    @Option(names = {"--min-lifetime-years"}, paramLabel = "YEARS",
            description = "Only plans under which the chip lasts this long in continuous operation (dp only so far).")
    Double minLifetimeYears;

    @Option(names = {"--space"}, paramLabel = "SPACE", description = "contiguous or dag.")
    String space;

    @Option(names = {"--backend"}, paramLabel = "NAME", description = "Solver backend where a formulation has several.")
    String backend;

    @Option(names = {"-t", "--time-limit"}, paramLabel = "SECONDS", description = "Time limit per solve.")
    Double seconds;

    @Option(names = {"--threads"}, paramLabel = "N", description = "Solver threads.")
    Integer threads;

    @Option(names = {"--seed"}, paramLabel = "N", description = "Random seed.")
    Long seed;

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
                case "--time-limit" -> seconds == null ? null : String.valueOf(seconds);
                case "--threads" -> threads == null ? null : String.valueOf(threads);
                case "--seed" -> seed == null ? null : String.valueOf(seed);
                case "--space" -> space;
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
     * formulations).
     */
    void checkBackend(ProblemFile pf, String formulationName, PrintWriter err) {
        if (pf.backend() == null || "mip".equals(formulationName)) {
            return;
        }
        String what = "formulation " + formulationName + " has no back-ends (only mip has: "
                + String.join(", ", MipFormulation.BACKENDS.stream().map(b -> b.toLowerCase(Locale.ROOT)).toList())
                + ")";
        if (backend != null) {
            throw new InputException("--backend " + backend + ": " + what + "; add -f mip or drop --backend");
        }
        err.println("warning: " + pf.source() + ": field 'backend' (" + pf.backend() + ") ignored: " + what);
        err.flush();
    }

    /** Reads the file, applies the overrides and writes the network's import notes to {@code err}. */
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
        ProblemFile pf = file.toString().endsWith(".onnx") ? ProblemReaderSupport.forOnnx(file) : ProblemReader.read(file);
        String name = file.toString();
        if (network != null) {
            pf = pf.withProblem(ProblemReaderSupport.withNetwork("--network", pf.problem(), network));
        }
        if (batch != null) {
            if (batch <= 0 || batch > SizeLimits.BATCH) {
                throw InputException.field("--batch", "batch", "a positive integer up to "
                        + String.format("%,d", SizeLimits.BATCH), batch);
            }
            pf = pf.withProblem(pf.problem().withBatch(batch));
        }
        if (objective != null) {
            Objective o = Objective.byLabel(objective);
            if (o == null) {
                throw InputException.field("--objective", "objective", "throughput, latency, energy or edp", objective);
            }
            pf = pf.withProblem(pf.problem().withObjective(o));
        }
        if (hardware != null) {
            pf = pf.withProblem(ProblemReaderSupport.remap(name, pf.problem(), hardware));
        }
        if (costModel != null) {
            CostModelVersion v = CostModelVersion.byLabel(costModel);
            if (v == null) {
                throw InputException.field("--cost-model", "cost_model", "v1 or v2", costModel);
            }
            pf = pf.withProblem(pf.problem().withCostModel(v));
        }
        if (minLifetimeYears != null) {
            if (!(minLifetimeYears >= 0 && minLifetimeYears <= 1e6)) {
                throw InputException.field("--min-lifetime-years", "min_lifetime_years",
                        "a number of years from 0 to 1,000,000", minLifetimeYears);
            }
            pf = pf.withProblem(pf.problem().withMinLifetime(minLifetimeYears * Problem.YEAR_SECONDS));
        }
        if (space != null) {
            SearchSpace s = SearchSpace.byLabel(space);
            if (s == null) {
                throw InputException.field("--space", "space", "contiguous or dag", space);
            }
            pf = pf.withSpace(s);
        }
        if (formulation != null) {
            pf = pf.withFormulation(formulation);
        }
        if (backend != null) {
            pf = pf.withBackend(backend);
        }
        Limits l = pf.limits();
        if (seconds != null || threads != null || seed != null) {
            if (seconds != null && !(seconds > 0 && seconds <= Limits.MAX_SECONDS)) {
                throw InputException.field("--time-limit", "seconds", "a positive number of seconds up to "
                        + String.format("%,.0f", Limits.MAX_SECONDS), seconds);
            }
            if (threads != null && (threads <= 0 || threads > Limits.MAX_THREADS)) {
                throw InputException.field("--threads", "threads", "an integer from 1 to " + Limits.MAX_THREADS, threads);
            }
            pf = pf.withLimits(new Limits(seconds != null ? seconds : l.seconds(),
                    threads != null ? threads : l.threads(), seed != null ? seed : l.seed()));
        }
        return pf;
    }
}
