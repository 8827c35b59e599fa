package org.compass.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.compass.model.problem.PipelineMode;
import org.compass.model.zoo.Zoo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 11's fidelity targets, per case of the matrix that {@code bench/fidelity-matrix.sh} prints: the dp plan
 * (throughput, cost model v2) of every zoo network on compass-s/m/l, batch 1 and 16, row and image pipeline,
 * simulated: latency within 5% of the cost model, energy within 2%, DRAM bytes equal, DRAM peak within 5%.
 *
 * <p>{@link #MEASURED} is the matrix as measured ({@code tools/fidelity-measured.py} prints it from the CSV of
 * {@code bench/fidelity-matrix.sh}; sim/model of latency, energy, DRAM bytes, DRAM peak; '*' marks
 * a target the case misses). The cases that meet a target are asserted by the parameterized tests. As measured
 * on 2026-12-01 every case meets every target ({@link #theMatrixListsEveryCase} asserts that no line is marked);
 * a case that starts to miss fails its test, and if the miss cannot be fixed honestly it goes, marked, into a test
 * disabled with its measured figures and cause, so that the failure stays visible. The tolerances are the issue's
 * and are not to be widened.
 */
@Tag("slow")
class FidelityTargetsTest {

    static final double LATENCY = 0.05;
    static final double ENERGY = 0.02;
    static final double PEAK = 0.05;

    /** network, chip, batch, pipeline, then sim/model of latency, energy, DRAM bytes (=) and DRAM peak. */
    static final List<String> MEASURED = List.of(
        "resnet18      compass-s  1 row    1.0019  1.0001  =    1.0000",
        "resnet18      compass-s 16 row    1.0014  1.0001  =    1.0000",
        "resnet18      compass-s  1 image  1.0091  1.0008  =    1.0000",
        "resnet18      compass-s 16 image  1.0020  1.0002  =    1.0000",
        "resnet18      compass-m  1 row    0.9958  0.9996  =    1.0000",
        "resnet18      compass-m 16 row    0.9984  0.9998  =    1.0000",
        "resnet18      compass-m  1 image  1.0081  1.0012  =    1.0000",
        "resnet18      compass-m 16 image  1.0065  1.0008  =    1.0000",
        "resnet18      compass-l  1 row    1.0015  1.0003  =    1.0000",
        "resnet18      compass-l 16 row    1.0006  1.0001  =    1.0000",
        "resnet18      compass-l  1 image  1.0026  1.0006  =    1.0000",
        "resnet18      compass-l 16 image  1.0033  1.0007  =    1.0000",
        "resnet34      compass-s  1 row    1.0044  1.0003  =    1.0000",
        "resnet34      compass-s 16 row    1.0010  1.0001  =    1.0000",
        "resnet34      compass-s  1 image  1.0088  1.0008  =    1.0000",
        "resnet34      compass-s 16 image  1.0020  1.0002  =    1.0000",
        "resnet34      compass-m  1 row    1.0003  1.0000  =    1.0000",
        "resnet34      compass-m 16 row    1.0001  1.0000  =    1.0000",
        "resnet34      compass-m  1 image  1.0040  1.0006  =    1.0000",
        "resnet34      compass-m 16 image  1.0001  1.0000  =    1.0000",
        "resnet34      compass-l  1 row    0.9979  0.9996  =    1.0000",
        "resnet34      compass-l 16 row    0.9991  0.9999  =    1.0000",
        "resnet34      compass-l  1 image  1.0026  1.0006  =    1.0000",
        "resnet34      compass-l 16 image  1.0032  1.0007  =    1.0000",
        "resnet50      compass-s  1 row    1.0029  1.0002  =    1.0000",
        "resnet50      compass-s 16 row    1.0036  1.0002  =    1.0000",
        "resnet50      compass-s  1 image  1.0103  1.0009  =    1.0000",
        "resnet50      compass-s 16 image  1.0098  1.0006  =    1.0000",
        "resnet50      compass-m  1 row    1.0032  1.0003  =    1.0000",
        "resnet50      compass-m 16 row    1.0008  1.0001  =    1.0000",
        "resnet50      compass-m  1 image  1.0220  1.0030  =    1.0000",
        "resnet50      compass-m 16 image  1.0190  1.0016  =    1.0000",
        "resnet50      compass-l  1 row    1.0161  1.0026  =    0.9904",
        "resnet50      compass-l 16 row    1.0073  1.0011  =    1.0000",
        "resnet50      compass-l  1 image  1.0119  1.0026  =    1.0000",
        "resnet50      compass-l 16 image  1.0317  1.0046  =    1.0000",
        "resnet101     compass-s  1 row    1.0047  1.0003  =    1.0000",
        "resnet101     compass-s 16 row    1.0028  1.0002  =    1.0000",
        "resnet101     compass-s  1 image  1.0134  1.0012  =    1.0000",
        "resnet101     compass-s 16 image  1.0063  1.0004  =    1.0000",
        "resnet101     compass-m  1 row    1.0058  1.0006  =    1.0000",
        "resnet101     compass-m 16 row    1.0015  1.0001  =    1.0000",
        "resnet101     compass-m  1 image  1.0241  1.0035  =    1.0000",
        "resnet101     compass-m 16 image  1.0119  1.0010  =    1.0000",
        "resnet101     compass-l  1 row    1.0132  1.0021  =    0.9904",
        "resnet101     compass-l 16 row    1.0016  1.0002  =    1.0000",
        "resnet101     compass-l  1 image  1.0082  1.0018  =    1.0000",
        "resnet101     compass-l 16 image  1.0288  1.0044  =    1.0000",
        "resnet152     compass-s  1 row    1.0067  1.0004  =    1.0000",
        "resnet152     compass-s 16 row    1.0022  1.0002  =    1.0000",
        "resnet152     compass-s  1 image  1.0154  1.0015  =    1.0000",
        "resnet152     compass-s 16 image  1.0055  1.0004  =    1.0000",
        "resnet152     compass-m  1 row    1.0030  1.0003  =    1.0000",
        "resnet152     compass-m 16 row    1.0010  1.0001  =    1.0000",
        "resnet152     compass-m  1 image  1.0231  1.0034  =    1.0000",
        "resnet152     compass-m 16 image  1.0092  1.0008  =    1.0000",
        "resnet152     compass-l  1 row    1.0090  1.0015  =    1.0000",
        "resnet152     compass-l 16 row    1.0039  1.0005  =    1.0000",
        "resnet152     compass-l  1 image  1.0102  1.0024  =    1.0000",
        "resnet152     compass-l 16 image  1.0099  1.0015  =    1.0000",
        "vgg11         compass-s  1 row    0.9999  1.0000  =    0.9890",
        "vgg11         compass-s 16 row    1.0082  1.0009  =    0.9993",
        "vgg11         compass-s  1 image  1.0015  1.0001  =    1.0000",
        "vgg11         compass-s 16 image  1.0005  1.0000  =    1.0000",
        "vgg11         compass-m  1 row    0.9996  1.0000  =    1.0000",
        "vgg11         compass-m 16 row    1.0075  1.0010  =    1.0000",
        "vgg11         compass-m  1 image  1.0003  1.0000  =    1.0000",
        "vgg11         compass-m 16 image  1.0006  1.0001  =    1.0000",
        "vgg11         compass-l  1 row    1.0001  1.0000  =    0.9812",
        "vgg11         compass-l 16 row    1.0053  1.0009  =    0.9988",
        "vgg11         compass-l  1 image  0.9987  0.9998  =    1.0000",
        "vgg11         compass-l 16 image  1.0003  1.0001  =    1.0000",
        "vgg16         compass-s  1 row    1.0006  1.0000  =    0.9916",
        "vgg16         compass-s 16 row    1.0052  1.0006  =    0.9995",
        "vgg16         compass-s  1 image  1.0037  1.0002  =    1.0000",
        "vgg16         compass-s 16 image  1.0007  1.0001  =    1.0000",
        "vgg16         compass-m  1 row    1.0001  1.0000  =    0.9719",
        "vgg16         compass-m 16 row    1.0049  1.0007  =    0.9981",
        "vgg16         compass-m  1 image  1.0004  1.0000  =    1.0000",
        "vgg16         compass-m 16 image  1.0002  1.0000  =    1.0000",
        "vgg16         compass-l  1 row    1.0010  1.0002  =    1.0000",
        "vgg16         compass-l 16 row    1.0045  1.0007  =    1.0000",
        "vgg16         compass-l  1 image  0.9991  0.9998  =    1.0000",
        "vgg16         compass-l 16 image  1.0006  1.0001  =    1.0000",
        "vgg19         compass-s  1 row    1.0009  1.0001  =    0.9916",
        "vgg19         compass-s 16 row    1.0046  1.0006  =    0.9995",
        "vgg19         compass-s  1 image  1.0051  1.0003  =    1.0000",
        "vgg19         compass-s 16 image  1.0010  1.0001  =    1.0000",
        "vgg19         compass-m  1 row    0.9998  1.0000  =    0.9719",
        "vgg19         compass-m 16 row    1.0042  1.0006  =    0.9981",
        "vgg19         compass-m  1 image  1.0004  1.0000  =    1.0000",
        "vgg19         compass-m 16 image  1.0001  1.0000  =    1.0000",
        "vgg19         compass-l  1 row    1.0005  1.0001  =    1.0000",
        "vgg19         compass-l 16 row    1.0037  1.0007  =    1.0000",
        "vgg19         compass-l  1 image  0.9991  0.9998  =    1.0000",
        "vgg19         compass-l 16 image  0.9996  0.9999  =    1.0000",
        "alexnet       compass-s  1 row    0.9999  1.0000  =    1.0000",
        "alexnet       compass-s 16 row    1.0283  1.0016  =    0.9978",
        "alexnet       compass-s  1 image  1.0006  1.0000  =    1.0000",
        "alexnet       compass-s 16 image  1.0009  1.0001  =    1.0000",
        "alexnet       compass-m  1 row    1.0004  1.0000  =    1.0000",
        "alexnet       compass-m 16 row    1.0151  1.0014  =    1.0000",
        "alexnet       compass-m  1 image  0.9984  0.9999  =    1.0000",
        "alexnet       compass-m 16 image  1.0008  1.0001  =    1.0000",
        "alexnet       compass-l  1 row    1.0016  1.0002  =    1.0000",
        "alexnet       compass-l 16 row    1.0104  1.0016  =    1.0000",
        "alexnet       compass-l  1 image  1.0005  1.0001  =    1.0000",
        "alexnet       compass-l 16 image  1.0016  1.0003  =    1.0000",
        "squeezenet1_0 compass-s  1 row    1.0065  1.0011  =    1.0000",
        "squeezenet1_0 compass-s 16 row    1.0013  1.0001  =    0.9996",
        "squeezenet1_0 compass-s  1 image  1.0127  1.0032  =    1.0000",
        "squeezenet1_0 compass-s 16 image  1.0105  1.0012  =    1.0000",
        "squeezenet1_0 compass-m  1 row    1.0040  1.0008  =    1.0000",
        "squeezenet1_0 compass-m 16 row    1.0032  1.0006  =    1.0000",
        "squeezenet1_0 compass-m  1 image  1.0166  1.0063  =    1.0000",
        "squeezenet1_0 compass-m 16 image  1.0038  1.0006  =    1.0000",
        "squeezenet1_0 compass-l  1 row    1.0194  1.0045  =    1.0000",
        "squeezenet1_0 compass-l 16 row    1.0054  1.0008  =    1.0000",
        "squeezenet1_0 compass-l  1 image  1.0061  1.0031  =    1.0000",
        "squeezenet1_0 compass-l 16 image  1.0106  1.0031  =    1.0000",
        "squeezenet1_1 compass-s  1 row    1.0016  1.0002  =    1.0000",
        "squeezenet1_1 compass-s 16 row    1.0008  1.0001  =    1.0000",
        "squeezenet1_1 compass-s  1 image  1.0099  1.0026  =    1.0000",
        "squeezenet1_1 compass-s 16 image  1.0138  1.0015  =    1.0000",
        "squeezenet1_1 compass-m  1 row    1.0242  1.0041  =    1.0000",
        "squeezenet1_1 compass-m 16 row    1.0037  1.0005  =    1.0000",
        "squeezenet1_1 compass-m  1 image  1.0208  1.0071  =    1.0000",
        "squeezenet1_1 compass-m 16 image  0.9996  0.9999  =    1.0000",
        "squeezenet1_1 compass-l  1 row    1.0237  1.0056  =    1.0000",
        "squeezenet1_1 compass-l 16 row    1.0046  1.0012  =    1.0000",
        "squeezenet1_1 compass-l  1 image  1.0141  1.0067  =    1.0000",
        "squeezenet1_1 compass-l 16 image  0.9983  0.9994  =    1.0000",
        "mobilenet_v2  compass-s  1 row    1.0050  1.0006  =    1.0000",
        "mobilenet_v2  compass-s 16 row    1.0012  1.0001  =    1.0000",
        "mobilenet_v2  compass-s  1 image  1.0041  1.0007  =    1.0000",
        "mobilenet_v2  compass-s 16 image  1.0000  1.0000  =    1.0000",
        "mobilenet_v2  compass-m  1 row    1.0006  1.0001  =    1.0000",
        "mobilenet_v2  compass-m 16 row    1.0007  1.0001  =    1.0000",
        "mobilenet_v2  compass-m  1 image  0.9903  0.9966  =    1.0000",
        "mobilenet_v2  compass-m 16 image  1.0007  1.0001  =    1.0000",
        "mobilenet_v2  compass-l  1 row    0.9952  0.9988  =    1.0000",
        "mobilenet_v2  compass-l 16 row    0.9986  0.9997  =    1.0000",
        "mobilenet_v2  compass-l  1 image  0.9975  0.9988  =    1.0000",
        "mobilenet_v2  compass-l 16 image  1.0007  1.0002  =    1.0000",
        "vit_b_16      compass-s  1 row    1.0080  1.0004  =    0.9995",
        "vit_b_16      compass-s 16 row    1.0012  1.0001  =    1.0000",
        "vit_b_16      compass-s  1 image  1.0405  1.0026  =    1.0000",
        "vit_b_16      compass-s 16 image  1.0079  1.0005  =    1.0000",
        "vit_b_16      compass-m  1 row    1.0114  1.0009  =    0.9934",
        "vit_b_16      compass-m 16 row    1.0086  1.0006  =    0.9994",
        "vit_b_16      compass-m  1 image  0.9868  0.9986  =    1.0000",
        "vit_b_16      compass-m 16 image  1.0092  1.0007  =    1.0000",
        "vit_b_16      compass-l  1 row    1.0164  1.0025  =    0.9976",
        "vit_b_16      compass-l 16 row    1.0087  1.0013  =    0.9998",
        "vit_b_16      compass-l  1 image  1.0329  1.0062  =    1.0000",
        "vit_b_16      compass-l 16 image  0.9924  0.9987  =    1.0000",
        "bert_base     compass-s  1 row    1.0091  1.0005  =    0.9978",
        "bert_base     compass-s 16 row    1.0017  1.0001  =    0.9998",
        "bert_base     compass-s  1 image  1.0388  1.0023  =    1.0000",
        "bert_base     compass-s 16 image  1.0095  1.0005  =    1.0000",
        "bert_base     compass-m  1 row    1.0080  1.0007  =    0.9898",
        "bert_base     compass-m 16 row    1.0021  1.0002  =    0.9992",
        "bert_base     compass-m  1 image  1.0112  1.0011  =    1.0000",
        "bert_base     compass-m 16 image  1.0128  1.0010  =    1.0000",
        "bert_base     compass-l  1 row    1.0116  1.0018  =    0.9941",
        "bert_base     compass-l 16 row    1.0043  1.0006  =    1.0000",
        "bert_base     compass-l  1 image  1.0141  1.0026  =    1.0000",
        "bert_base     compass-l 16 image  1.0056  1.0010  =    1.0000");

    private static final Map<String, Fidelity.Row> ROWS = new ConcurrentHashMap<>();

    /** The case measured once per JVM (dp plan, cost model and simulator), shared by the four targets. */
    static Fidelity.Row row(String network, String chip, int batch, PipelineMode pipeline) {
        return ROWS.computeIfAbsent(network + " " + chip + " " + batch + " " + pipeline,
                k -> Fidelity.measure(network, chip, batch, pipeline));
    }

    /** The cases whose target (column 4 latency, 5 energy, 6 DRAM bytes, 7 DRAM peak) was measured met, or missed. */
    static Stream<Arguments> cases(int column, boolean met) {
        List<Arguments> out = new ArrayList<>();
        for (String line : MEASURED) {
            String[] f = line.trim().split("\\s+");
            if (f[column].endsWith("*") != met) {
                out.add(Arguments.of(f[0], f[1], Integer.parseInt(f[2]),
                        PipelineMode.valueOf(f[3].toUpperCase(Locale.ROOT)), f[column]));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> latencyMet() {
        return cases(4, true);
    }

    static Stream<Arguments> energyMet() {
        return cases(5, true);
    }

    static Stream<Arguments> bytesMet() {
        return cases(6, true);
    }

    static Stream<Arguments> peakMet() {
        return cases(7, true);
    }

    @Test
    void theMatrixListsEveryCase() {
        Set<String> listed = new HashSet<>();
        for (String line : MEASURED) {
            String[] f = line.trim().split("\\s+");
            assertTrue(listed.add(f[0] + " " + f[1] + " " + f[2] + " " + f[3]), "listed twice: " + line);
            assertEquals(8, f.length, "eight fields: " + line);
        }
        Set<String> expected = new HashSet<>();
        for (String network : Zoo.entries().stream().filter(e -> !e.decoder()).map(e -> e.name()).toList()) {
            for (String chip : FidelityMatrix.CHIPS) {
                for (int batch : FidelityMatrix.BATCHES) {
                    for (PipelineMode p : FidelityMatrix.PIPELINES) {
                        expected.add(network + " " + chip + " " + batch + " " + Fidelity.label(p));
                    }
                }
            }
        }
        assertEquals(expected, listed, "MEASURED covers every zoo network but the decoders, every chip, batch and pipeline");
        // measured 2026-12-01: no case misses any target. Until then 3 energy and 9 peak misses had disabled tests,
        // and 5 latency misses until the simulator's row-pipeline double buffering of tensors read whole (vit_b_16 row
        // B16, 1.095-1.101) and its planned load queue (squeezenet1_1 row B1 on compass-m and compass-l, 1.076 and
        // 1.058; docs/fidelity.md). A case that starts to miss one needs a disabled test with its figures and cause.
        assertEquals(0, cases(4, false).count(), "no case misses latency");
        assertEquals(0, cases(5, false).count(), "no case misses energy");
        assertEquals(0, cases(6, false).count(), "no case misses DRAM bytes");
        assertEquals(0, cases(7, false).count(), "no case misses DRAM peak");
    }

    @ParameterizedTest(name = "{0} {1} B{2} {3} (measured {4})")
    @MethodSource("latencyMet")
    void latencyWithinFivePercent(String network, String chip, int batch, PipelineMode pipeline, String measured) {
        latency(row(network, chip, batch, pipeline));
    }

    @ParameterizedTest(name = "{0} {1} B{2} {3} (measured {4})")
    @MethodSource("energyMet")
    void energyWithinTwoPercent(String network, String chip, int batch, PipelineMode pipeline, String measured) {
        energy(row(network, chip, batch, pipeline));
    }

    @ParameterizedTest(name = "{0} {1} B{2} {3}")
    @MethodSource("bytesMet")
    void dramBytesEqual(String network, String chip, int batch, PipelineMode pipeline, String measured) {
        Fidelity.Row r = row(network, chip, batch, pipeline);
        assertEquals(r.modelDramBytes(), r.simDramBytes(), () -> r.key() + ": DRAM bytes");
    }

    @ParameterizedTest(name = "{0} {1} B{2} {3} (measured {4})")
    @MethodSource("peakMet")
    void dramPeakWithinFivePercent(String network, String chip, int batch, PipelineMode pipeline, String measured) {
        peak(row(network, chip, batch, pipeline));
    }

    private static void latency(Fidelity.Row r) {
        assertEquals(1.0, r.latencyRatio(), LATENCY, () -> r.key() + ": simulated latency " + r.simSeconds()
                + " s, cost model " + r.modelSeconds() + " s");
    }

    private static void energy(Fidelity.Row r) {
        assertEquals(1.0, r.energyRatio(), ENERGY, () -> r.key() + ": simulated energy " + r.simJoules()
                + " J, cost model " + r.modelJoules() + " J");
    }

    private static void peak(Fidelity.Row r) {
        assertEquals(1.0, r.peakRatio(), PEAK, () -> r.key() + ": simulated DRAM peak " + r.simDramPeak()
                + " B, cost model " + r.modelDramPeak() + " B");
    }
}
