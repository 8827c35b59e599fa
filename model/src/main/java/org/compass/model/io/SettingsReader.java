package org.compass.model.io;

import java.util.ArrayList;
import java.util.List;
import org.compass.model.problem.InputException;
import org.compass.model.problem.Limits;
import org.compass.model.problem.Objective;
import org.compass.model.problem.PipelineMode;
import org.compass.model.problem.ReplicationSet;

/** The settings that problem files and suite files share: objective, pipeline, replication, limits. */
final class SettingsReader {

    private SettingsReader() {
    }

    static Objective objective(String file, String field, Object value) {
        Objective o = Objective.byLabel(String.valueOf(value));
        if (o == null) {
            throw InputException.field(file, field, "throughput, latency, energy or edp", value);
        }
        return o;
    }

    static PipelineMode pipeline(YamlFields f) {
        PipelineMode pipeline = PipelineMode.byLabel(f.string("pipeline", "row"));
        if (pipeline == null) {
            throw InputException.field(f.file(), f.pathOf("pipeline"), "row or image", f.raw("pipeline"));
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
            factors.add(f.positiveInt(f.pathOf("replication") + "[" + i + "]", raw.get(i)));
        }
        if (!factors.contains(1)) {
            throw InputException.field(f.file(), f.pathOf("replication"), "a list of positive integers that includes 1", raw);
        }
        return new ReplicationSet(factors);
    }

    static Limits limits(YamlFields f) {
        if (!f.has("limits")) {
            return Limits.DEFAULT;
        }
        YamlFields l = f.child("limits");
        l.rejectUnknown(List.of("seconds", "threads", "seed"));
        return new Limits(l.positiveNumber("seconds", Limits.DEFAULT.seconds()),
                l.positiveInt("threads", Limits.DEFAULT.threads()), l.integer("seed", Limits.DEFAULT.seed()));
    }
}
