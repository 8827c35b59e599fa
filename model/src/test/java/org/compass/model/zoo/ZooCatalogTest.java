package org.compass.model.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.mapping.LayerTable;
import org.compass.model.network.LayerKind;
import org.compass.model.network.Network;
import org.compass.model.network.Node;
import org.junit.jupiter.api.Test;

/** The zoo's listing, its networks against published figures, and the per-layer table. */
class ZooCatalogTest {

    @Test
    void everyEntryBuildsAtItsDefault() {
        List<ZooEntry> entries = Zoo.entries();
        assertEquals(23, entries.size());
        for (ZooEntry e : entries) {
            Network n = Zoo.build(e.name()).orElseThrow();
            assertEquals(e.name(), n.name());
            assertTrue(n.macs() > 0, e.name());
            assertTrue(e.parameter().equals("input size") || e.parameter().equals("sequence length")
                    || e.decoder() && e.parameter().equals("prompt tokens"), e.parameter());
        }
        assertEquals(128, Zoo.entry("bert").orElseThrow().defaultValue());
    }

    @Test
    void macsMatchTorchvisionPublishedGflops() {
        // torchvision's model table (GFLOPS there are conv+linear MACs, rounded to 2 decimals)
        assertEquals(3.66, gmacs("resnet34"), 0.005);
        assertEquals(7.80, gmacs("resnet101"), 0.005);
        assertEquals(11.51, gmacs("resnet152"), 0.005);
        assertEquals(7.61, gmacs("vgg11"), 0.005);
        assertEquals(19.63, gmacs("vgg19"), 0.005);
        assertEquals(0.71, gmacs("alexnet"), 0.005);
        assertEquals(0.35, gmacs("squeezenet1_1"), 0.005);
        // vit_b_16: 17.56 GFLOPS there includes the attention products Q K^T and A V (2 x 197^2 x 768 per layer)
        assertEquals(17.56, gmacs("vit_b_16") + 12 * 2.0 * 197 * 197 * 768 / 1e9, 0.005);
        assertEquals(4_089_184_256L, Zoo.build("resnet50").orElseThrow().macs());
        assertEquals(300_774_272L, Zoo.build("mobilenet_v2").orElseThrow().macs());
    }

    @Test
    void parametersMatchPublishedCounts() {
        assertEquals(132_863_336L, Zoo.build("vgg11").orElseThrow().parameters());
        assertEquals(143_667_240L, Zoo.build("vgg19").orElseThrow().parameters());
        assertEquals(61_100_840L, Zoo.build("alexnet").orElseThrow().parameters());
        assertEquals(1_235_496L, Zoo.build("squeezenet1_1").orElseThrow().parameters());
        // BatchNorm folded without bias: its 2 x C parameters per convolution are left out
        assertEquals(25_557_032L, withBatchNorm("resnet50"));
        assertEquals(44_549_160L, withBatchNorm("resnet101"));
        assertEquals(60_192_808L, withBatchNorm("resnet152"));
        assertEquals(3_504_872L, withBatchNorm("mobilenet_v2"));
        // ViT-B/16: 86,567,656 with class token, position embedding (197 x 768) and 25 LayerNorms
        assertEquals(86_567_656L, Zoo.build("vit_b_16").orElseThrow().parameters() + 768 + 197 * 768 + 25 * 2 * 768);
    }

    @Test
    void bertBaseMatchesItsConfiguration() {
        Network n = Zoo.build("bert_base").orElseThrow();
        assertEquals(12 * 6 + 1, n.weightedNodes().size(), "Q, K, V, output, intermediate, output per layer; pooler");
        // 109,482,240 parameters in bert-base-uncased: minus embeddings (30522+512+2) x 768 + LayerNorm 2 x 768,
        // minus 12 x 2 LayerNorms of 2 x 768
        assertEquals(109_482_240L - (30_522L + 512 + 2) * 768 - 2 * 768 - 12 * 2 * 2 * 768, n.parameters());
        assertEquals(128L * 12 * (4 * 768 * 768 + 2 * 768 * 3072) + 768 * 768, n.macs());
        Network longer = Zoo.build("bert_base", 384).orElseThrow();
        assertEquals(384, longer.weightedNodes().get(0).mvmSteps());
        assertThrows(IllegalArgumentException.class, () -> Zoo.build("bert_base", 1000));
        assertThrows(IllegalArgumentException.class, () -> Zoo.build("vit_b_16", 100));
    }

    @Test
    void layerTableHasOneRowPerNode() {
        Network n = Zoo.build("squeezenet1_0").orElseThrow();
        var hw = HardwarePresets.all().values().iterator().next();
        List<LayerTable.Row> rows = LayerTable.rows(n, hw);
        assertEquals(n.size(), rows.size());
        LayerTable.Row conv1 = rows.get(1);
        assertEquals("conv", conv1.kind());
        assertEquals("relu", conv1.activation());
        assertEquals(n.node(1).macs(), conv1.macs());
        assertEquals(147, conv1.rows());
        assertTrue(conv1.crossbars() > 0 && conv1.rowsWritten() >= conv1.rows());
        assertEquals(rows.stream().mapToLong(LayerTable.Row::macs).sum(), n.macs());
    }

    private static double gmacs(String name) {
        return Zoo.build(name).orElseThrow().macs() / 1e9;
    }

    private static long withBatchNorm(String name) {
        Network n = Zoo.build(name).orElseThrow();
        return n.parameters() + 2 * n.nodes().stream().filter(x -> x.kind() == LayerKind.CONV)
                .mapToLong((Node x) -> x.output().channels()).sum();
    }
}
