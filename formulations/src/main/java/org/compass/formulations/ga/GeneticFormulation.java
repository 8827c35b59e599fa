package org.compass.formulations.ga;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.compass.formulations.dp.DpFormulation;
import org.compass.formulations.graph.LifetimeFloor;
import org.compass.formulations.graph.PartitionGraph;
import org.compass.model.problem.Problem;
import org.compass.model.problem.SearchSpace;
import org.compass.solver.cost.CostModel;
import org.compass.solver.Figures;
import org.compass.solver.Formulation;
import org.compass.solver.plan.Plan;
import org.compass.solver.SolveRequest;
import org.compass.solver.SolveResult;
import org.compass.solver.Status;

/**
 * The COMPASS paper's own search: a genetic algorithm over partition groups with jointly chosen replication,
 * scored by the shared {@link CostModel}.
 *
 * <p>A chromosome is a set of cut positions in the unit order (partition i is the range between two cuts)
 * plus one replication gene per unit. Each generation keeps the best {@link Settings#elites()} individuals
 * and breeds the rest: tournament selection, single-point crossover of the boundary sets and replication
 * genes (cuts and genes left of the point from one parent, the rest from the other), then one of four
 * mutations: move a boundary, split a partition, merge two adjacent partitions, change a replication.
 * Every child is repaired before it is scored: a range that does not fit on the chip unreplicated is split
 * where it overflows, and replication is stepped down, least harmful unit first, until the range fits.
 * The initial population holds the greedy (pack until full) and layerwise cut sets and random ones; its
 * replication genes balance each partition to a random pipeline period.
 *
 * <p>Under a lifetime floor ({@code min_lifetime_years}) the ranking is feasibility first: an individual that meets
 * the floor (as the cost model computes the lifetime) beats every one that does not, and among those that do not,
 * the smaller shortfall (floor minus lifetime) wins. A child that misses the floor is repaired by stepping down the
 * replication of its most-written unit (fewer rows, a longer period: both lengthen the lifetime) until it meets the
 * floor or nothing is replicated. Only a plan that meets the floor is returned (FEASIBLE); when none was found the
 * result has no plan: INFEASIBLE when no contiguous plan of any replication can meet the floor (the dp's bound,
 * {@link DpFormulation#floorFailure}), else UNKNOWN saying that the GA's generations (or the time limit) ran out.
 *
 * <p>Running time: population x (generations + 1) evaluations of O(n) each (range I/O bytes are cached).
 * Deterministic for a given {@code Limits.seed()}. Status FEASIBLE: a heuristic proves nothing, so no bound.
 * It stops early, still FEASIBLE, when the time limit passes.
 */
public final class GeneticFormulation implements Formulation {

    /**
     * The GA's parameters.
     *
     * @param population     individuals per generation
     * @param generations    generations bred after the initial population
     * @param tournament     individuals drawn per tournament
     * @param elites         best individuals copied unchanged into the next generation
     * @param crossoverRate  probability that a child is a crossover of two parents (else a copy of one)
     * @param mutationRate   probability that a child is mutated (each further mutation again with this rate)
     */
    public record Settings(int population, int generations, int tournament, int elites, double crossoverRate,
                           double mutationRate) {

        /** The paper's population of 100 and 30 generations; the remaining values are ours (docs/ga.md). */
        public static final Settings PAPER = new Settings(100, 30, 3, 2, 0.9, 0.8);

        public Settings {
            if (population < 2 || generations < 0 || tournament < 1 || elites < 0 || elites >= population) {
                throw new IllegalArgumentException("bad GA settings: population " + population + ", generations "
                        + generations + ", tournament " + tournament + ", elites " + elites);
            }
        }
    }

    private final Settings settings;

    /** The GA with the paper's settings. */
    public GeneticFormulation() {
        this(Settings.PAPER);
    }

    /** The GA with other settings. */
    public GeneticFormulation(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "ga";
    }

    @Override
    public String description() {
        return "the COMPASS paper's genetic algorithm (population 100, 30 generations)";
    }

    @Override
    public Set<SearchSpace> spaces() {
        return Set.of(SearchSpace.CONTIGUOUS);
    }

    @Override
    public boolean exact() {
        return false;
    }

    @Override
    public boolean honoursLifetimeLimit() {
        return true;
    }

    @Override
    public SolveResult solve(SolveRequest request) {
        long start = System.nanoTime();
        Problem problem = request.problem();
        GeneticSearch search = new GeneticSearch(problem, settings, new SplittableRandom(request.limits().seed()));
        long limit = (long) (request.limits().seconds() * 1e9);
        // checked before every evaluation past the first two (greedy's and layerwise's plans): one generation of a
        // network of 35,000 units takes seconds, so a check between generations alone overran -t by that much
        BooleanSupplier stopped = () -> System.nanoTime() - start > limit || request.cancelled();
        List<Individual> pop = search.initialPopulation(stopped);
        Individual best = bestOf(pop);
        request.progress().report("ga: initial population, best " + problem.objective().label() + " "
                + Figures.of(PartitionGraph.objectiveOfKey(problem, best.score), problem.objective().unit()));
        int generation = 0;
        String stop = "";
        while (generation < settings.generations()) {
            if (pop.size() < settings.population() || System.nanoTime() - start > limit) { // stopped while seeding
                stop = ", stopped by the time limit";
            }
            if (request.cancelled()) {
                stop = ", stopped: " + request.cancellation().reason();
            }
            if (!stop.isEmpty()) {
                break;
            }
            List<Individual> next = search.nextGeneration(pop, stopped);
            if (next.size() < settings.population()) {
                // stopped inside the generation: its children scored so far still count, the generation does not
                for (Individual child : next) {
                    best = FITNESS.compare(child, best) < 0 ? child : best;
                }
                stop = ", stopped by the time limit";
                if (request.cancelled()) {
                    stop = ", stopped: " + request.cancellation().reason();
                }
                break;
            }
            Individual b = bestOf(next);
            pop = next;
            generation++;
            if (FITNESS.compare(b, best) < 0) {
                best = b;
                // the objective's own value (inferences/s, s, J or J s), not the minimized key
                request.progress().report("ga: generation " + generation + ", best " + problem.objective().label()
                        + " " + Figures.of(PartitionGraph.objectiveOfKey(problem, best.score),
                        problem.objective().unit()));
            }
        }
        String message = "population " + settings.population() + ", " + generation + " generations, "
                + search.evaluations + " evaluations, seed " + request.limits().seed() + stop;
        double seconds = (System.nanoTime() - start) / 1e9;
        if (best.shortfall > 0) {
            // no individual met the lifetime floor: a proof that none can, or the GA's limits ran out
            SolveResult proof = DpFormulation.floorFailure(name(), problem, seconds);
            if (proof != null && proof.status() == Status.INFEASIBLE) {
                return proof;
            }
            Plan closest = search.plan(best);
            return SolveResult.withoutPlan(name(), SearchSpace.CONTIGUOUS, Status.UNKNOWN, Double.NaN, seconds,
                    "no plan meeting the lifetime floor found: the GA stopped after " + generation + " of its "
                            + settings.generations() + " generations" + (stop.isEmpty() ? " (its limit)" : stop)
                            + "; the closest lasts " + LifetimeFloor.years(new CostModel(problem).evaluate(closest)
                            .lifetimeSeconds()) + " of " + LifetimeFloor.years(problem.minLifetimeSeconds())
                            + (proof == null ? "; plans that meet it exist (dp, cpsat, mip and choco find the best)"
                            : "; " + proof.message()) + "; " + message);
        }
        return SolveResult.withPlan(name(), SearchSpace.CONTIGUOUS, problem, Status.FEASIBLE, search.plan(best),
                Double.NaN, (System.nanoTime() - start) / 1e9, message);
    }

    /** Feasibility first (the lifetime floor's shortfall, 0 when met), then the objective's key. */
    static final Comparator<Individual> FITNESS = Comparator.comparingDouble((Individual i) -> i.shortfall)
            .thenComparingDouble(i -> i.score);

    private static Individual bestOf(List<Individual> pop) {
        return pop.stream().min(FITNESS).orElseThrow();
    }
}
