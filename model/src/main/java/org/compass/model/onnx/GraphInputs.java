package org.compass.model.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.compass.model.InputException;
import org.compass.model.network.Shape;
import org.compass.model.onnx.proto.Onnx.TensorShapeProto;
import org.compass.model.onnx.proto.Onnx.ValueInfoProto;

/**
 * The rules by which a graph input is read: whether it is a parameter (by the operand that reads it, or by its
 * name) or a decoder's cache, and its dims (static from the file, or filled from the problem's
 * {@code input_shape}). Errors name the model file and the input.
 */
final class GraphInputs {

    private final String file;
    private final Shape givenInput;

    /**
     * @param file       the model file's name, for messages
     * @param givenInput the problem's {@code input_shape}, or null
     */
    GraphInputs(String file, Shape givenInput) {
        this.file = file;
        this.givenInput = givenInput;
    }

    /**
     * Operand positions that only a parameter can take, whatever the tensor's origin: the weight and bias of
     * a convolution, Gemm's C, the statistics and affine parameters of a normalization, PRelu's slopes.
     * MatMul and Gemm's A and B are not among them: either may be the weight or the activation.
     */
    static int[] parameterOperands(String op) {
        return switch (op) {
            case "Conv", "ConvTranspose", "LayerNormalization", "InstanceNormalization" -> new int[] {1, 2};
            case "BatchNormalization" -> new int[] {1, 2, 3, 4};
            case "Gemm" -> new int[] {2};
            case "PRelu" -> new int[] {1};
            default -> new int[0];
        };
    }

    /**
     * PyTorch's names for parameters: a state-dict key whose last part ends in {@code weight} or {@code bias}
     * ({@code fc.weight}, {@code self_attention.in_proj_bias}), or {@code onnx::Op_N} for a tensor the exporter
     * derived from parameters (a transposed weight).
     */
    static boolean parameterName(String name) {
        if (name.startsWith("onnx::")) {
            return true;
        }
        String last = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return last.endsWith("weight") || last.endsWith("bias");
    }

    /** A decoder export's cache input: past_key_values.0.key, past_key_0, cache_v.1, ... */
    static boolean cacheName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("past") || n.contains("cache");
    }

    /**
     * A cache input that holds keys or values (the KV cache), not another cache-named input such as
     * {@code cache_position}: past_key_values.0.key, past_key_values.3.value, past_key_0, past_v.1, cache_k.2, ...
     */
    static boolean kvCacheName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return cacheName(n) && (n.contains("key") || n.contains("value") || n.contains("kv")
                || n.matches(".*(past|cache)[._]?[kv]([._0-9].*)?"));
    }

    /**
     * The dims of a graph input; dimensions before {@code freeLeading} may be symbolic (batch: 1). A static
     * dimension of 0 (an empty tensor) is refused.
     */
    long[] staticDims(ValueInfoProto in, int freeLeading) {
        if (!in.hasType() || !in.getType().hasTensorType() || !in.getType().getTensorType().hasShape()) {
            return null;
        }
        TensorShapeProto s = in.getType().getTensorType().getShape();
        long[] dims = new long[s.getDimCount()];
        for (int i = 0; i < dims.length; i++) {
            TensorShapeProto.Dimension d = s.getDim(i);
            if (d.hasDimValue() && d.getDimValue() == 0) {
                List<String> shown = new ArrayList<>();
                s.getDimList().forEach(x -> shown.add(x.hasDimValue() ? String.valueOf(x.getDimValue())
                        : x.getDimParam().isEmpty() ? "?" : x.getDimParam()));
                throw new InputException(file + ": input '" + in.getName() + "' has shape " + shown + ": dimension " + i
                        + " is " + d.getDimValue() + ", expected a positive size (an empty tensor has nothing to map)");
            }
            if (d.hasDimValue() && d.getDimValue() > 0) {
                dims[i] = d.getDimValue();
            } else if (i < freeLeading) {
                dims[i] = 1;
            } else {
                return null;
            }
        }
        return dims;
    }

    long[] dataInputDims(ValueInfoProto in, long[] fromFile) {
        if (fromFile != null) {
            if (givenInput != null && !sameSizes(fromFile, givenInput)) {
                // input_shape only fills sizes the file leaves symbolic; a different one would be silently ignored
                throw new InputException(file + ": input '" + in.getName() + "' has fixed sizes " + Dims.str(fromFile)
                        + ", but input_shape is [" + givenInput.channels() + ", " + givenInput.height() + ", "
                        + givenInput.width() + "]; input_shape is used only for sizes the file leaves symbolic, so the"
                        + " file's would be used: drop input_shape or export the model with the sizes you want");
            }
            return fromFile;
        }
        if (givenInput == null) {
            throw new InputException(file + ": input '" + in.getName() + "' has no static shape; give input_shape");
        }
        int rank = in.hasType() && in.getType().getTensorType().hasShape()
                ? in.getType().getTensorType().getShape().getDimCount() : 4;
        Shape g = givenInput;
        return switch (rank) {
            case 2 -> new long[] {1, g.channels()};
            case 3 -> new long[] {1, g.height(), g.channels()};
            case 4 -> new long[] {1, g.channels(), g.height(), g.width()};
            default -> throw new InputException(file + ": input '" + in.getName() + "' has rank " + rank
                    + "; input_shape fits ranks 2 to 4 only");
        };
    }

    /** Whether input_shape, read for an input of this rank as {@link #dataInputDims} does, gives these sizes. */
    private static boolean sameSizes(long[] dims, Shape g) {
        long[] given = switch (dims.length) {
            case 2 -> new long[] {dims[0], g.channels()};
            case 3 -> new long[] {dims[0], g.height(), g.channels()};
            case 4 -> new long[] {dims[0], g.channels(), g.height(), g.width()};
            default -> null;
        };
        return java.util.Arrays.equals(dims, given);
    }
}
