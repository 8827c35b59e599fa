package org.compass.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.compass.model.problem.PipelineMode;
import org.compass.model.zoo.Zoo;

/**
 * The fidelity matrix of issue 11 (item 5): for the dp plan (throughput objective, cost model v2) of every zoo
 * network on compass-s, compass-m and compass-l, batch 1 and 16, row and image pipeline, the cost model's
 * latency, energy, DRAM bytes and DRAM peak beside the simulator's, as an aligned table and as CSV.
 *
 * <p>Each case runs in a child JVM (same class path) so that a simulation that takes longer than the budget
 * (default 30 s, plus 10 s for JVM start-up, mapping and the dp solve) can be stopped; such a case is listed as skipped
 * with the time it was given, and the batch-16 case of the same network, chip and pipeline is not tried when
 * batch 1 was already too slow. {@code --in-process} runs every case in this JVM without a budget.
 *
 * <p>Usage: {@code FidelityMatrix [--networks a,b] [--chips c,d] [--batches 1,16] [--pipelines row,image]
 * [--budget SECONDS] [--csv FILE] [--in-process]}; {@code --case NETWORK CHIP BATCH PIPELINE} measures one case
 * and prints it as a tab-separated line (the child's mode). See {@code bench/fidelity-matrix.sh}.
 */
public final class FidelityMatrix {

    static final List<String> CHIPS = List.of("compass-s", "compass-m", "compass-l");
    static final List<Integer> BATCHES = List.of(1, 16);
    static final List<PipelineMode> PIPELINES = List.of(PipelineMode.ROW, PipelineMode.IMAGE);

    /** Wall time a child gets beyond the simulation budget: JVM start-up, building the network, the dp solve. */
    static final double STARTUP_SECONDS = 10;

    /** A case that was not measured, and why. */
    record Skipped(String network, String chip, int batch, PipelineMode pipeline, String reason) {
    }

    private FidelityMatrix() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        List<String> networks = new ArrayList<>();
        // decoders are measured apart (docs/llm.md): their matrix would simulate gigabytes of weights
        for (var entry : Zoo.entries()) {
            if (!entry.decoder()) {
                networks.add(entry.name());
            }
        }
        List<String> chips = CHIPS;
        List<Integer> batches = BATCHES;
        List<PipelineMode> pipelines = PIPELINES;
        double budget = 30;
        Path csv = null;
        boolean inProcess = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--case" -> {
                    Fidelity.Row r = Fidelity.measure(args[i + 1], args[i + 2], Integer.parseInt(args[i + 3]),
                            PipelineMode.valueOf(args[i + 4].toUpperCase(Locale.ROOT)));
                    System.out.println(encode(r));
                    return;
                }
                case "--networks" -> networks = List.of(args[++i].split(","));
                case "--chips" -> chips = List.of(args[++i].split(","));
                case "--batches" -> batches = List.of(args[++i].split(",")).stream().map(Integer::valueOf).toList();
                case "--pipelines" -> pipelines = List.of(args[++i].split(",")).stream()
                        .map(s -> PipelineMode.valueOf(s.toUpperCase(Locale.ROOT))).toList();
                case "--budget" -> budget = Double.parseDouble(args[++i]);
                case "--csv" -> csv = Path.of(args[++i]);
                case "--in-process" -> inProcess = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: FidelityMatrix [--networks a,b] [--chips c,d] [--batches 1,16] "
                        + "[--pipelines row,image] [--budget SECONDS] [--csv FILE] [--in-process]");
            }
        }
        List<Fidelity.Row> rows = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        long start = System.nanoTime();
        for (String network : networks) {
            for (String chip : chips) {
                for (PipelineMode pipeline : pipelines) {
                    String tooSlow = null;
                    for (int batch : batches) {
                        if (tooSlow != null) {
                            skipped.add(new Skipped(network, chip, batch, pipeline, tooSlow));
                            continue;
                        }
                        String c = network + " " + chip + " B" + batch + " " + Fidelity.label(pipeline);
                        long t0 = System.nanoTime();
                        try {
                            Fidelity.Row r = inProcess ? Fidelity.measure(network, chip, batch, pipeline)
                                    : child(network, chip, batch, pipeline, budget);
                            rows.add(r);
                            System.err.printf(Locale.ROOT, "%-40s lat %.3f  energy %.3f  peak %.3f  (dp %.2f s, sim %.1f s)%n",
                                    c, r.latencyRatio(), r.energyRatio(), r.peakRatio(), r.solveSeconds(),
                                    r.simulateSeconds());
                        } catch (CaseTimeout e) {
                            String why = String.format(Locale.ROOT, "not finished within the %.0f s budget", budget);
                            skipped.add(new Skipped(network, chip, batch, pipeline, why));
                            tooSlow = String.format(Locale.ROOT, "not tried: batch %d took over %.0f s", batch, budget);
                            System.err.printf(Locale.ROOT, "%-40s skipped after %.0f s%n", c, (System.nanoTime() - t0) * 1e-9);
                        } catch (RuntimeException e) {
                            skipped.add(new Skipped(network, chip, batch, pipeline, "failed: " + e.getMessage()));
                            System.err.printf(Locale.ROOT, "%-40s failed: %s%n", c, e.getMessage());
                        }
                    }
                }
            }
        }
        String table = table(rows);
        String csvText = csv(rows);
        System.out.println("Fidelity of cost model v2 against the simulator: dp plan, throughput objective");
        System.out.println();
        System.out.print(table);
        System.out.println();
        System.out.print(summary(rows));
        System.out.println();
        System.out.print(diagnosis(rows));
        if (!skipped.isEmpty()) {
            System.out.println();
            System.out.println("Skipped (simulation over the budget, or failed):");
            for (Skipped s : skipped) {
                System.out.printf(Locale.ROOT, "  %s %s B%d %s: %s%n", s.network(), s.chip(), s.batch(),
                        Fidelity.label(s.pipeline()), s.reason());
            }
        }
        System.out.println();
        System.out.println("CSV:");
        System.out.print(csvText);
        if (csv != null) {
            Files.writeString(csv, csvText);
            System.err.println("wrote " + csv);
        }
        System.err.printf(Locale.ROOT, "%d cases measured, %d skipped, %.0f s%n", rows.size(), skipped.size(),
                (System.nanoTime() - start) * 1e-9);
    }

    static final class CaseTimeout extends Exception {
        private static final long serialVersionUID = 1L;
    }

    /** Runs one case in a child JVM; kills it past the budget. */
    static Fidelity.Row child(String network, String chip, int batch, PipelineMode pipeline, double budget)
            throws CaseTimeout, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xss8m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), FidelityMatrix.class.getName(),
                "--case", network, chip, String.valueOf(batch), Fidelity.label(pipeline));
        pb.redirectErrorStream(true);
        try {
            Process p = pb.start();
            Path out = Files.createTempFile("fidelity", ".out");
            try {
                // drain the child's output on a thread so that a chatty child cannot block
                Thread drain = new Thread(() -> {
                    try {
                        Files.copy(p.getInputStream(), out, StandardCopyOption.REPLACE_EXISTING);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                drain.setDaemon(true);
                drain.start();
                if (!p.waitFor((long) ((budget + STARTUP_SECONDS) * 1000), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    p.waitFor();
                    throw new CaseTimeout();
                }
                drain.join();
                List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
                for (String line : lines) {
                    if (line.startsWith("ROW\t")) {
                        return decode(line);
                    }
                }
                throw new IllegalStateException("exit " + p.exitValue() + ": " + String.join(" | ", lines));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String encode(Fidelity.Row r) {
        Fidelity.Terms x = r.terms();
        return String.join("\t", "ROW", r.network(), r.chip(), String.valueOf(r.batch()), r.pipeline().name(),
                String.valueOf(r.partitions()), Double.toString(r.modelSeconds()), Double.toString(r.simSeconds()),
                Double.toString(r.modelJoules()), Double.toString(r.simJoules()), Long.toString(r.modelDramBytes()),
                Long.toString(r.simDramBytes()), Long.toString(r.modelDramPeak()), Long.toString(r.simDramPeak()),
                Long.toString(r.events()), Double.toString(r.solveSeconds()), Double.toString(r.simulateSeconds()),
                Double.toString(x.modelProgramSeconds()), Double.toString(x.simProgramSeconds()),
                Double.toString(x.modelRestSeconds()), Double.toString(x.simRestSeconds()),
                Double.toString(x.modelStaticJoules()), Double.toString(x.simStaticJoules()),
                Double.toString(x.modelDynamicJoules()), Double.toString(x.simDynamicJoules()),
                Long.toString(x.peakDuringBound()), Integer.toString(x.worstPartition()),
                Double.toString(x.worstModelSeconds()), Double.toString(x.worstSimSeconds()), x.worstUnits());
    }

    static Fidelity.Row decode(String line) {
        String[] f = line.split("\t");
        return new Fidelity.Row(f[1], f[2], Integer.parseInt(f[3]), PipelineMode.valueOf(f[4]), Integer.parseInt(f[5]),
                Double.parseDouble(f[6]), Double.parseDouble(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[9]),
                Long.parseLong(f[10]), Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                Long.parseLong(f[14]), Double.parseDouble(f[15]), Double.parseDouble(f[16]),
                new Fidelity.Terms(Double.parseDouble(f[17]), Double.parseDouble(f[18]), Double.parseDouble(f[19]),
                        Double.parseDouble(f[20]), Double.parseDouble(f[21]), Double.parseDouble(f[22]),
                        Double.parseDouble(f[23]), Double.parseDouble(f[24]), Long.parseLong(f[25]),
                        Integer.parseInt(f[26]), Double.parseDouble(f[27]), Double.parseDouble(f[28]), f[29]));
    }

    static String mark(boolean ok) {
        return ok ? " " : "*";
    }

    /** The aligned table; a ratio outside its target is marked with '*'. */
    static String table(List<Fidelity.Row> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"network", "chip", "B", "pipeline", "parts", "model lat", "sim lat", "sim/model",
            "model energy", "sim energy", "sim/model", "model DRAM B", "sim DRAM B", "model peak", "sim peak",
            "sim/model", "sim s"});
        for (Fidelity.Row r : rows) {
            cells.add(new String[] {r.network(), r.chip(), String.valueOf(r.batch()), Fidelity.label(r.pipeline()),
                String.valueOf(r.partitions()), us(r.modelSeconds()), us(r.simSeconds()),
                fmt("%.3f", r.latencyRatio()) + mark(r.latencyOk()), uj(r.modelJoules()), uj(r.simJoules()),
                fmt("%.4f", r.energyRatio()) + mark(r.energyOk()), fmt("%,d", r.modelDramBytes()),
                fmt("%,d", r.simDramBytes()) + mark(r.bytesOk()), fmt("%,d", r.modelDramPeak()),
                fmt("%,d", r.simDramPeak()), fmt("%.3f", r.peakRatio()) + mark(r.peakOk()),
                fmt("%.1f", r.simulateSeconds())});
        }
        return align(cells, 4);
    }

    /** Left-aligns the first {@code textColumns} columns, right-aligns the rest. */
    static String align(List<String[]> cells, int textColumns) {
        int n = cells.get(0).length;
        int[] w = new int[n];
        for (String[] row : cells) {
            for (int i = 0; i < n; i++) {
                w[i] = Math.max(w[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < n; i++) {
                String pad = " ".repeat(w[i] - row[i].length());
                line.append(i < textColumns ? row[i] + pad : pad + row[i]).append(i + 1 < n ? "  " : "");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    static String summary(List<Fidelity.Row> rows) {
        int lat = 0;
        int energy = 0;
        int bytes = 0;
        int peak = 0;
        int all = 0;
        for (Fidelity.Row r : rows) {
            lat += r.latencyOk() ? 1 : 0;
            energy += r.energyOk() ? 1 : 0;
            bytes += r.bytesOk() ? 1 : 0;
            peak += r.peakOk() ? 1 : 0;
            all += r.latencyOk() && r.energyOk() && r.bytesOk() && r.peakOk() ? 1 : 0;
        }
        int n = rows.size();
        return String.format(Locale.ROOT, "Targets met ('*' marks a miss), of %d cases: latency within 5%% %d, energy "
                + "within 2%% %d, DRAM bytes equal %d, DRAM peak within 5%% %d; all four %d%n", n, lat, energy, bytes,
                peak, all);
    }

    /**
     * Pass counts and ratio ranges per pipeline and batch, then where the largest disagreements come from: the
     * latency misses split into program phase and the rest, the energy split into dynamic and static, the DRAM
     * peak beside the in-partition bound.
     */
    static String diagnosis(List<Fidelity.Row> rows) {
        StringBuilder sb = new StringBuilder("By pipeline and batch (cases meeting the target / cases; ratio range sim/model):\n");
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"pipeline", "B", "cases", "latency ok", "latency range", "energy ok", "energy range",
            "bytes equal", "peak ok", "peak range"});
        for (PipelineMode pm : PIPELINES) {
            for (int b : BATCHES) {
                List<Fidelity.Row> g = rows.stream().filter(r -> r.pipeline() == pm && r.batch() == b).toList();
                if (g.isEmpty()) {
                    continue;
                }
                cells.add(new String[] {Fidelity.label(pm), String.valueOf(b), String.valueOf(g.size()),
                    String.valueOf(g.stream().filter(Fidelity.Row::latencyOk).count()),
                    range(g.stream().mapToDouble(Fidelity.Row::latencyRatio).toArray(), "%.3f"),
                    String.valueOf(g.stream().filter(Fidelity.Row::energyOk).count()),
                    range(g.stream().mapToDouble(Fidelity.Row::energyRatio).toArray(), "%.4f"),
                    String.valueOf(g.stream().filter(Fidelity.Row::bytesOk).count()),
                    String.valueOf(g.stream().filter(Fidelity.Row::peakOk).count()),
                    range(g.stream().mapToDouble(Fidelity.Row::peakRatio).toArray(), "%.3f")});
            }
        }
        sb.append(align(cells, 2)).append('\n');
        List<Fidelity.Row> worst = new ArrayList<>(rows);
        worst.sort((a, b) -> Double.compare(Math.abs(b.latencyRatio() - 1), Math.abs(a.latencyRatio() - 1)));
        sb.append("Largest latency disagreements: sim - model of the program phases (start to last write) and of the "
                + "rest (compute / I/O), as shares of the model's latency; the partition with the largest difference "
                + "(model and simulated time):\n");
        cells = new ArrayList<>();
        cells.add(new String[] {"case", "sim/model", "program", "rest", "worst partition", "model", "sim"});
        for (Fidelity.Row r : worst.subList(0, Math.min(15, worst.size()))) {
            Fidelity.Terms x = r.terms();
            cells.add(new String[] {r.key(), fmt("%.3f", r.latencyRatio()),
                fmt("%+.1f%%", 100 * (x.simProgramSeconds() - x.modelProgramSeconds()) / r.modelSeconds()),
                fmt("%+.1f%%", 100 * (x.simRestSeconds() - x.modelRestSeconds()) / r.modelSeconds()),
                "#" + x.worstPartition() + " " + x.worstUnits(), us(x.worstModelSeconds()), us(x.worstSimSeconds())});
        }
        sb.append(align(cells, 1)).append('\n');
        double dynLo = Double.MAX_VALUE;
        double dynHi = 0;
        int energyFromStatic = 0;
        int energyMiss = 0;
        int peakAtBound = 0;
        int peakWithinBound = 0;
        int peakMiss = 0;
        for (Fidelity.Row r : rows) {
            Fidelity.Terms x = r.terms();
            double dyn = x.simDynamicJoules() / x.modelDynamicJoules();
            dynLo = Math.min(dynLo, dyn);
            dynHi = Math.max(dynHi, dyn);
            if (!r.energyOk()) {
                energyMiss++;
                if (Math.abs(dyn - 1) <= 1e-9) {
                    energyFromStatic++;
                }
            }
            if (!r.peakOk()) {
                peakMiss++;
                peakAtBound += r.simDramPeak() == x.peakDuringBound() ? 1 : 0;
                peakWithinBound += r.simDramPeak() <= x.peakDuringBound() ? 1 : 0;
            }
        }
        sb.append(fmt("Energy: dynamic energy (writes + DRAM + MVM) sim/model ranges %.9f to %.9f; of the %d energy misses, "
                + "%d are entirely static power over the longer simulated latency.%n", dynLo, dynHi, energyMiss,
                energyFromStatic));
        sb.append(fmt("DRAM peak: of the %d misses, the simulated peak is at most the in-partition bound (inputs kept "
                + "to the partition's end, its outputs stored meanwhile) in %d and equal to it in %d.%n", peakMiss,
                peakWithinBound, peakAtBound));
        return sb.toString();
    }

    static String range(double[] v, String f) {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (double x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        return fmt(f, lo) + " - " + fmt(f, hi);
    }

    static String csv(List<Fidelity.Row> rows) {
        StringBuilder sb = new StringBuilder("network,chip,batch,pipeline,partitions,model_latency_s,sim_latency_s,"
                + "latency_ratio,model_energy_j,sim_energy_j,energy_ratio,model_dram_bytes,sim_dram_bytes,"
                + "model_dram_peak_bytes,sim_dram_peak_bytes,dram_peak_ratio,events,dp_seconds,simulate_seconds,"
                + "model_program_s,sim_program_s,model_rest_s,sim_rest_s,model_static_j,sim_static_j,"
                + "model_dynamic_j,sim_dynamic_j,peak_during_partitions_bytes\n");
        for (Fidelity.Row r : rows) {
            sb.append(String.join(",", r.network(), r.chip(), String.valueOf(r.batch()), Fidelity.label(r.pipeline()),
                    String.valueOf(r.partitions()), fmt("%.6e", r.modelSeconds()), fmt("%.6e", r.simSeconds()),
                    fmt("%.5f", r.latencyRatio()), fmt("%.6e", r.modelJoules()), fmt("%.6e", r.simJoules()),
                    fmt("%.5f", r.energyRatio()), String.valueOf(r.modelDramBytes()), String.valueOf(r.simDramBytes()),
                    String.valueOf(r.modelDramPeak()), String.valueOf(r.simDramPeak()), fmt("%.5f", r.peakRatio()),
                    String.valueOf(r.events()), fmt("%.3f", r.solveSeconds()), fmt("%.3f", r.simulateSeconds()),
                    fmt("%.6e", r.terms().modelProgramSeconds()), fmt("%.6e", r.terms().simProgramSeconds()),
                    fmt("%.6e", r.terms().modelRestSeconds()), fmt("%.6e", r.terms().simRestSeconds()),
                    fmt("%.6e", r.terms().modelStaticJoules()),
                    fmt("%.6e", r.terms().simStaticJoules()), fmt("%.6e", r.terms().modelDynamicJoules()),
                    fmt("%.6e", r.terms().simDynamicJoules()), String.valueOf(r.terms().peakDuringBound())))
                    .append('\n');
        }
        return sb.toString();
    }

    static String us(double seconds) {
        return fmt("%,.1f us", seconds * 1e6);
    }

    static String uj(double joules) {
        return fmt("%,.2f uJ", joules * 1e6);
    }

    static String fmt(String f, Object... a) {
        return String.format(Locale.ROOT, f, a);
    }
}
