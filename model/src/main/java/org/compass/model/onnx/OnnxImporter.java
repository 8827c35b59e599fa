package org.compass.model.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import org.compass.model.network.Network;
import org.compass.model.network.Shape;
import org.compass.model.onnx.proto.Onnx;
import org.compass.model.InputException;

/**
 * Reads an ONNX model file into a {@link Network}, inferring every activation shape from the input shape.
 *
 * <p>The file is parsed with protobuf classes generated from a trimmed {@code onnx.proto}. Weights may be
 * initializers, Constant nodes or extra graph inputs (exports with {@code export_params=False}, recognized by
 * the operand that reads them, by name, or listed by the caller); only their shapes are read. Whether a
 * MatMul or Gemm operand is the crossbar weight depends on where it comes from, never on its position.
 * BatchNormalization after a convolution is folded into it, activations are fused into their producer when
 * it is their only consumer, Pad is folded into the next convolution or pooling (asymmetric padding
 * included), bias additions after MatMul (X.W or W.X) become the linear layer's bias, decomposed
 * LayerNorm, RMSNorm, GELU and SiLU collapse into one node each, and shape computations (Shape, Gather,
 * Concat, Range, masks, ...) are evaluated at import time. ConvTranspose is a crossbar layer in its scatter
 * form plus an overlap-add. A static image batch is imported per image, a token embedding's table stays in
 * DRAM, a decoder's cached keys and values are inputs, and weights in external data files are never read
 * (only their shapes); all are reported in {@link Network#notes()}. The operators and their rules are
 * listed in {@code docs/onnx.md}.
 *
 * <p>Running time is linear in the file size and the number of graph nodes. Every failure (missing or
 * unreadable file, not ONNX, truncated, unsupported operator, no static input shape, inconsistent
 * shapes) is an {@link InputException} whose one-line message starts with the file name.
 */
public final class OnnxImporter {

    private OnnxImporter() {
    }

    /**
     * Reads an ONNX model.
     *
     * @param file             the {@code .onnx} file
     * @param inputShapeOrNull the input shape (C x H x W, or features x tokens x 1) used when the file's
     *                         input has no static shape; the file's own static shape takes precedence
     * @return the network, named after the file without its extension
     * @throws InputException when the file cannot be read or imported
     */
    public static Network read(Path file, Shape inputShapeOrNull) {
        return read(file, inputShapeOrNull, Set.of());
    }

    /**
     * Reads an ONNX model whose parameters may be graph inputs that nothing else identifies.
     *
     * @param file             the {@code .onnx} file
     * @param inputShapeOrNull the input shape used when the file's input has no static shape
     * @param weightsAsInputs  names of graph inputs to take as parameters (stored weights) whatever their
     *                         name and readers; each must be an input of the graph
     * @return the network, named after the file without its extension
     * @throws InputException when the file cannot be read or imported
     */
    public static Network read(Path file, Shape inputShapeOrNull, Set<String> weightsAsInputs) {
        return translator(file, inputShapeOrNull, weightsAsInputs).translate();
    }

    /**
     * Translates a model for a shape check (the conformance suite): the outputs' values (dims, and the
     * contents of constants), and the network when the graph has an activation input (else null).
     */
    static Translated translateForShapes(Path file) {
        GraphTranslator t = translator(file, null, Set.of());
        t.translateShapesOnly();
        return new Translated(t.outputValues(), t.emitted(), t.staticBatch());
    }

    /** A model translated for a shape check. */
    record Translated(java.util.Map<String, Val> outputs, Network network, long staticBatch) {
    }

    private static GraphTranslator translator(Path file, Shape inputShapeOrNull, Set<String> weightsAsInputs) {
        String where = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException(where + ": no such file");
        } catch (IOException e) {
            throw new InputException(where + ": cannot read the file (" + e.getMessage() + ")", e);
        }
        Onnx.ModelProto model;
        try {
            model = Onnx.ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new InputException(where + ": not an ONNX model, or a truncated one (" + oneLine(e.getMessage()) + ")", e);
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0 || model.getOpsetImportCount() == 0) {
            throw new InputException(where + ": not an ONNX model, or a truncated one (no graph or no opset_import)");
        }
        Path dir = file.toAbsolutePath().getParent();
        return new GraphTranslator(where, stem(file), model.getGraph(), inputShapeOrNull, weightsAsInputs, dir);
    }

    /** Reads an ONNX model whose input has a static shape. */
    public static Network read(Path file) {
        return read(file, null);
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static String oneLine(String s) {
        return s == null ? "unreadable" : s.replaceAll("\\s+", " ").trim();
    }
}
