package org.compass.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.compass.formulations.cpsat.CpSatFormulation;
import org.compass.formulations.mip.MipFormulation;
import org.compass.solver.ProblemFile;
import picocli.CommandLine.Option;

/**
 * The {@code --export-*} options, shared by the main command and {@code compare}: each writes, without solving
 * it, the model that one formulation builds for the problem in the problem's space, whichever formulation
 * then runs.
 */
final class ModelExports {

    @Option(names = "--export-lp", paramLabel = "FILE",
            description = "Write the MIP model (what -f mip solves, in the problem's space) in LP format.")
    Path lp;

    @Option(names = "--export-mps", paramLabel = "FILE",
            description = "Write the MIP model (what -f mip solves, in the problem's space) in MPS format.")
    Path mps;

    @Option(names = "--export-cpsat", paramLabel = "FILE",
            description = "Write the CP-SAT model (what -f cpsat solves, in the problem's space) as a CpModelProto "
                    + "in protobuf text format, e.g. model.pb.txt.")
    Path cpsat;

    /** The export files by option, for the checks every output gets before solving. */
    Map<String, Path> files() {
        Map<String, Path> m = new LinkedHashMap<>();
        m.put("--export-lp", lp);
        m.put("--export-mps", mps);
        m.put("--export-cpsat", cpsat);
        return m;
    }

    /** Builds and writes the models asked for; says where each went on {@code notes}. */
    void write(ProblemFile pf, PrintWriter notes) {
        if (lp != null) {
            write(lp, MipFormulation.export(pf.problem(), pf.settings().space(), pf.settings().backend(), MipFormulation.ExportFormat.LP),
                    notes);
        }
        if (mps != null) {
            write(mps, MipFormulation.export(pf.problem(), pf.settings().space(), pf.settings().backend(), MipFormulation.ExportFormat.MPS),
                    notes);
        }
        if (cpsat != null) {
            write(cpsat, CpSatFormulation.export(pf.problem(), pf.settings().space()), notes);
        }
    }

    private static void write(Path file, String model, PrintWriter notes) {
        AtomicFiles.write(file, model);
        notes.println("Wrote " + file);
        notes.flush();
    }
}
