package org.compass.cli.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.CollectionType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Collection;

/**
 * The one JSON writer of the command line: Jackson over records, whose component names become snake_case keys
 * ({@code solveSeconds} is {@code solve_seconds}), in declaration order, pretty-printed with two spaces or on one
 * line. Numbers are written as {@link #number(double)} says, so a figure carries no floating-point noise and
 * the HTML report can show the JSON's exact value.
 */
public final class Json {

    /**
     * Significant digits a figure keeps. The cost model sums at most a few thousand terms per figure, each from
     * hardware parameters given to a few digits, so its rounding error stays near 1e-13 relative: twelve digits
     * keep every digit the model resolves and drop the noise ({@code 0.0013551599999999998} is written
     * {@code 0.00135516}).
     */
    public static final int DIGITS = 12;

    private static final MathContext CONTEXT = new MathContext(DIGITS);

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new SimpleModule("compass-numbers")
                    .addSerializer(Double.class, new RoundingSerializer())
                    .addSerializer(Double.TYPE, new RoundingSerializer())
                    .setSerializerModifier(new BeanSerializerModifier() {
                        private static final long serialVersionUID = 1L;

                        @Override
                        public JsonSerializer<?> modifyCollectionSerializer(SerializationConfig config,
                                CollectionType type, BeanDescription bean, JsonSerializer<?> serializer) {
                            return new FlatListSerializer(serializer);
                        }
                    }))
            .build();

    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));

    private Json() {
    }

    /** The mapper the command writes with; tests read its output back with it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The value as pretty-printed JSON text, ending with a newline. */
    public static String write(Object value) {
        try {
            return MAPPER.writer(PRETTY).writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value as JSON on one line, without the newline (for JSON-lines files). */
    public static String line(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A double as the JSON writes it: rounded to {@link #DIGITS} significant digits, integral values without a
     * fraction ({@code 16}), others in the shortest decimal form of the rounded value; null when not finite (a
     * missing bound, an unlimited lifetime).
     */
    public static String number(double v) {
        BigDecimal d = rounded(v);
        return d == null ? "null" : d.scale() <= 0 ? d.toBigInteger().toString() : d.toString();
    }

    /**
     * A double for a CSV cell: rounded as {@link #number} rounds it, always in plain notation
     * ({@code 0.000000173809793825}, never {@code 1.73809793825E-7}), so that a column reads alike in every row;
     * empty when not finite.
     */
    public static String plainNumber(double v) {
        BigDecimal d = rounded(v);
        return d == null ? "" : d.toPlainString();
    }

    /** The value rounded to {@link #DIGITS} significant digits, without trailing zeros; null when not finite. */
    static BigDecimal rounded(double v) {
        if (!Double.isFinite(v)) {
            return null;
        }
        if (v == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal d = new BigDecimal(v).round(CONTEXT).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0) : d;
    }

    /** Writes doubles as {@link #number(double)} does. */
    private static final class RoundingSerializer extends StdSerializer<Double> {
        private static final long serialVersionUID = 1L;

        RoundingSerializer() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            BigDecimal d = rounded(value);
            if (d == null) {
                gen.writeNull();
            } else if (d.scale() <= 0) {
                gen.writeNumber(d.toBigInteger());
            } else {
                gen.writeNumber(d);
            }
        }
    }

    /**
     * Writes a list of numbers or strings on one line ({@code [1, 2, 4]}) and any other list as Jackson does (one
     * element per line when pretty-printed).
     */
    private static final class FlatListSerializer extends StdSerializer<Collection<?>> {
        private static final long serialVersionUID = 1L;
        private final transient JsonSerializer<Object> standard;

        @SuppressWarnings("unchecked")
        FlatListSerializer(JsonSerializer<?> standard) {
            super(Collection.class, false);
            this.standard = (JsonSerializer<Object>) standard;
        }

        @Override
        public void serialize(Collection<?> list, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (list.isEmpty()) {
                gen.writeRawValue("[]");
                return;
            }
            if (!list.stream().allMatch(v -> v instanceof Number || v instanceof String)) {
                standard.serialize(list, gen, provider);
                return;
            }
            StringBuilder sb = new StringBuilder("[");
            for (Object v : list) {
                sb.append(sb.length() > 1 ? ", " : "").append(v instanceof Double d ? number(d)
                        : v instanceof String ? MAPPER.writeValueAsString(v) : v.toString());
            }
            gen.writeRawValue(sb.append(']').toString());
        }
    }

    /** Rethrows a write failure of an in-memory value (a bug, never bad input). */
    private static final class UncheckedIOException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UncheckedIOException(IOException cause) {
            super("JSON: " + cause.getMessage(), cause);
        }
    }
}
