package org.compass.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.compass.model.problem.Problem;
import org.compass.simulator.Lowering;
import org.compass.simulator.SimulationException;
import org.compass.simulator.SimulationResult;
import org.compass.simulator.Simulator;
import org.compass.solver.Evaluation;
import org.compass.solver.SolveResult;

/** {@code --simulate}: runs the plan on the crossbar simulator and sets its figures beside the cost model's. */
final class SimulationReport {

    private final SimulationResult result;
    private final String violation;

    private SimulationReport(SimulationResult result, String violation) {
        this.result = result;
        this.violation = violation;
    }

    /** Lowers and simulates a result's plan; a violation is kept as a message, not thrown. */
    static SimulationReport of(Problem problem, SolveResult r) {
        try {
            return new SimulationReport(Simulator.run(Lowering.lower(problem, r.plan())), null);
        } catch (SimulationException e) {
            return new SimulationReport(null, e.getMessage());
        }
    }

    /** The simulator's measurements, or null when it stopped on a violation. */
    SimulationResult result() {
        return result;
    }

    /** Why the simulator stopped, or null when it ran to the end. */
    String violation() {
        return violation;
    }

    void print(PrintWriter out, SolveResult r) {
        if (violation != null) {
            out.println("Simulation  VIOLATION: " + violation);
            out.println();
            return;
        }
        Evaluation e = r.evaluation();
        TextTable t = new TextTable("figure", "cost model", "simulated", "difference");
        t.row("latency", Units.seconds(e.latencySeconds()), Units.seconds(result.latencySeconds()),
                diff(result.latencySeconds(), e.latencySeconds()));
        t.row("energy", Units.joules(e.energyJoules()), Units.joules(result.energyJoules()),
                diff(result.energyJoules(), e.energyJoules()));
        t.row("DRAM bytes", Units.bytes(e.dramBytes()), Units.bytes(result.dramBytes()),
                diff(result.dramBytes(), e.dramBytes()));
        t.row("DRAM peak", Units.bytes(e.dramPeakBytes()), Units.bytes(result.dramPeakBytes()),
                diff(result.dramPeakBytes(), e.dramPeakBytes()));
        t.row("rows written", Units.count(e.rowsWritten()), Units.count(result.rowsWritten()),
                diff(result.rowsWritten(), e.rowsWritten()));
        out.printf("Simulation  %,d events, no violation; peak buffer %s per core, crossbars active %s of the time%n",
                result.events(), Units.bytes(result.peakBufferBytes()), Units.percent(result.activeUtilization()));
        out.print(t.render());
        TextTable p = new TextTable("#", "model time", "simulated", "difference");
        for (int i = 0; i < result.partitions().size(); i++) {
            double m = e.partitions().get(i).seconds();
            double s = result.partitions().get(i).seconds();
            p.row(i, Units.seconds(m), Units.seconds(s), diff(s, m));
        }
        out.println("Per partition");
        out.print(p.render());
        out.println();
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> violations = new ArrayList<>();
        if (violation != null) {
            violations.add(violation);
            m.put("violations", violations);
            return m;
        }
        m.put("latency_s", result.latencySeconds());
        m.put("energy_j", result.energyJoules());
        m.put("dram_bytes", result.dramBytes());
        m.put("dram_peak_bytes", result.dramPeakBytes());
        m.put("rows_written", result.rowsWritten());
        m.put("events", result.events());
        m.put("violations", violations);
        List<Double> per = new ArrayList<>();
        result.partitions().forEach(pt -> per.add(pt.seconds()));
        m.put("partition_latency_s", per);
        return m;
    }

    private static String diff(double sim, double model) {
        if (model == 0) {
            return sim == 0 ? "0.0%" : "-";
        }
        return String.format(java.util.Locale.ROOT, "%+.2f%%", 100 * (sim / model - 1));
    }
}
