package org.compass.solver.cost;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The lower-left front of two costs to minimize: what no other item beats in both. */
public final class Pareto {

    private Pareto() {
    }

    /**
     * The items no other item beats in both {@code first} and {@code second} (an item equal to a kept one in both is
     * dropped), by increasing {@code first}, then {@code second}. O(n log n).
     */
    public static <T> List<T> lowerLeft(Collection<T> items, ToDoubleFunction<T> first, ToDoubleFunction<T> second) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingDouble(first).thenComparingDouble(second));
        List<T> out = new ArrayList<>();
        double least = Double.POSITIVE_INFINITY;
        for (T t : sorted) {
            if (second.applyAsDouble(t) < least) {
                out.add(t);
                least = second.applyAsDouble(t);
            }
        }
        return out;
    }
}
