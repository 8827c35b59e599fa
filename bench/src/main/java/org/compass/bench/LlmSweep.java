package org.compass.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.compass.formulations.StandardFormulations;
import org.compass.model.hardware.Hardware;
import org.compass.solver.ProblemFile;
import org.compass.model.io.ProblemReaderSupport;
import org.compass.model.problem.Problem;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.cost.PartitionCost;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;

/**
 * The tables of {@code docs/llm.md}, measured with the tool: {@code problems/llama.yaml} (Llama-2-7B decode on
 * compass-l) swept over batch size, context length and DRAM bandwidth, solved by dp and compared with greedy and
 * layerwise, plus prefill and other decoders. Every figure is the cost model's evaluation of a solved plan; where
 * the time goes is read from the partitions' program, compute and I/O times ({@link #split}).
 *
 * <p>Run by {@code bench/llm-sweep.sh [output file]}.
 */
public final class LlmSweep {

    private static final int[] BATCHES = {1, 4, 16, 64, 256};
    private static final int[] CONTEXTS = {128, 1024, 4000};
    private static final double[] DRAM_GBPS = {25.6, 51.2, 102.4, 204.8, 409.6, 819.2, 1638.4};
    private static final List<String> DECODERS = List.of("gpt2", "gpt2_xl", "llama3_2_1b", "llama2_7b", "mistral_7b",
            "llama3_8b");
    /** The settings of the table against greedy and layerwise. */
    private static final int COMPARED = 6;
    /** The cases the run solves, one progress line each. */
    static final int CASES = BATCHES.length * CONTEXTS.length + DRAM_GBPS.length + COMPARED + DECODERS.size();

    private final StringBuilder out = new StringBuilder();
    private final Problem base;
    private final Progress progress = Progress.onStandardError("llm-sweep", CASES);

    private LlmSweep(Problem base) {
        this.base = base;
    }

    /** Arguments: [problem file (default problems/llama.yaml)] [output file]; without a file the tables go to stdout. */
    public static void main(String[] args) throws IOException {
        String problem = args.length > 0 ? args[0] : "problems/llama.yaml";
        LlmSweep s = new LlmSweep(ProblemFile.read(Path.of(problem)).problem());
        String text = s.run(problem);
        if (args.length > 1) {
            Path file = Path.of(args[1]);
            Files.writeString(file, text);
            System.err.println("wrote " + file);
        } else {
            System.out.print(text);
        }
    }

    private static SolveResult solve(Problem p, String formulation) {
        return StandardFormulations.registry().find(formulation).orElseThrow().solve(SolveRequest.of(p));
    }

    /** Where a plan's time goes: seconds bound by DRAM (weight loads and I/O), by crossbar writes, by compute. */
    record Split(double dram, double write, double compute) {
        double total() {
            return dram + write + compute;
        }
    }

    /**
     * Each partition's time, T_prog + max(T_comp, T_io), charged to what bounds each term: the program phase to the
     * crossbar writes or the weight loads (whichever the cost model's T_prog takes), the rest to compute or DRAM I/O.
     */
    static Split split(Problem p, Evaluation e) {
        CostModel cm = new CostModel(p);
        double dram = 0;
        double write = 0;
        double compute = 0;
        for (PartitionCost c : e.partitions()) {
            double writes = cm.writeSeconds(c.load().rowsWritten(), p.hardware().writePorts());
            if (writes >= cm.dramSeconds(c.load().weightBytes())) {
                write += c.programSeconds();
            } else {
                dram += c.programSeconds();
            }
            if (c.ioSeconds() >= c.computeSeconds()) {
                dram += c.ioSeconds();
            } else {
                compute += c.computeSeconds();
            }
        }
        return new Split(dram, write, compute);
    }

    private static String pct(double part, double whole) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * part / whole);
    }

    private static String num(double x) {
        return x >= 100 ? String.format(Locale.ROOT, "%,.0f", x) : String.format(Locale.ROOT, "%.3g", x);
    }

    private static String ms(double s) {
        return String.format(Locale.ROOT, "%.2f", s * 1e3);
    }

    private void line(String s) {
        out.append(s).append('\n');
    }

    private Hardware withDram(Hardware h, double gbps) {
        return new Hardware(h.name() + "@" + gbps, h.crossbarRows(), h.crossbarCols(), h.cellBits(), h.weightBits(),
                h.activationBits(), h.cores(), h.crossbarsPerCore(), h.writePortsPerCore(), h.mvmSeconds(),
                h.rowWriteSeconds(), gbps * 1e9, h.rowWriteJoules(), h.dramJoulesPerByte(), h.mvmJoulesPerCrossbarStep(),
                h.staticWatts(), h.mvmIssuePerCore(), h.localMemoryBytesPerSecond(), h.linkBytesPerSecond(),
                h.linkLatencySeconds(), h.vectorBytesPerSecond(), h.enduranceCycles());
    }

    String run(String source) {
        line("<!-- made by bench/llm-sweep.sh from " + source + " (org.compass.bench.LlmSweep); cost model "
                + base.costModel().label() + " -->");
        line("");
        line("### Decode: tokens/s against batch size and context length (dp; " + base.network().name() + " on "
                + base.hardware().name() + ")");
        line("");
        line("| batch \\ context | " + String.join(" | ", List.of("128", "1,024", "4,000").stream().map(c -> c + " tokens")
                .toList()) + " | DRAM-bound share of the step (1,024) | time per output token (1,024) |");
        line("|---:|---:|---:|---:|---:|---:|");
        for (int batch : BATCHES) {
            StringBuilder row = new StringBuilder("| " + batch);
            Split s1024 = null;
            double tpot = 0;
            for (int context : CONTEXTS) {
                Problem p = ProblemReaderSupport.withPhase(base, "decode", null, context).withBatch(batch);
                SolveResult r = solve(p, "dp");
                progress.done("decode batch " + batch + ", context " + context + ": dp");
                row.append(" | ").append(num(r.evaluation().tokens().tokensPerSecond()));
                if (context == 1024) {
                    s1024 = split(p, r.evaluation());
                    tpot = r.evaluation().tokens().perTokenSeconds();
                }
            }
            row.append(" | ").append(pct(s1024.dram(), s1024.total())).append(" | ").append(ms(tpot)).append(" ms |");
            line(row.toString());
        }
        line("");
        line("### Decode against DRAM bandwidth (batch 16, context 1,024): where the step stops being bound by DRAM");
        line("");
        line("| DRAM GB/s | tokens/s | time per output token (ms) | DRAM-bound | write-bound | compute-bound |"
                + " J/token (mJ) |");
        line("|---:|---:|---:|---:|---:|---:|---:|");
        for (double gbps : DRAM_GBPS) {
            Problem p = ProblemReaderSupport.withPhase(base, "decode", null, 1024).withBatch(16)
                    .withHardware(withDram(base.hardware(), gbps));
            SolveResult r = solve(p, "dp");
            progress.done("decode batch 16, context 1024, DRAM " + gbps + " GB/s: dp");
            Split s = split(p, r.evaluation());
            line("| " + gbps + " | " + num(r.evaluation().tokens().tokensPerSecond()) + " | "
                    + ms(r.evaluation().tokens().perTokenSeconds()) + " | " + pct(s.dram(), s.total()) + " | "
                    + pct(s.write(), s.total()) + " | " + pct(s.compute(), s.total()) + " | "
                    + String.format(Locale.ROOT, "%.2f", r.evaluation().tokens().joulesPerToken() * 1e3) + " |");
        }
        line("");
        line("### dp against the paper's baselines (tokens/s)");
        line("");
        line("| setting | dp | greedy | layerwise | dp partitions |");
        line("|---|---:|---:|---:|---:|");
        compare("decode B16 L1,024, 25.6 GB/s", ProblemReaderSupport.withPhase(base, "decode", null, 1024));
        compare("decode B16 L1,024, 409.6 GB/s", ProblemReaderSupport.withPhase(base, "decode", null, 1024)
                .withHardware(withDram(base.hardware(), 409.6)));
        compare("decode B1 L128", ProblemReaderSupport.withPhase(base, "decode", null, 128).withBatch(1));
        compare("prefill B1 S128", ProblemReaderSupport.withPhase(base, "prefill", 128, null).withBatch(1));
        compare("prefill B16 S512", ProblemReaderSupport.withPhase(base, "prefill", 512, null));
        Problem small = ProblemReaderSupport.withNetwork("network", ProblemReaderSupport.withPhase(base, "decode", null,
                1024), "llama3_2_1b");
        compare("llama3_2_1b decode B16 L1,024", small);
        line("");
        line("### Other decoders, decode B16, context 1,000 (dp)");
        line("");
        line("| network | tokens/s | J/token (mJ) | KV cache read per step | weights per step |");
        line("|---|---:|---:|---:|---:|");
        for (String net : DECODERS) {
            Problem p = ProblemReaderSupport.withNetwork("network", ProblemReaderSupport.withPhase(base, "decode", null,
                    1000), net);
            SolveResult r = solve(p, "dp");
            progress.done(net + " decode batch 16, context 1000: dp");
            long weights = r.evaluation().partitions().stream().mapToLong(c -> c.load().weightBytes()).sum();
            line("| " + net + " | " + num(r.evaluation().tokens().tokensPerSecond()) + " | "
                    + String.format(Locale.ROOT, "%.2f", r.evaluation().tokens().joulesPerToken() * 1e3) + " | "
                    + String.format(Locale.ROOT, "%.1f MB", r.evaluation().tokens().kvReadBytes() / 1e6) + " | "
                    + String.format(Locale.ROOT, "%.1f MB", weights / 1e6) + " |");
        }
        line("");
        line("(GPT-2 at context 1,000: its 1,024 positions hold at most 1,023 cached tokens.)");
        return out.toString();
    }

    private void compare(String label, Problem p) {
        SolveResult dp = solve(p, "dp");
        SolveResult g = solve(p, "greedy");
        SolveResult l = solve(p, "layerwise");
        progress.done(label + ": dp, greedy, layerwise");
        line("| " + label + " | " + num(dp.evaluation().tokens().tokensPerSecond()) + " | "
                + num(g.evaluation().tokens().tokensPerSecond()) + " | " + num(l.evaluation().tokens().tokensPerSecond())
                + " | " + dp.plan().size() + " |");
    }
}
