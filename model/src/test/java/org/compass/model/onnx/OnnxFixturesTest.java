package org.compass.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.compass.model.network.LayerKind;
import org.compass.model.network.Network;
import org.compass.model.network.Node;
import org.compass.model.zoo.Zoo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every ONNX fixture (torchvision exports with {@code export_params=False}, see MANIFEST.md beside them):
 * imported conv+linear MACs equal the published and the manifest's independently computed figures, the zoo
 * network of the same name has the same weighted layers, and parameter counts match after the documented
 * corrections.
 */
class OnnxFixturesTest {

    static final Path DIR = Path.of("src/test/resources/onnx");

    /** torchvision's published conv+fc MACs (batch 1, 224x224). */
    static final Map<String, Long> PUBLISHED_MACS = Map.of(
            "resnet18", 1_814_073_344L,
            "resnet50", 4_089_184_256L,
            "vgg16", 15_470_264_320L,
            "squeezenet1_0", 818_924_576L,
            "mobilenet_v2", 300_774_272L);

    record Fixture(String network, long macs, long params) {
        @Override
        public String toString() {
            return network;
        }
    }

    static Stream<Fixture> fixtures() throws IOException {
        Path csv = DIR.resolve("manifest.csv");
        assumeTrue(Files.exists(csv), "no ONNX fixtures");
        return Files.readAllLines(csv).stream().skip(1).filter(l -> !l.isBlank()).map(l -> l.split(","))
                .map(f -> new Fixture(f[1], Long.parseLong(f[5]), Long.parseLong(f[6])));
    }

    private static Network load(Fixture f) {
        Path file = DIR.resolve(f.network() + ".onnx");
        assumeTrue(Files.exists(file), file + " missing");
        return OnnxImporter.read(file, null);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void macsMatchManifestAndPublished(Fixture f) {
        Network n = load(f);
        assertEquals(f.macs(), n.macs(), "conv+linear MACs of " + f);
        if (PUBLISHED_MACS.containsKey(f.network())) {
            assertEquals(PUBLISHED_MACS.get(f.network()), n.macs(), "published MACs of " + f);
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void zooHasTheSameWeightedLayers(Fixture f) {
        Network imported = load(f);
        Network zoo = Zoo.build(f.network()).orElseThrow();
        List<Node> a = imported.weightedNodes();
        List<Node> b = zoo.weightedNodes();
        assertEquals(a.size(), b.size(), "weighted layers of " + f);
        for (int i = 0; i < a.size(); i++) {
            Node x = a.get(i);
            Node y = b.get(i);
            String at = f + " layer " + i + " (" + x.name() + " vs " + y.name() + ")";
            assertEquals(x.kind(), y.kind(), at);
            assertEquals(x.weightRows(), y.weightRows(), at + ": K");
            assertEquals(x.weightCols(), y.weightCols(), at + ": M");
            assertEquals(x.groups(), y.groups(), at + ": groups");
            assertEquals(x.mvmSteps(), y.mvmSteps(), at + ": MVM steps");
        }
        assertEquals(zoo.macs(), imported.macs(), "zoo MACs of " + f);
    }

    /**
     * Parameters vs PyTorch's count. The exports fold BatchNorm into the preceding convolution, which then
     * has a bias: each BatchNorm's 2 x C parameters become C bias terms, so the published count is the
     * imported one plus the output channels of every such convolution (ResNets, MobileNetV2). ViT also has
     * parameters outside linear layers: class token (768), position embedding (197 x 768) and 25 LayerNorms
     * (2 x 768 each). VGG, AlexNet and SqueezeNet need no correction.
     */
    @ParameterizedTest
    @MethodSource("fixtures")
    void parametersMatchAfterDocumentedCorrections(Fixture f) {
        Network n = load(f);
        long correction = 0;
        if (f.network().startsWith("resnet") || f.network().startsWith("mobilenet")) {
            correction = n.nodes().stream().filter(x -> x.kind() == LayerKind.CONV).mapToLong(x -> x.output().channels()).sum();
        } else if (f.network().startsWith("vit")) {
            correction = 768 + 197 * 768 + 25 * 2 * 768;
        }
        assertEquals(f.params(), n.parameters() + correction, "parameters of " + f);
    }
}
