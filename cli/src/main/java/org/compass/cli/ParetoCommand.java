package org.compass.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.compass.formulations.dp.DpFormulation;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ProblemFile;
import org.compass.solver.Partition;
import org.compass.solver.Plan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code compass-solve pareto FILE}: the exact latency-energy Pareto front of contiguous plans (every plan
 * that no other plan beats in both latency and energy), from the DP's Pareto labels.
 */
@Command(name = "pareto", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Prints the exact latency-energy Pareto front of contiguous plans.")
final class ParetoCommand implements Callable<Integer> {

    @ParentCommand
    CompassSolve parent;

    @Parameters(index = "0", paramLabel = "FILE", description = "Problem file (YAML).")
    Path file;

    @Mixin
    ProblemOptions options;

    @Option(names = "--csv", description = "Print the front as CSV (latency_s, energy_j, edp_js, partitions, boundaries).")
    boolean csv;

    @Override
    public Integer call() {
        ProblemFile pf = options.load(file);
        Problem problem = pf.problem();
        long start = System.nanoTime();
        List<DpFormulation.Label> front = DpFormulation.paretoFront(problem);
        double seconds = (System.nanoTime() - start) / 1e9;
        front.sort(Comparator.comparingDouble(DpFormulation.Label::seconds));
        PrintWriter out = parent.out();
        if (csv) {
            out.println("latency_s,energy_j,edp_js,throughput_ips,partitions,boundaries");
            for (DpFormulation.Label l : front) {
                out.printf(Locale.ROOT, "%s,%s,%s,%s,%d,%s%n", l.seconds(), l.joules(), l.seconds() * l.joules(),
                        problem.batch() / l.seconds(), l.partitions(), boundaries(l.plan()));
            }
            out.flush();
            return ExitCodes.OK;
        }
        int minEdp = 0;
        for (int i = 0; i < front.size(); i++) {
            DpFormulation.Label a = front.get(i);
            DpFormulation.Label b = front.get(minEdp);
            if (a.seconds() * a.joules() < b.seconds() * b.joules()) {
                minEdp = i;
            }
        }
        out.printf("%s: %s on %s, batch %d, %s pipeline%n", file, problem.network().name(), problem.hardware().name(),
                problem.batch(), problem.pipeline().label());
        out.printf("Pareto front of contiguous plans: %d points, exact (dynamic program over (latency, energy) labels) "
                + "in %s%n%n", front.size(), Units.seconds(seconds));
        TextTable t = new TextTable("#", "latency", "throughput/s", "energy", "EDP (J s)", "partitions", "note");
        for (int i = 0; i < front.size(); i++) {
            DpFormulation.Label l = front.get(i);
            String note = i == 0 ? "least latency" : i == front.size() - 1 ? "least energy" : "";
            if (i == minEdp) {
                note = note.isEmpty() ? "least EDP" : note + ", least EDP";
            }
            t.row(i, Units.seconds(l.seconds()), Units.number(problem.batch() / l.seconds()), Units.joules(l.joules()),
                    Units.number(l.seconds() * l.joules()), l.partitions(), note);
        }
        out.print(t.render());
        out.flush();
        return ExitCodes.OK;
    }

    /** Partition start units joined by ';'. */
    static String boundaries(Plan plan) {
        StringBuilder sb = new StringBuilder();
        for (Partition p : plan.partitions()) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(p.units().get(0));
        }
        return sb.toString();
    }
}
