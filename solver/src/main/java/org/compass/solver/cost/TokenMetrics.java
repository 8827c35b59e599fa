package org.compass.solver.cost;

import org.compass.model.problem.InferencePhase;

/**
 * What a plan means per token when the problem is a phase of language-model inference ({@code docs/llm.md}); part of
 * the cost model's {@link Evaluation}. A batch is B sequences: in prefill each pushes its S prompt tokens through
 * the decoder and the batch's latency is the time to first token; in decode each makes one new token and the
 * batch's latency is the time per output token (one step).
 *
 * @param phase              the phase
 * @param tokensPerBatch     tokens the batch processes: B x S (prefill) or B (decode)
 * @param tokensPerSecond    tokensPerBatch / latency
 * @param joulesPerToken     energy of the batch / tokensPerBatch
 * @param firstTokenSeconds  time to first token: the prefill's latency (NaN in decode)
 * @param perTokenSeconds    time per output token: the decode step's latency (NaN in prefill)
 * @param kvCacheBytes       bytes of the KV cache in DRAM at the end of the batch, all layers and sequences: in
 *                           decode the L cached tokens and the new one (S tokens after a prefill)
 * @param kvReadBytes        bytes of keys and values read from DRAM by the batch: the cached ones (decode: B x
 *                           layers x 2 x L x key/value features x activation bytes) and new ones that a partition
 *                           other than their producer's reads back
 * @param kvWriteBytes       bytes of new keys and values appended to the cache (stored to DRAM) by the batch
 * @param rowsWrittenPerToken crossbar rows programmed per batch / tokensPerBatch (resident units' one-time write
 *                           not included)
 */
public record TokenMetrics(InferencePhase phase, long tokensPerBatch, double tokensPerSecond, double joulesPerToken,
                           double firstTokenSeconds, double perTokenSeconds, long kvCacheBytes, long kvReadBytes,
                           long kvWriteBytes, double rowsWrittenPerToken) {
}
