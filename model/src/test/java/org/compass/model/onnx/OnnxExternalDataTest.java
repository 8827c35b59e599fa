package org.compass.model.onnx;

import static org.compass.model.onnx.OnnxGraphs.node;
import static org.compass.model.onnx.OnnxGraphs.output;
import static org.compass.model.onnx.OnnxGraphs.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.compass.model.network.Network;
import org.compass.model.onnx.proto.Onnx.GraphProto;
import org.compass.model.onnx.proto.Onnx.StringStringEntryProto;
import org.compass.model.onnx.proto.Onnx.TensorProto;
import org.compass.model.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models whose weights live in external data files (ONNX's format for models over 2 GB): only the weights'
 * shapes are used, their bytes are never read; small tensors a shape computation needs are read at their
 * offset.
 */
class OnnxExternalDataTest {

    @TempDir
    Path dir;

    static TensorProto external(String name, int type, String location, long offset, long length, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(location))
                .addExternalData(StringStringEntryProto.newBuilder().setKey("offset").setValue(String.valueOf(offset)))
                .addExternalData(StringStringEntryProto.newBuilder().setKey("length").setValue(String.valueOf(length)));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    /**
     * Eight 16,384 x 16,384 float weights (8 GiB) in a sparse data file, and the Reshape target stored in the
     * same file: the import reads 16 bytes of it, whatever the heap.
     */
    @Test
    void gigabytesOfExternalWeightsImportFromTheirShapes() throws IOException {
        long side = 16_384;
        long bytes = side * side * 4;
        int layers = 8;
        Path data = dir.resolve("big.onnx.data");
        try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
            ByteBuffer shape = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(4).putLong(side);
            f.write(shape.array());
            f.setLength(16 + layers * bytes); // sparse: nothing is written past the shape
        }
        GraphProto.Builder g = GraphProto.newBuilder().setName("big").addInput(value("x", 1, 4, side))
                .addInitializer(external("target", TensorProto.DataType.INT64_VALUE, "big.onnx.data", 0, 16, 2));
        String prev = "x";
        for (int i = 0; i < layers; i++) {
            g.addInitializer(external("layers." + i + ".weight", TensorProto.DataType.FLOAT_VALUE, "big.onnx.data",
                    16 + i * bytes, bytes, side, side));
            g.addNode(node("MatMul", "mm" + i, List.of(prev, "layers." + i + ".weight"), "h" + i));
            prev = "h" + i;
        }
        g.addNode(node("Reshape", "flat", List.of(prev, "target"), "y")).addOutput(output("y"));
        Path model = OnnxGraphs.write(dir, "big.onnx", g);
        assertTrue(Files.size(model) < 4096, "the model file holds no weights");
        long heapBefore = usedHeap();
        long start = System.nanoTime();
        Network n = OnnxImporter.read(model);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(layers * 4 * side * side, n.macs());
        assertEquals(layers * side * side, n.crossbarWeights());
        assertTrue(seconds < 5, "import took " + seconds + " s");
        assertTrue(usedHeap() - heapBefore < 256L << 20, "the weights were not read into memory");
        assertTrue(n.notes().stream().anyMatch(s -> s.startsWith("8 tensors (8,589,934,592 bytes) stored in external data"
                + " files were not read")), n.notes().toString());
        // the Reshape target was read from the data file
        OnnxImporter.Translated t = OnnxImporter.translateForShapes(model);
        assertEquals(List.of(4L, side), java.util.Arrays.stream(t.outputs().get("y").dims).boxed().toList());
    }

    /** A PyTorch export saved by onnx with every tensor in one external data file (tools/export-transformers.sh). */
    @Test
    void anExportSavedWithExternalDataImports() throws IOException {
        Path dirOf = Path.of("src/test/resources/onnx-transformers");
        String[] row = Files.readAllLines(dirOf.resolve("external.csv")).get(1).split(",");
        Network n = OnnxImporter.read(dirOf.resolve(row[0]));
        assertEquals(Long.parseLong(row[1]), n.macs(), "MACs counted by hooks");
        assertTrue(n.notes().stream().anyMatch(s -> s.startsWith("3 tensors (66,048 bytes) stored in external data files"
                + " were not read")), n.notes().toString());
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    @Test
    void aMissingDataFileLeavesWeightsImportableAndSmallTensorsUnknown() throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().setName("nofile").addInput(value("x", 1, 64))
                .addInitializer(external("fc.weight", TensorProto.DataType.FLOAT_VALUE, "absent.data", 0, 64 * 32 * 4, 64, 32))
                .addNode(node("MatMul", "mm", List.of("x", "fc.weight"), "y")).addOutput(output("y"));
        assertEquals(64 * 32, OnnxImporter.read(OnnxGraphs.write(dir, "nofile.onnx", g)).macs());
        GraphProto.Builder h = GraphProto.newBuilder().setName("noshape").addInput(value("x", 1, 64))
                .addInitializer(external("target", TensorProto.DataType.INT64_VALUE, "absent.data", 0, 16, 2))
                .addNode(node("Reshape", "r", List.of("x", "target"), "y")).addOutput(output("y"));
        InputException e = assertThrows(InputException.class, () -> OnnxImporter.read(OnnxGraphs.write(dir, "noshape.onnx", h)));
        assertTrue(e.getMessage().contains("node 'r' (op Reshape): input 'target' must be a constant known at import time"),
                e.getMessage());
    }

    @Test
    void aLocationOutsideTheModelsFolderIsRefused() throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().setName("escape").addInput(value("x", 1, 64))
                .addInitializer(external("target", TensorProto.DataType.INT64_VALUE, "../../etc/passwd", 0, 16, 2))
                .addNode(node("Reshape", "r", List.of("x", "target"), "y")).addOutput(output("y"));
        InputException e = assertThrows(InputException.class, () -> OnnxImporter.read(OnnxGraphs.write(dir, "escape.onnx", g)));
        assertTrue(e.getMessage().contains("external data location '../../etc/passwd' is outside the model's folder"), e.getMessage());
    }
}
