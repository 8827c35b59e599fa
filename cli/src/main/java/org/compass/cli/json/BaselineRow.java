package org.compass.cli.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.compass.model.problem.Problem;
import org.compass.model.problem.SearchSpace;
import org.compass.model.problem.Suite;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.plan.Partition;
import org.compass.solver.SolveResult;

/**
 * One row of {@code compass-solve baseline}: the CSV's columns ({@link Cells}) followed, in the JSON-lines
 * file, by the plan's detail. Figures of a case without a plan are NaN: an empty CSV cell, null in JSON.
 *
 * @param cells   the CSV's columns, unwrapped into the JSON line
 * @param units   units of the mapped network
 * @param plan    each partition's first and last layer, unit count and replication
 * @param message the solver's note, if any
 */
public record BaselineRow(@JsonUnwrapped Cells cells, int units, List<PlanPart> plan,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) String message) {

    /**
     * The CSV's columns, in order; the JSON line's first keys.
     *
     * @param boundaries each partition's first unit id ({@code ;}-separated in the CSV)
     * @param solver     the formulation, with its space when not contiguous ({@code cpsat/dag})
     */
    public record Cells(String network, String hardware, int batch, String objective, String status, double value,
                        double bound, double gap, double latencyS, double throughputIps, double energyJ, double edpJs,
                        double cellWritesPerS, double lifetimeS, int partitions, List<Integer> boundaries,
                        String solver, double solveSeconds) {

        /** The column names: the components' JSON keys. */
        public static List<String> columns() {
            List<String> names = new ArrayList<>();
            for (RecordComponent c : Cells.class.getRecordComponents()) {
                names.add(PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(c.getName()));
            }
            return List.copyOf(names);
        }

        /** The case's key as the suite names it ({@code network/hardware/batch/objective}). */
        public String key() {
            return network + "/" + hardware + "/" + batch + "/" + objective;
        }

        /**
         * One CSV line: numbers rounded as the JSON writes them but in plain notation ({@link Json#plainNumber}),
         * boundaries joined by ';', an unlimited lifetime as {@code inf} (other non-finite numbers, such as a
         * missing bound, as an empty cell).
         */
        public String csvLine() {
            List<String> cells = new ArrayList<>();
            try {
                for (RecordComponent c : Cells.class.getRecordComponents()) {
                    Object v = c.getAccessor().invoke(this);
                    if (v instanceof List<?> l) {
                        cells.add(String.join(";", l.stream().map(String::valueOf).toList()));
                    } else if (v instanceof Double d) {
                        cells.add(Double.isFinite(d) ? Json.plainNumber(d)
                                : d == Double.POSITIVE_INFINITY && c.getName().equals("lifetimeS") ? "inf" : "");
                    } else {
                        cells.add(String.valueOf(v));
                    }
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            return String.join(",", cells) + "\n";
        }
    }

    /** A partition of the plan: first and last layer, unit count, replication of each unit. */
    public record PlanPart(String first, String last, int units, List<Integer> replication) {
    }

    /** The row of a solved case. */
    public static BaselineRow of(Suite.Case c, Problem p, SolveResult r) {
        Evaluation e = r.evaluation();
        List<Integer> starts = new ArrayList<>();
        List<PlanPart> parts = new ArrayList<>();
        if (r.hasPlan()) {
            for (Partition part : r.plan().partitions()) {
                starts.add(part.units().get(0));
                parts.add(new PlanPart(p.graph().unit(part.units().get(0)).name(),
                        p.graph().unit(part.units().get(part.size() - 1)).name(), part.size(), part.replication()));
            }
        }
        double nan = Double.NaN;
        Cells cells = new Cells(c.network(), c.hardware(), c.batch(), c.objective().label(), r.status().name(),
                r.objective(), r.bound(), r.gap(), e == null ? nan : e.latencySeconds(), e == null ? nan : e.throughput(),
                e == null ? nan : e.energyJoules(), e == null ? nan : e.edp(), e == null ? nan : e.cellWritesPerSecond(),
                e == null ? nan : e.lifetimeSeconds(), starts.size(), starts,
                r.formulation() + (r.space() == SearchSpace.CONTIGUOUS ? "" : "/" + r.space().label()), r.seconds());
        return new BaselineRow(cells, p.graph().size(), parts, r.message());
    }
}
