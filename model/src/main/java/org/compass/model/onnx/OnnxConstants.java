package org.compass.model.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.compass.model.onnx.proto.Onnx.TensorProto;

/** ONNX tensors read as constants: their dims always, their contents when small enough to fold. */
final class OnnxConstants {

    /** Constants with more elements than this keep only their shape. */
    static final int MAX_DATA = 1 << 16;

    private OnnxConstants() {
    }

    /** A constant from a tensor: its dims, and its contents when small. */
    static Val tensor(TensorProto t) {
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long count = Dims.product(dims, 0, dims.length);
        int type = t.getDataType();
        boolean real = type == TensorProto.DataType.FLOAT_VALUE || type == TensorProto.DataType.DOUBLE_VALUE
                || type == TensorProto.DataType.FLOAT16_VALUE || type == 16;
        if (count > MAX_DATA) {
            return Val.constant(dims, null, real);
        }
        double[] data = null;
        if (t.getFloatDataCount() == count) {
            data = t.getFloatDataList().stream().mapToDouble(Float::doubleValue).toArray();
        } else if (t.getInt64DataCount() == count) {
            data = t.getInt64DataList().stream().mapToDouble(Long::doubleValue).toArray();
        } else if (t.getInt32DataCount() == count) {
            data = t.getInt32DataList().stream().mapToDouble(Integer::doubleValue).toArray();
        } else if (t.getDoubleDataCount() == count) {
            data = t.getDoubleDataList().stream().mapToDouble(Double::doubleValue).toArray();
        } else if (t.hasRawData()) {
            data = raw(t.getRawData().toByteArray(), type, (int) count);
        }
        return Val.constant(dims, data, real);
    }

    private static double[] raw(byte[] bytes, int type, int count) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        double[] d = new double[count];
        try {
            for (int i = 0; i < count; i++) {
                d[i] = switch (type) {
                    case TensorProto.DataType.FLOAT_VALUE -> b.getFloat();
                    case TensorProto.DataType.DOUBLE_VALUE -> b.getDouble();
                    case TensorProto.DataType.INT64_VALUE -> b.getLong();
                    case TensorProto.DataType.INT32_VALUE -> b.getInt();
                    case TensorProto.DataType.INT8_VALUE, TensorProto.DataType.UINT8_VALUE,
                         TensorProto.DataType.BOOL_VALUE -> b.get();
                    default -> throw new IllegalStateException();
                };
            }
        } catch (RuntimeException e) {
            return null;
        }
        return d;
    }
}
