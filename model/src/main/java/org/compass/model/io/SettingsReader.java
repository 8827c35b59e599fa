package org.compass.model.io;

import java.util.ArrayList;
import java.util.List;
import org.compass.model.network.SizeLimits;
import org.compass.model.InputException;
import org.compass.model.Labelled;
import org.compass.model.problem.Limits;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.ReplicationSet;

/** The settings that problem files and suite files share: objective, pipeline, replication, limits. */
public final class SettingsReader {

    /** Largest replication factor (a factor above the chip's crossbars is never usable anyway). */
    static final int MAX_REPLICATION = 1 << 16;

    private SettingsReader() {
    }

    static Objective objective(String file, String field, Object value) {
        Objective o = Objective.byLabel(String.valueOf(value));
        if (o == null) {
            throw InputException.choice(file, field, "throughput, latency, energy or edp", labels(Objective.values()),
                    value);
        }
        return o;
    }

    /** The labels of an enum's constants, for "did you mean". */
    public static List<String> labels(Labelled[] values) {
        return java.util.Arrays.stream(values).map(Labelled::label).toList();
    }

    /** A positive batch size already read, checked against {@link SizeLimits#BATCH}. */
    static int batch(YamlFields f, String key, int batch) {
        if (batch > SizeLimits.BATCH) {
            throw InputException.field(f.file(), f.pathOf(key), "a batch size of at most "
                    + String.format("%,d", SizeLimits.BATCH), batch);
        }
        return batch;
    }

    static PipelineMode pipeline(YamlFields f) {
        PipelineMode pipeline = PipelineMode.byLabel(f.string("pipeline", "row"));
        if (pipeline == null) {
            throw InputException.choice(f.file(), f.pathOf("pipeline"), "row or image", labels(PipelineMode.values()),
                    f.raw("pipeline"));
        }
        return pipeline;
    }

    static ReplicationSet replication(YamlFields f) {
        if (!f.has("replication")) {
            return ReplicationSet.DEFAULT;
        }
        List<Integer> factors = new ArrayList<>();
        List<Object> raw = f.list("replication");
        for (int i = 0; i < raw.size(); i++) {
            int factor = f.positiveInt(f.pathOf("replication") + "[" + i + "]", raw.get(i));
            if (factor > MAX_REPLICATION) {
                throw InputException.field(f.file(), f.pathOf("replication") + "[" + i + "]",
                        "a replication factor of at most " + String.format("%,d", MAX_REPLICATION), factor);
            }
            factors.add(factor);
        }
        if (!factors.contains(1)) {
            throw InputException.field(f.file(), f.pathOf("replication"), "a list of positive integers that includes 1", raw);
        }
        return new ReplicationSet(factors);
    }

    /** The {@code limits} field (seconds, threads, seed), or {@link Limits#DEFAULT}. */
    public static Limits limits(YamlFields f) {
        if (!f.has("limits")) {
            return Limits.DEFAULT;
        }
        YamlFields l = f.child("limits");
        l.rejectUnknown(List.of("seconds", "threads", "seed"));
        double seconds = l.positiveNumber("seconds", Limits.DEFAULT.seconds());
        if (seconds > Limits.MAX_SECONDS) {
            throw InputException.field(f.file(), l.pathOf("seconds"), "a positive number of seconds up to "
                    + String.format("%,.0f", Limits.MAX_SECONDS), l.raw("seconds"));
        }
        return new Limits(seconds, l.intInRange("threads", Limits.DEFAULT.threads(), 1, Limits.MAX_THREADS),
                l.integer("seed", Limits.DEFAULT.seed()));
    }
}
