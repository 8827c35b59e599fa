package org.compass.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.compass.formulations.dp.DpFormulation;
import org.compass.model.hardware.Hardware;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.network.Network;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.InferencePhase;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ReplicationSet;
import org.compass.model.zoo.DecoderConfig;
import org.compass.model.zoo.Decoders;
import org.compass.solver.cost.CostModel;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import org.compass.solver.cost.TokenMetrics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A small decoder's dp plans, prefill and decode, run on the simulator: the KV cache is read and appended exactly
 * as the cost model counts it (the simulator sees only network inputs and outputs marked as KV cache, never the cost
 * model), DRAM bytes and rows written agree exactly, the DRAM peak is at least the cost model's boundary peak (the
 * simulator measures it at every instant), and the latency difference is printed (within 5% under cost model v2).
 *
 * <p>Decoder: Llama style, 2 layers, hidden 128, 4 heads of 32 features sharing one key/value head, SwiGLU MLP of
 * 256, vocabulary 256 (18 crossbars per layer); chip: one compass core of 16 crossbars; batch 4 sequences.
 */
class DecoderSimulationTest {

    static final DecoderConfig SMALL = new DecoderConfig("small_llama", DecoderConfig.Style.LLAMA, 2, 128, 4, 1, 32,
            256, 256, 512, 0, false, 0, "test");

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"prefill, 16, v1", "prefill, 16, v2", "decode, 64, v1", "decode, 64, v2", "decode, 256, v2"})
    void simulatesTheKvCacheLikeTheCostModel(String phaseName, int tokens, String version) {
        InferencePhase phase = phaseName.equals("decode") ? InferencePhase.decode(tokens) : InferencePhase.prefill(tokens);
        Network n = phase.kind() == InferencePhase.Kind.DECODE ? Decoders.decode(SMALL, tokens) : Decoders.prefill(SMALL, tokens);
        Hardware chip = HardwarePresets.compass("one-core", 1);
        Problem p = Problem.of(n, chip, 4, Objective.THROUGHPUT, PipelineMode.ROW, ReplicationSet.DEFAULT)
                .withPhase(phase, n).withCostModel(CostModelVersion.byLabel(version));
        SolveResult r = new DpFormulation().solve(SolveRequest.of(p));
        Evaluation e = r.evaluation();
        TokenMetrics t = e.tokens();
        SimulationResult sim = Simulator.run(Lowering.lower(p, r.plan()));
        System.out.printf(Locale.ROOT, "%s %d %s: %d partitions; latency model %.3f us, simulated %.3f us (%+.2f%%);"
                        + " DRAM peak model %d B, simulated %d B; KV read %d B, appended %d B%n", phaseName, tokens, version,
                r.plan().size(), e.latencySeconds() * 1e6, sim.latencySeconds() * 1e6,
                100 * (sim.latencySeconds() / e.latencySeconds() - 1), e.dramPeakBytes(), sim.dramPeakBytes(),
                sim.kvReadBytes(), sim.kvWriteBytes());
        assertEquals(t.kvReadBytes(), sim.kvReadBytes(), "KV cache read");
        assertEquals(t.kvWriteBytes(), sim.kvWriteBytes(), "KV cache appended");
        assertEquals(e.dramBytes(), sim.dramBytes(), "DRAM bytes");
        assertEquals(e.rowsWritten(), sim.rowsWritten(), "rows written");
        assertTrue(sim.dramPeakBytes() >= new CostModel(p).boundaryPeakBytes(r.plan()),
                "the simulator's peak is at every instant, so at least the boundary peak");
        assertTrue(sim.dramPeakBytes() >= t.kvCacheBytes(), "the whole cache stays in DRAM");
        if (version.equals("v2")) {
            // the fidelity target of docs/fidelity.md (measured +1.4% to +3.1%; v1 leaves the attention's vector work
            // out and is printed only: +22% decode, +69% prefill)
            assertTrue(Math.abs(sim.latencySeconds() / e.latencySeconds() - 1) <= 0.05, "latency within 5% under v2");
        }
        if (phase.kind() == InferencePhase.Kind.DECODE) {
            // per sequence and layer: keys and values of the cached tokens, one key/value head of 32 features, 4 bits;
            // more when a partition reads back the new entries another partition appended
            assertTrue(t.kvReadBytes() >= 4L * 2 * 2 * tokens * 32 / 2, "the cached keys and values are read");
        }
    }
}
