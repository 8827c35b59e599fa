package org.compass.solver;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The formulations available by name, in registration order. */
public final class FormulationRegistry {

    private final Map<String, Formulation> byName = new LinkedHashMap<>();

    public FormulationRegistry(Collection<? extends Formulation> formulations) {
        for (Formulation f : formulations) {
            if (byName.putIfAbsent(f.name(), f) != null) {
                throw new IllegalArgumentException("two formulations named " + f.name());
            }
        }
    }

    /** The formulation with the given name. */
    public Optional<Formulation> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** All names. */
    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    /** All formulations. */
    public List<Formulation> all() {
        return new ArrayList<>(byName.values());
    }
}
