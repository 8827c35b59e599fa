package org.compass.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.network.Network;
import org.compass.model.problem.InferencePhase;
import org.compass.model.problem.Problem;
import org.compass.solver.Evaluation;
import org.compass.solver.Partition;
import org.compass.solver.PartitionCost;
import org.compass.solver.SolveResult;
import org.compass.solver.TokenMetrics;

/** The result as a JSON-ready tree; key names are the contract scripts rely on (DESIGN.md). */
final class ResultDocument {

    private ResultDocument() {
    }

    static Map<String, Object> of(Problem problem, SolveResult result, List<SolveResult> baselines) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", result.status().name());
        doc.put("formulation", result.formulation());
        doc.put("space", result.space().label());
        doc.put("solve_seconds", result.seconds());
        if (!result.message().isEmpty()) {
            doc.put("message", result.message());
        }
        doc.put("network", network(problem));
        doc.put("hardware", hardware(problem.hardware()));
        doc.put("batch", problem.batch());
        if (problem.phase().isLlm()) {
            Map<String, Object> ph = new LinkedHashMap<>();
            ph.put("name", problem.phase().kind().label());
            ph.put(problem.phase().kind() == InferencePhase.Kind.PREFILL ? "prompt_tokens" : "context_tokens",
                    problem.phase().tokens());
            ph.put("tokens_per_batch", problem.tokensPerBatch());
            doc.put("phase", ph);
        }
        doc.put("pipeline", problem.pipeline().label());
        doc.put("replication_factors", problem.replication().factors());
        Map<String, Object> objective = new LinkedHashMap<>();
        objective.put("name", problem.objective().label());
        objective.put("value", result.objective());
        objective.put("bound", result.bound());
        objective.put("gap", result.gap());
        doc.put("objective", objective);
        if (result.hasPlan()) {
            doc.put("metrics", metrics(result.evaluation()));
            doc.put("partitions", partitions(problem, result));
        }
        if (!baselines.isEmpty()) {
            Map<String, Object> b = new LinkedHashMap<>();
            for (SolveResult r : baselines) {
                if (r.hasPlan()) {
                    Map<String, Object> m = metrics(r.evaluation());
                    m.put("objective", r.objective());
                    m.put("partitions", r.plan().size());
                    b.put(r.formulation(), m);
                }
            }
            doc.put("baselines", b);
        }
        return doc;
    }

    static Map<String, Object> network(Problem problem) {
        Network n = problem.network();
        MappedGraph g = problem.graph();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", n.name());
        m.put("nodes", n.size());
        m.put("weighted_layers", n.weightedNodes().size());
        m.put("units", g.size());
        m.put("macs", n.macs());
        m.put("weights", n.crossbarWeights());
        m.put("crossbars_needed", g.crossbarsNeeded());
        return m;
    }

    static Map<String, Object> hardware(Hardware hw) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", hw.name());
        m.put("cores", hw.cores());
        m.put("crossbars", hw.crossbars());
        m.put("crossbar_rows", hw.crossbarRows());
        m.put("crossbar_cols", hw.crossbarCols());
        m.put("cell_bits", hw.cellBits());
        m.put("weight_bits", hw.weightBits());
        m.put("activation_bits", hw.activationBits());
        m.put("endurance_cycles", hw.enduranceCycles()); // null when unlimited
        return m;
    }

    static Map<String, Object> metrics(Evaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("latency_s", e.latencySeconds());
        m.put("throughput_ips", e.throughput());
        m.put("energy_j", e.energyJoules());
        m.put("edp_js", e.edp());
        m.put("dram_bytes", e.dramBytes());
        m.put("dram_peak_bytes", e.dramPeakBytes());
        m.put("rows_written", e.rowsWritten());
        m.put("crossbar_utilization", e.crossbarUtilization());
        m.put("cell_writes_per_s", e.cellWritesPerSecond());
        m.put("lifetime_s", e.lifetimeSeconds()); // null when unlimited (no writes, or cells that do not wear)
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("write", e.writeJoules());
        parts.put("dram", e.dramJoules());
        parts.put("mvm", e.mvmJoules());
        parts.put("static", e.staticJoules());
        m.put("energy_breakdown_j", parts);
        TokenMetrics tk = e.tokens();
        if (tk != null) {
            m.put("tokens_per_s", tk.tokensPerSecond());
            m.put("joules_per_token", tk.joulesPerToken());
            if (tk.phase().kind() == InferencePhase.Kind.PREFILL) {
                m.put("time_to_first_token_s", tk.firstTokenSeconds());
            } else {
                m.put("time_per_output_token_s", tk.perTokenSeconds());
            }
            m.put("kv_cache_bytes", tk.kvCacheBytes());
            m.put("kv_read_bytes", tk.kvReadBytes());
            m.put("kv_write_bytes", tk.kvWriteBytes());
        }
        return m;
    }

    static List<Object> partitions(Problem problem, SolveResult result) {
        List<Object> out = new ArrayList<>();
        List<Partition> parts = result.plan().partitions();
        for (int p = 0; p < parts.size(); p++) {
            Partition part = parts.get(p);
            PartitionCost c = result.evaluation().partitions().get(p);
            Map<String, Object> m = new LinkedHashMap<>();
            List<String> names = new ArrayList<>();
            List<Integer> rep = new ArrayList<>();
            for (int i = 0; i < part.size(); i++) {
                names.add(problem.graph().unit(part.units().get(i)).name());
                rep.add(part.replication().get(i));
            }
            m.put("layers", names);
            m.put("units", part.units());
            m.put("replication", rep);
            m.put("crossbars", c.load().crossbars());
            m.put("rows_written", c.load().rowsWritten());
            m.put("in_bytes", problem.batch() * c.load().inBytes());
            m.put("out_bytes", problem.batch() * c.load().outBytes());
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("program", c.programSeconds());
            t.put("compute", c.computeSeconds());
            t.put("io", c.ioSeconds());
            t.put("total", c.seconds());
            m.put("time_s", t);
            m.put("energy_j", c.joules());
            out.add(m);
        }
        return out;
    }
}
