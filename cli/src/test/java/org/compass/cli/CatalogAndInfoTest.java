package org.compass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog options, the per-layer view, and ONNX files given on the command line. */
class CatalogAndInfoTest {

    @TempDir
    Path dir;

    private static String onnx(String name) {
        return CompassSolveTest.repoFile("model/src/test/resources/onnx/" + name).toString();
    }

    @Test
    void listsNetworksWithCrossbarsPerPreset() {
        CompassSolveTest.Run r = CompassSolveTest.run("list", "networks");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("resnet18"), r.out());
        assertTrue(r.out().contains("1,814,073,344"), r.out());
        assertTrue(r.out().contains("bert_base"), r.out());
        assertTrue(r.out().contains("xbars compass-m"), r.out());
        assertTrue(r.out().contains("1,364"), "node counts with thousands separators: " + r.out());
        // the short names are listed, and each is accepted for the network it names
        assertTrue(r.out().contains("short names: resnet = resnet18, vgg = vgg16, squeezenet = squeezenet1_0"), r.out());
        org.compass.model.zoo.Zoo.shortNames().forEach((alias, name) -> assertEquals(name,
                org.compass.model.zoo.Zoo.entry(alias).orElseThrow().name(), alias));
    }

    /**
     * Issue 17: the last column (pcm) held "too large", which left-aligned it under right-aligned numbers and was
     * not explained; it is now '-', right-aligned like the counts, and a legend says what '!' and '-' mean.
     */
    @Test
    void everyCrossbarColumnIsRightAlignedAndItsMarksExplained() {
        CompassSolveTest.Run r = CompassSolveTest.run("list", "networks");
        java.util.List<String> lines = r.out().lines().toList();
        String header = lines.get(1);
        int end = header.length();
        assertTrue(header.endsWith("xbars pcm"), header);
        String vgg = lines.stream().filter(l -> l.startsWith("vgg16 ")).findFirst().orElseThrow();
        String squeeze = lines.stream().filter(l -> l.startsWith("squeezenet1_0 ")).findFirst().orElseThrow();
        assertTrue(vgg.endsWith(" -"), "vgg16's fc1 does not fit pcm's chip alone: " + vgg);
        assertEquals(end, vgg.length(), "right-aligned under the header: " + vgg);
        assertEquals(end, squeeze.length(), "right-aligned under the header: " + squeeze);
        assertFalse(r.out().contains("too large"), r.out());
        assertTrue(r.out().contains("'-' = a layer does not fit on the chip even alone"), r.out());
        assertTrue(r.out().contains("'!' = more crossbars than the chip has"), r.out());
    }

    /** Issue 17: K x M with thousands separators, as the other counts. */
    @Test
    void infoWritesShapesOfTheWeightMatrixWithSeparators() {
        CompassSolveTest.Run r = CompassSolveTest.run("info", CompassSolveTest.repoFile("problems/vgg.yaml").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("25,088 x 4,096"), r.out());
        assertTrue(r.out().contains("1,152 x 128"), r.out());
        assertFalse(r.out().contains("25088 x 4096"), r.out());
    }

    @Test
    void infoPrintsOneLinePerNode() {
        CompassSolveTest.Run r = CompassSolveTest.run("info", CompassSolveTest.repoFile("problems/squeezenet.yaml").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("fire2.expand3x3"), r.out());
        assertTrue(r.out().contains("818,924,576"), "total MACs: " + r.out());
        assertTrue(r.out().lines().count() > 40);
    }

    @Test
    void onnxFileSolvesDirectly() {
        CompassSolveTest.Run r = CompassSolveTest.run(onnx("squeezenet1_1.onnx"), "--hardware", "compass-s", "-q", "--no-baselines");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("OPTIMAL"), r.out());
    }

    @Test
    void networkOverrideTakesAZooNameOrAnOnnxPath() {
        CompassSolveTest.Run r = CompassSolveTest.run("info", CompassSolveTest.repoFile("problems/resnet.yaml").toString(),
                "--network", onnx("alexnet.onnx"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("714,188,480"), r.out());
    }

    @Test
    void notAnOnnxFileIsBadInput() throws Exception {
        Path bad = dir.resolve("fake.onnx");
        Files.writeString(bad, "this is not a protobuf");
        CompassSolveTest.Run r = CompassSolveTest.run(bad.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertTrue(r.err().contains("fake.onnx"), r.err());
        assertFalse(r.err().contains("at org."), r.err());
    }
}
