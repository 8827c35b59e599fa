package org.compass.cli;

import org.compass.model.Suggest;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.compass.formulations.StandardFormulations;
import org.compass.formulations.mip.MipFormulation;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.problem.CostModelVersion;
import org.compass.model.problem.Objective;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.schedule.ScheduleMode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The values an option takes, by name: picocli converts and checks them while parsing (so a bad value is
 * reported against its option, before any file is read), shows them in {@code --help} and offers them to
 * shell completion. Names are matched case-insensitively.
 *
 * @param <T> what a name stands for
 */
abstract class Choice<T> implements ITypeConverter<T>, Iterable<String> {

    private final Map<String, T> byName = new LinkedHashMap<>();

    Choice(List<T> values, Function<T, String> name) {
        for (T v : values) {
            byName.put(name.apply(v).toLowerCase(Locale.ROOT), v);
        }
    }

    @Override
    public T convert(String value) {
        T t = byName.get(value.trim().toLowerCase(Locale.ROOT));
        if (t == null) {
            throw new TypeConversionException("expected one of " + String.join(", ", byName.keySet())
                    + Suggest.didYouMean(value, byName.keySet()));
        }
        return t;
    }

    /** The names, for completion and {@code ${COMPLETION-CANDIDATES}} in descriptions. */
    @Override
    public Iterator<String> iterator() {
        return byName.keySet().iterator();
    }

    /** {@code --objective}. */
    static final class Objectives extends Choice<Objective> {
        Objectives() {
            super(List.of(Objective.values()), Objective::label);
        }
    }

    /** {@code --space}. */
    /** {@code --phase}: the phases of language-model inference, by their names in files. */
    static final class Phases extends Choice<String> {
        Phases() {
            super(List.of("prefill", "decode"), x -> x);
        }
    }

    static final class Spaces extends Choice<SearchSpace> {
        Spaces() {
            super(List.of(SearchSpace.values()), SearchSpace::label);
        }
    }

    /** {@code --schedule}. */
    static final class Schedules extends Choice<ScheduleMode> {
        Schedules() {
            super(List.of(ScheduleMode.values()), ScheduleMode::label);
        }
    }

    /** {@code --cost-model}. */
    static final class CostModels extends Choice<CostModelVersion> {
        CostModels() {
            super(List.of(CostModelVersion.values()), CostModelVersion::label);
        }
    }

    /** {@code --hardware}: the preset names. */
    static final class Presets extends Choice<String> {
        Presets() {
            super(List.copyOf(HardwarePresets.all().keySet()), Function.identity());
        }
    }

    /** {@code --formulation}: the standard registry's names. */
    static final class Formulations extends Choice<String> {
        Formulations() {
            super(StandardFormulations.registry().names(), Function.identity());
        }
    }

    /** {@code --backend}: mip's back-ends. */
    static final class Backends extends Choice<String> {
        Backends() {
            super(MipFormulation.BACKENDS.stream().map(b -> b.toLowerCase(Locale.ROOT)).toList(), Function.identity());
        }
    }

    /** {@code list WHAT}. */
    static final class Catalogs extends Choice<String> {
        Catalogs() {
            super(List.of("networks", "hardware", "formulations"), Function.identity());
        }
    }
}
