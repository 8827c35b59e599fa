package org.compass.model.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.compass.model.onnx.proto.Onnx.AttributeProto;
import org.compass.model.onnx.proto.Onnx.GraphProto;
import org.compass.model.onnx.proto.Onnx.ModelProto;
import org.compass.model.onnx.proto.Onnx.NodeProto;
import org.compass.model.onnx.proto.Onnx.OperatorSetIdProto;
import org.compass.model.onnx.proto.Onnx.TensorProto;
import org.compass.model.onnx.proto.Onnx.TensorShapeProto;
import org.compass.model.onnx.proto.Onnx.TypeProto;
import org.compass.model.onnx.proto.Onnx.ValueInfoProto;

/** Builders of tiny ONNX graphs for the importer's tests (opset 14 unless given). */
final class OnnxGraphs {

    private OnnxGraphs() {
    }

    static Path write(Path dir, String name, GraphProto.Builder g) throws IOException {
        return write(dir, name, g, 14);
    }

    static Path write(Path dir, String name, GraphProto.Builder g, int opset) throws IOException {
        Path file = dir.resolve(name);
        ModelProto m = ModelProto.newBuilder().setIrVersion(8).setProducerName("test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(opset)).setGraph(g).build();
        Files.write(file, m.toByteArray());
        return file;
    }

    /** A float tensor value with static dimensions. */
    static ValueInfoProto value(String name, long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
    }

    static ValueInfoProto output(String name) {
        return ValueInfoProto.newBuilder().setName(name).build();
    }

    /** A float initializer of the given dimensions (zeros; only shapes matter to the importer). */
    static TensorProto weight(String name, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        long count = 1;
        for (long d : dims) {
            t.addDims(d);
            count *= d;
        }
        for (long i = 0; i < count; i++) {
            t.addFloatData(0f);
        }
        return t.build();
    }

    /** A 1-d int64 initializer. */
    static TensorProto ints(String name, long... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        return t.build();
    }

    /** An int64 scalar initializer. */
    static TensorProto scalar(String name, long value) {
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE).addInt64Data(value).build();
    }

    /** A float scalar initializer. */
    static TensorProto floatScalar(String name, float value) {
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(value).build();
    }

    static AttributeProto tensorAttr(String name, TensorProto value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR).setT(value).build();
    }

    static AttributeProto intsAttr(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto stringAttr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build();
    }

    static NodeProto node(String op, String name, List<String> inputs, String output, AttributeProto... attrs) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(output);
        for (AttributeProto a : attrs) {
            n.addAttribute(a);
        }
        return n.build();
    }
}
