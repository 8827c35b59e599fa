package org.compass.cli.report;

import java.util.ArrayList;
import java.util.List;
import org.compass.cli.format.Units;
import org.compass.cli.json.JsonPath;
import org.compass.cli.json.ResultDocument;
import org.compass.cli.json.ResultDocument.HardwareFigures;
import org.compass.cli.json.ResultDocument.Metrics;
import org.compass.cli.json.ResultDocument.NetworkFigures;
import org.compass.cli.json.ResultDocument.ObjectiveFigures;
import org.compass.cli.json.ResultDocument.PartitionFigures;
import org.compass.cli.json.ResultDocument.PartitionTimes;
import org.compass.cli.json.ResultDocument.ScheduleSummary;
import org.compass.cli.json.SimulationFigures;
import org.compass.formulations.schedule.ScheduleResult;
import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Unit;
import org.compass.model.network.Network;
import org.compass.model.problem.Problem;
import org.compass.simulator.PartitionTrace;
import org.compass.simulator.SimulationResult;
import org.compass.simulator.WearLevelling;
import org.compass.solver.cost.Evaluation;
import org.compass.solver.plan.Partition;
import org.compass.solver.cost.PartitionCost;
import org.compass.solver.schedule.ScheduleEvaluation;
import org.compass.solver.schedule.ScheduleRecord;
import org.compass.solver.SolveResult;

/**
 * A self-contained HTML report of one solve: summary, the network drawn as a DAG coloured by partition,
 * a per-core timeline (of the write schedule when there is one, else of the v1 phases), per-partition time and
 * energy, and optionally the simulator's figures beside the cost model's, a sweep and the Pareto front.
 *
 * <p>The page has no scripts, fonts or links to fetch; pictures are inline SVG. It is written as XHTML
 * compatible markup, so an XML parser can check it. Every figure that the JSON result ({@code --json})
 * also holds carries that JSON key path and exact value ({@link Cell}).
 */
public final class HtmlReport {

    /** Width of the page's pictures, in SVG units. */
    static final double WIDTH = 1240;

    /**
     * What the report shows.
     *
     * @param source    where the problem came from (file name)
     * @param problem   the problem solved
     * @param result    the result of the chosen formulation; with a schedule, its figures at the scheduled makespan
     *                  ({@code schedule.evaluation().phases()} has the phase model's)
     * @param baselines results of the baselines (may be empty); with a schedule, at their scheduled makespans
     * @param baselineSchedules the baselines' schedules, parallel to {@code baselines} (empty, or null entries,
     *                  without a schedule)
     * @param sweep     a sweep, or null
     * @param pareto    the Pareto front, or null
     * @param schedule  the write schedule of the result's plan ({@code --schedule}), or null
     * @param simulation the simulator's run of the result's plan ({@code --simulate}), or null
     * @param simulationViolation why the simulator stopped (then simulation is null), or null
     * @param fixedWear the plain placement's wear (every batch alike), or null
     * @param levelledWear the wear of {@code --simulate-batches} levelled batches, or null
     * @param document  the JSON result of the same solve, whose key paths and values the report's figures carry
     */
    public record Inputs(String source, Problem problem, SolveResult result, List<SolveResult> baselines,
                         List<ScheduleResult> baselineSchedules, Sweep sweep, ParetoFront pareto, ScheduleResult schedule, SimulationResult simulation,
                         String simulationViolation, WearLevelling.Report fixedWear,
                         WearLevelling.Report levelledWear, ResultDocument document) {

        public Inputs {
            baselines = List.copyOf(baselines);
            baselineSchedules = baselineSchedules == null ? List.of()
                    : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(baselineSchedules));
        }

        /**
         * The phase model's figures of the result or of a baseline: the result's own without a schedule, else its
         * schedule's phase evaluation.
         */
        Evaluation phases(SolveResult r) {
            if (r == result) {
                return schedule == null ? r.evaluation() : schedule.evaluation().phases();
            }
            for (int i = 0; i < baselines.size() && i < baselineSchedules.size(); i++) {
                if (baselines.get(i) == r && baselineSchedules.get(i) != null) {
                    return baselineSchedules.get(i).evaluation().phases();
                }
            }
            return r.evaluation();
        }

        /** The JSON result as a path, for cells that carry its keys. */
        JsonPath<ResultDocument> json() {
            return JsonPath.root(document);
        }

        /** Whether the simulator ran (with or without a violation). */
        boolean simulated() {
            return simulation != null || simulationViolation != null;
        }
    }

    private HtmlReport() {
    }

    /** The whole page. */
    public static String render(Inputs in) {
        Html h = new Html();
        Problem problem = in.problem();
        SolveResult r = in.result();
        String title = "COMPASS: " + problem.network().name() + " on " + problem.hardware().name() + ", batch "
                + problem.batch();
        h.heading(1, null, title);
        h.paragraph("Problem file " + in.source() + ". Solved by " + r.formulation() + " (" + r.space().label()
                + " space) in " + Units.seconds(r.seconds()) + ". All times and energies come from the reference "
                + "cost model (" + problem.costModel().label() + ")" + (in.schedule() != null ? ", the headline figures"
                + " and the comparison at the write schedules' makespans (" + in.schedule().mode().label() + ")" : "") + (in.simulated() ? (in.schedule() != null ? " and" : ", except") + " the simulator's" : "")
                + "; hover over any shape for its numbers.",
                "subtitle");
        h.raw("<nav><a href=\"#summary\">Summary</a> <a href=\"#dag\">Partitioning</a> "
                + "<a href=\"#timeline\">Timeline</a> <a href=\"#costs\">Time and energy</a>"
                + (in.simulated() && r.hasPlan() ? " <a href=\"#simulation\">Simulation</a>" : "")
                + (in.sweep() != null ? " <a href=\"#sweep\">Sweep</a>" : "")
                + (in.pareto() != null ? " <a href=\"#pareto\">Pareto front</a>" : "") + "</nav>\n");
        SummarySection.write(h, in);
        if (r.hasPlan()) {
            PartitioningSection.write(h, problem, r, in.json());
            if (in.schedule() != null) {
                TimelineSection.schedule(h, problem, r, in.schedule(), in.json());
            } else {
                TimelineSection.phases(h, problem, r, in.json());
            }
            CostsSection.write(h, problem.graph(), r, in.schedule() == null ? null : in.phases(r),
                    in.schedule() == null ? null : in.schedule().mode().label(), in.json());
            if (in.simulated()) {
                SimulationSection.write(h, in);
            }
        } else {
            h.paragraph("There is no plan to draw: " + r.status() + (r.message().isEmpty() ? "" : " (" + r.message()
                    + ")") + ".", "warning");
        }
        if (in.sweep() != null) {
            SweepSection.write(h, problem, in.sweep());
        }
        if (in.pareto() != null) {
            ParetoSection.write(h, in);
        }
        Glossary.write(h, in);
        return "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n"
                + "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                + "<title>" + Markup.escape(title) + "</title>\n<style>\n" + Style.CSS + "</style>\n</head>\n<body>\n"
                + "<main>\n" + h.body() + "</main>\n</body>\n</html>\n";
    }

}
