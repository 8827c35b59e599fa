package org.compass.cli.json;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A figure of the JSON result together with its key path ({@code partitions.2.time_s.compute}), both taken from
 * the records the JSON is written from: each step is a record accessor given as a method reference, and its key
 * is the name Jackson writes for it. The HTML report tags its figures with these paths, so a key is defined once,
 * by its record component.
 *
 * @param <T> the type of the value at the end of the path
 */
public final class JsonPath<T> {

    /** A record accessor as a method reference ({@code Metrics::latencyS}); serializable so its name can be read. */
    @FunctionalInterface
    public interface Step<A, B> extends Function<A, B>, Serializable {
    }

    private final String key;
    private final T value;

    private JsonPath(String key, T value) {
        this.key = key;
        this.value = value;
    }

    /** The document itself (an empty path). */
    public static <T> JsonPath<T> root(T document) {
        return new JsonPath<>("", document);
    }

    /** The value of a record component. */
    public <R> JsonPath<R> get(Step<T, R> accessor) {
        String name = keyOf(accessor);
        return new JsonPath<>(name.isEmpty() ? key : join(key, name), accessor.apply(value));
    }

    /** Element {@code index} of a list component. */
    public <E> JsonPath<E> item(Step<T, List<E>> list, int index) {
        JsonPath<List<E>> l = get(list);
        return new JsonPath<>(join(l.key, Integer.toString(index)), l.value.get(index));
    }

    /** The entry {@code name} of a map component. */
    public <V> JsonPath<V> entry(Step<T, Map<String, V>> map, String name) {
        JsonPath<Map<String, V>> m = get(map);
        if (!m.value.containsKey(name)) {
            throw new IllegalArgumentException("JSON " + m.key + " has no entry " + name);
        }
        return new JsonPath<>(join(m.key, name), m.value.get(name));
    }

    /** The same value seen as a subtype (a {@link SimulationFigures} that is {@code Measured}); the key is unchanged. */
    public <R> JsonPath<R> as(Class<R> type) {
        return new JsonPath<>(key, type.cast(value));
    }

    /** The dotted key path, list indices as numbers. */
    public String key() {
        return key;
    }

    /** The value as the record holds it (the JSON writes numbers as {@link Json#number(double)}). */
    public T value() {
        return value;
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : a + "." + b;
    }

    /**
     * The key Jackson writes for an accessor: the record component's name in snake_case, or its
     * {@code @JsonProperty} name; empty for a component that is unwrapped into its parent.
     */
    static String keyOf(Step<?, ?> accessor) {
        SerializedLambda lambda = serialized(accessor);
        try {
            Class<?> owner = Class.forName(lambda.getImplClass().replace('/', '.'), false,
                    JsonPath.class.getClassLoader());
            JavaType type = Json.mapper().constructType(owner);
            BeanDescription bean = Json.mapper().getSerializationConfig().introspect(type);
            for (BeanPropertyDefinition p : bean.findProperties()) {
                if (p.getGetter() != null && p.getGetter().getName().equals(lambda.getImplMethodName())) {
                    boolean unwrapped = Json.mapper().getSerializationConfig().getAnnotationIntrospector()
                            .findUnwrappingNameTransformer(p.getGetter()) != null;
                    return unwrapped ? "" : p.getName();
                }
            }
            throw new IllegalArgumentException(owner.getSimpleName() + "::" + lambda.getImplMethodName()
                    + " is not a property of the JSON");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SerializedLambda serialized(Serializable lambda) {
        try {
            Method m = lambda.getClass().getDeclaredMethod("writeReplace");
            m.setAccessible(true);
            return (SerializedLambda) m.invoke(lambda);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("not a method reference: " + lambda, e);
        }
    }
}
