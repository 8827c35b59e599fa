package org.compass.model.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.compass.model.InputException;
import org.compass.model.onnx.proto.Onnx.TensorProto;

/**
 * Reads an ONNX tensor's contents as doubles: from the model itself ({@link #tensor}: float, double, int32,
 * int64 fields or little-endian raw bytes) or from an external data file next to the model ({@link #external});
 * only small tensors are read, larger ones keep their dims alone. Errors name the model file and the
 * initializer.
 */
final class TensorReader {

    /** External real tensors with more elements than this (weights, biases) are never read. */
    static final int MAX_EXTERNAL_REAL = 64;

    private final String file;
    private final java.nio.file.Path modelDir;

    /**
     * @param file     the model file's name, for messages
     * @param modelDir the model file's folder, where external data files are looked up (null: none read)
     */
    TensorReader(String file, java.nio.file.Path modelDir) {
        this.file = file;
        this.modelDir = modelDir;
    }

    /**
     * An initializer whose bytes live in an external data file ({@code data_location = EXTERNAL}): its dims
     * are in the model; its contents are read only when a shape computation may need them: integer tensors of
     * at most {@link GraphTranslator#MAX_DATA} elements (shapes, axes, indices) and real ones of at most
     * {@link #MAX_EXTERNAL_REAL} (epsilons, clip bounds, resize scales), from {@code offset} for {@code length} bytes of the file at
     * {@code location}, relative to the model's folder. Weights are never read, so a model of many gigabytes
     * imports in the time and memory its graph takes. A location outside the model's folder is refused.
     */
    Val external(TensorProto t) {
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        boolean real = isReal(t.getDataType());
        long count = Dims.product(dims, 0, dims.length);
        String location = null;
        long offset = 0;
        long length = -1;
        for (var e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = parseLong(t, e.getKey(), e.getValue());
                case "length" -> length = parseLong(t, e.getKey(), e.getValue());
                default -> {
                }
            }
        }
        if (location == null || location.isEmpty()) {
            throw new InputException(file + ": initializer '" + t.getName() + "' is stored externally but names no location");
        }
        int size = elementBytes(t.getDataType());
        if (count > (real ? MAX_EXTERNAL_REAL : GraphTranslator.MAX_DATA) || size == 0 || modelDir == null) {
            return Val.constant(dims, null, real);
        }
        java.nio.file.Path dir = modelDir.toAbsolutePath().normalize();
        java.nio.file.Path data = dir.resolve(location).normalize();
        if (!data.startsWith(dir)) {
            throw new InputException(file + ": initializer '" + t.getName() + "': external data location '" + location
                    + "' is outside the model's folder");
        }
        long bytes = count * size;
        if (length >= 0 && length < bytes) {
            throw new InputException(file + ": initializer '" + t.getName() + "' " + Dims.str(dims) + " needs " + bytes
                    + " bytes but its external data has length " + length);
        }
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(data)) {
            ByteBuffer buf = ByteBuffer.allocate((int) bytes);
            while (buf.hasRemaining()) {
                if (ch.read(buf, offset + buf.position()) < 0) {
                    throw new InputException(file + ": initializer '" + t.getName() + "': external data file '" + location
                            + "' ends before offset " + offset + " + " + bytes + " bytes");
                }
            }
            return Val.constant(dims, raw(buf.array(), t.getDataType(), (int) count), real);
        } catch (java.io.IOException e) {
            // a missing data file leaves small tensors unknown; a shape computation that needs one says so
            return Val.constant(dims, null, real);
        }
    }

    private long parseLong(TensorProto t, String key, String value) {
        try {
            long v = Long.parseLong(value);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InputException(file + ": initializer '" + t.getName() + "': external data " + key + " '" + value
                    + "' is not a non-negative integer");
        }
    }

    static boolean isReal(int type) {
        return type == TensorProto.DataType.FLOAT_VALUE || type == TensorProto.DataType.DOUBLE_VALUE
                || type == TensorProto.DataType.FLOAT16_VALUE || type == 16;
    }

    /** Bytes per element of the types the importer reads; 2 for 16-bit floats, 0 for strings. */
    static int elementBytes(int type) {
        return switch (type) {
            case TensorProto.DataType.DOUBLE_VALUE, TensorProto.DataType.INT64_VALUE, TensorProto.DataType.UINT64_VALUE -> 8;
            case TensorProto.DataType.FLOAT_VALUE, TensorProto.DataType.INT32_VALUE, TensorProto.DataType.UINT32_VALUE -> 4;
            case TensorProto.DataType.FLOAT16_VALUE, 16, TensorProto.DataType.INT16_VALUE, TensorProto.DataType.UINT16_VALUE -> 2;
            case TensorProto.DataType.INT8_VALUE, TensorProto.DataType.UINT8_VALUE, TensorProto.DataType.BOOL_VALUE -> 1;
            default -> 0;
        };
    }

    /** A constant from a tensor: its dims, and its contents when small. */
    static Val tensor(TensorProto t) {
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long count = Dims.product(dims, 0, dims.length);
        int type = t.getDataType();
        boolean real = type == TensorProto.DataType.FLOAT_VALUE || type == TensorProto.DataType.DOUBLE_VALUE
                || type == TensorProto.DataType.FLOAT16_VALUE || type == 16;
        if (count > GraphTranslator.MAX_DATA) {
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
