package org.compass.formulations.ga;

import static org.compass.model.Integers.ceilDiv;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.compass.formulations.baseline.GreedyFormulation;
import org.compass.formulations.baseline.LayerwiseFormulation;
import org.compass.formulations.graph.LifetimeFloor;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Unit;
import org.compass.model.problem.Objective;
import org.compass.model.problem.Problem;
import org.compass.solver.cost.CostModel;
import org.compass.solver.plan.Partition;
import org.compass.solver.cost.PartitionCost;
import org.compass.solver.plan.Plan;

/**
 * One run of {@link GeneticFormulation}: the problem, the random stream and the caches; breeds generations
 * (selection, crossover, the four mutations), repairs children to fit the chip (and the lifetime floor) and
 * scores them by the {@link CostModel}.
 */
final class GeneticSearch {
    private final CostModel cm;
    private final MappedGraph g;
    private final GeneticFormulation.Settings settings;
    private final SplittableRandom random;
    private final int n;
    private final Problem problem;
    private final long chip;
    private final int[] factors;
    private final Map<Long, long[]> rangeBytes = new HashMap<>();
    private final Objective objective;
    private final LifetimeFloor floor;
    int evaluations;

    GeneticSearch(Problem problem, GeneticFormulation.Settings settings, SplittableRandom random) {
        this.problem = problem;
        this.cm = new CostModel(problem);
        this.g = problem.graph();
        this.settings = settings;
        this.random = random;
        this.n = g.size();
        this.chip = problem.hardware().crossbars();
        this.factors = problem.replication().toArray();
        this.objective = problem.objective();
        this.floor = problem.hasLifetimeLimit() && !LifetimeFloor.alwaysMet(problem) ? LifetimeFloor.of(problem)
                : null;
    }

    /**
     * The first population: greedy's and layerwise's plans, then random ones. Each random individual is
     * scored only while {@code stopped} is false; past it the population is the individuals scored so far
     * (at least the two seeded ones). The random stream is drawn the same either way.
     */
    List<Individual> initialPopulation(BooleanSupplier stopped) {
        List<Individual> pop = new ArrayList<>();
        pop.add(seeded(cuts(GreedyFormulation.cut(problem))));
        pop.add(seeded(cuts(LayerwiseFormulation.cut(problem))));
        int weighted = (int) g.units().stream().filter(Unit::weighted).count();
        int fewest = countCuts(cuts(GreedyFormulation.cut(problem)));
        int most = Math.max(fewest, Math.min(n, Math.max(1, weighted)));
        while (pop.size() < settings.population()) {
            int parts = fewest + random.nextInt(most - fewest + 1);
            boolean[] cut = new boolean[n];
            cut[0] = true;
            for (int placed = 1; placed < parts && n > 1; ) {
                int at = 1 + random.nextInt(n - 1);
                if (!cut[at]) {
                    cut[at] = true;
                    placed++;
                }
            }
            pop.add(seeded(cut));
        }
        for (int i = 2; i < pop.size(); i++) {
            randomizeReplication(pop.get(i));
        }
        for (int i = 0; i < pop.size(); i++) {
            if (i >= 2 && stopped.getAsBoolean()) {
                return new ArrayList<>(pop.subList(0, i));
            }
            repair(pop.get(i));
            score(pop.get(i));
        }
        return pop;
    }

    /**
     * The next generation: the elites, then children bred from {@code pop} by tournament, crossover and
     * mutation. When {@code stopped} turns true before a child is scored, the generation so far is returned
     * (fewer than the population: the elites and the children scored).
     */
    List<Individual> nextGeneration(List<Individual> pop, BooleanSupplier stopped) {
        List<Individual> sorted = new ArrayList<>(pop);
        sorted.sort(GeneticFormulation.FITNESS);
        List<Individual> next = new ArrayList<>();
        for (int e = 0; e < settings.elites(); e++) {
            next.add(sorted.get(e).copy());
        }
        while (next.size() < settings.population()) {
            Individual a = tournament(pop);
            Individual child = random.nextDouble() < settings.crossoverRate()
                    ? crossover(a, tournament(pop)) : a.copy();
            boolean again = random.nextDouble() < settings.mutationRate();
            while (again) {
                mutate(child);
                again = random.nextDouble() < settings.mutationRate() * 0.5;
            }
            if (stopped.getAsBoolean()) {
                return next;
            }
            repair(child);
            score(child);
            next.add(child);
        }
        return next;
    }

    private Individual tournament(List<Individual> pop) {
        Individual best = null;
        for (int i = 0; i < settings.tournament(); i++) {
            Individual c = pop.get(random.nextInt(pop.size()));
            if (best == null || GeneticFormulation.FITNESS.compare(c, best) < 0) {
                best = c;
            }
        }
        return best;
    }

    /** Single point x: cuts and genes of units below x from a, the rest from b. */
    private Individual crossover(Individual a, Individual b) {
        if (n < 2) {
            return a.copy();
        }
        int x = 1 + random.nextInt(n - 1);
        boolean[] cut = new boolean[n];
        int[] rep = new int[n];
        for (int i = 0; i < n; i++) {
            Individual from = i < x ? a : b;
            cut[i] = from.cut[i];
            rep[i] = from.rep[i];
        }
        return new Individual(cut, rep);
    }

    private void mutate(Individual ind) {
        switch (random.nextInt(4)) {
            case 0 -> moveBoundary(ind);
            case 1 -> split(ind);
            case 2 -> merge(ind);
            default -> changeReplication(ind);
        }
    }

    /** Moves one cut to a random place strictly between its neighbouring cuts. */
    private void moveBoundary(Individual ind) {
        int c = randomCut(ind);
        if (c < 0) {
            return;
        }
        int prev = c - 1;
        while (!ind.cut[prev]) {
            prev--;
        }
        int next = c + 1;
        while (next < n && !ind.cut[next]) {
            next++;
        }
        if (next - prev < 3) {
            return; // both neighbours adjacent: the cut has nowhere to go
        }
        ind.cut[c] = false;
        ind.cut[prev + 1 + random.nextInt(next - prev - 1)] = true;
    }

    /** Cuts a random partition of two or more units at a random interior unit. */
    private void split(Individual ind) {
        if (n < 2) {
            return;
        }
        int at = 1 + random.nextInt(n - 1);
        ind.cut[at] = true;
    }

    /** Removes a random cut, merging the two partitions it separates. */
    private void merge(Individual ind) {
        int c = randomCut(ind);
        if (c >= 0) {
            ind.cut[c] = false;
        }
    }

    /**
     * Changes one replication gene by one allowed step. Half the time it is the bottleneck of a random
     * partition that is raised (the move that shortens the period); otherwise a random weighted unit goes
     * up or down.
     */
    private void changeReplication(Individual ind) {
        int[] bounds = starts(ind);
        int p = random.nextInt(bounds.length - 1);
        int from = bounds[p];
        int to = bounds[p + 1];
        if (random.nextBoolean()) {
            int bottleneck = -1;
            long worst = -1;
            for (int u = from; u < to; u++) {
                Unit unit = g.unit(u);
                long s = unit.weighted() ? ceilDiv(unit.mvmSteps(), ind.rep[u]) : -1;
                if (s > worst) {
                    worst = s;
                    bottleneck = u;
                }
            }
            if (bottleneck >= 0 && g.unit(bottleneck).weighted()) {
                ind.rep[bottleneck] = step(ind.rep[bottleneck], +1);
            }
            return;
        }
        List<Integer> weighted = new ArrayList<>();
        for (int u = from; u < to; u++) {
            if (g.unit(u).weighted()) {
                weighted.add(u);
            }
        }
        if (!weighted.isEmpty()) {
            int u = weighted.get(random.nextInt(weighted.size()));
            ind.rep[u] = step(ind.rep[u], random.nextBoolean() ? +1 : -1);
        }
    }

    private int randomCut(Individual ind) {
        int count = countCuts(ind.cut) - 1;
        if (count == 0) {
            return -1;
        }
        int k = random.nextInt(count);
        for (int i = 1; i < n; i++) {
            if (ind.cut[i] && k-- == 0) {
                return i;
            }
        }
        throw new IllegalStateException("cut count changed");
    }

    /** Splits ranges that overflow the chip unreplicated, then lowers replication until each range fits. */
    void repair(Individual ind) {
        ind.cut[0] = true;
        long used = 0;
        for (int u = 0; u < n; u++) {
            if (!g.unit(u).weighted()) {
                ind.rep[u] = 1;
            }
            if (ind.cut[u]) {
                used = 0;
            }
            long x = g.unit(u).crossbars();
            if (used + x > chip) {
                ind.cut[u] = true;
                used = 0;
            }
            used += x;
        }
        int[] bounds = starts(ind);
        for (int p = 0; p + 1 < bounds.length; p++) {
            shrinkToFit(ind.rep, bounds[p], bounds[p + 1]);
        }
    }

    /**
     * Steps down, one at a time, the replica whose reduced period stays shortest (the least harm to the
     * pipeline), freeing the most crossbars on ties, until the range fits.
     */
    private void shrinkToFit(int[] rep, int from, int to) {
        long crossbars = 0;
        for (int u = from; u < to; u++) {
            crossbars += (long) rep[u] * g.unit(u).crossbars();
        }
        while (crossbars > chip) {
            int pick = -1;
            long pickPeriod = Long.MAX_VALUE;
            long pickFreed = -1;
            for (int u = from; u < to; u++) {
                if (rep[u] <= 1) {
                    continue;
                }
                int lower = step(rep[u], -1);
                long period = ceilDiv(g.unit(u).mvmSteps(), lower);
                long freed = (long) (rep[u] - lower) * g.unit(u).crossbars();
                if (period < pickPeriod || (period == pickPeriod && freed > pickFreed)) {
                    pick = u;
                    pickPeriod = period;
                    pickFreed = freed;
                }
            }
            int lower = step(rep[pick], -1);
            crossbars -= (long) (rep[pick] - lower) * g.unit(pick).crossbars();
            rep[pick] = lower;
        }
    }

    /**
     * Scores an individual by the cost model: the objective to minimize (latency for throughput) and, under a
     * lifetime floor, its shortfall; one that misses the floor is first repaired ({@link #meetFloor}).
     */
    void score(Individual ind) {
        double[] totals = totals(ind);
        if (floor != null && !floor.meets(totals[0], (long) totals[2])) {
            totals = meetFloor(ind, totals);
        }
        ind.score = objective.minimized(totals[0], totals[1]);
        ind.shortfall = floor == null || floor.meets(totals[0], (long) totals[2]) ? 0
                : 1 - cm.lifetimeSeconds(cm.cellWritesPerSecond((long) totals[2], totals[0]))
                / problem.minLifetimeSeconds();
    }

    /** The plan's time, energy and rows written per batch, by the cost model. */
    private double[] totals(Individual ind) {
        evaluations++;
        int[] bounds = starts(ind);
        double seconds = 0;
        double joules = 0;
        long rows = 0;
        for (int p = 0; p + 1 < bounds.length; p++) {
            PartitionCost c = cost(ind.rep, bounds[p], bounds[p + 1]);
            seconds += c.seconds();
            joules += c.joules();
            rows += c.load().rowsWritten();
        }
        return new double[] {seconds, joules, rows};
    }

    /**
     * The floor's repair: steps down the replication of the unit that writes the most rows, one step at a time,
     * until the plan meets the floor or nothing is replicated; returns the last totals.
     */
    private double[] meetFloor(Individual ind, double[] totals) {
        while (!floor.meets(totals[0], (long) totals[2])) {
            int pick = -1;
            long most = -1;
            for (int u = 0; u < n; u++) {
                long rows = (long) ind.rep[u] * g.unit(u).rowsWritten();
                if (ind.rep[u] > 1 && rows > most) {
                    most = rows;
                    pick = u;
                }
            }
            if (pick < 0) {
                return totals;
            }
            ind.rep[pick] = step(ind.rep[pick], -1);
            totals = totals(ind);
        }
        return totals;
    }

    private PartitionCost cost(int[] rep, int from, int to) {
        int[] units = new int[to - from];
        int[] r = new int[to - from];
        for (int u = from; u < to; u++) {
            units[u - from] = u;
            r[u - from] = rep[u];
        }
        long[] bytes = rangeBytes.computeIfAbsent((long) from * (n + 1) + to,
                k -> new long[] {cm.inBytes(units), cm.outBytes(units)});
        return cm.cost(cm.load(units, r, bytes[0], bytes[1]));
    }

    Plan plan(Individual ind) {
        int[] bounds = starts(ind);
        List<Partition> parts = new ArrayList<>();
        for (int p = 0; p + 1 < bounds.length; p++) {
            parts.add(Partition.range(bounds[p], bounds[p + 1], ind.rep));
        }
        return new Plan(parts);
    }

    /** Individual with the given cuts and no replication. */
    private Individual seeded(boolean[] cut) {
        int[] rep = new int[n];
        Arrays.fill(rep, 1);
        return new Individual(cut, rep);
    }

    /**
     * Balances each partition to a random period: picks one of its layers' periods ceil(steps/r) and gives
     * every layer the least factor that reaches it (repair trims what does not fit).
     */
    private void randomizeReplication(Individual ind) {
        int[] bounds = starts(ind);
        for (int p = 0; p + 1 < bounds.length; p++) {
            List<Long> periods = new ArrayList<>();
            for (int u = bounds[p]; u < bounds[p + 1]; u++) {
                if (g.unit(u).weighted()) {
                    for (int f : factors) {
                        periods.add(ceilDiv(g.unit(u).mvmSteps(), f));
                    }
                }
            }
            if (periods.isEmpty()) {
                continue;
            }
            long target = periods.get(random.nextInt(periods.size()));
            for (int u = bounds[p]; u < bounds[p + 1]; u++) {
                if (g.unit(u).weighted()) {
                    ind.rep[u] = leastFactor(g.unit(u).mvmSteps(), target);
                }
            }
        }
    }

    /** The cut set of a baseline's ranges: a cut before each range's first unit. */
    private boolean[] cuts(List<int[]> ranges) {
        boolean[] cut = new boolean[n];
        for (int[] r : ranges) {
            cut[r[0]] = true;
        }
        return cut;
    }

    /** Partition starts followed by n. */
    private int[] starts(Individual ind) {
        int[] out = new int[countCuts(ind.cut) + 1];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (ind.cut[i]) {
                out[k++] = i;
            }
        }
        out[k] = n;
        return out;
    }

    private int step(int r, int direction) {
        int i = Arrays.binarySearch(factors, r);
        int j = Math.max(0, Math.min(factors.length - 1, i + direction));
        return factors[j];
    }

    private int leastFactor(long steps, long period) {
        for (int f : factors) {
            if (ceilDiv(steps, f) <= period) {
                return f;
            }
        }
        return factors[factors.length - 1];
    }

    private static int countCuts(boolean[] cut) {
        int c = 0;
        for (boolean b : cut) {
            if (b) {
                c++;
            }
        }
        return c;
    }
}
