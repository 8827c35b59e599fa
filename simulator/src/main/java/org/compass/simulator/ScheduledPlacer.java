package org.compass.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.compass.model.hardware.Hardware;
import org.compass.solver.plan.Plan;

/**
 * Where each crossbar tile goes when the lowering executes a write schedule (the plain placement is
 * {@link TilePlacer}): placement by interval colouring. Each crossbar tile (every replica of every tile of every unit)
 * holds a crossbar over its unit's occupancy interval {@code [write start, stage end]}, the interval of
 * ScheduleValidator's rule 5. The tiles are taken in the order of their unit's scheduled write start over the
 * whole plan (with prefetch a later partition may be written before an earlier one finishes), then partition,
 * then largest first. Each goes to a crossbar the schedule has freed by its write start (the crossbar's last
 * occupant's stage ends no later, within the schedule's tolerance; a crossbar never used is free from the
 * start), whichever partition that occupant belongs to: with early start a unit may reuse the crossbars of a
 * unit of its own partition that the schedule ends before its writes. Among the cores with such a crossbar,
 * preferably one holding fewer than the staging slots' 4 tiles of the tile's unit, then one holding no other replica
 * of the tile (the replicas are written from one load: on one port they go one after the other after it), then the
 * one whose write port is expected free first (list scheduling on the row time from the unit's write start: the schedule writes a unit
 * through all its ports at once, and a balance over the whole partition put a late unit's tiles on one core, issue
 * 12, docs/scheduling.md "Tiles through ports"), then the fewest rows of the tile's partition so far; within the
 * core, the crossbar freed earliest (its earlier user the most likely done when the write comes).
 *
 * <p>Why it always succeeds on a valid schedule: when a tile starting at s finds no freed crossbar, every
 * crossbar holds a tile placed before it (so starting no later than s) whose interval has not ended by s; with
 * the tile itself, more tiles are held at s than the chip has crossbars, which rule 5 forbids (it counts
 * {@code r * crossbars} per unit, and a unit's {@link TileLayout} has exactly its crossbars per replica). The
 * availability test is the validator's own comparison ({@link ScheduleDirectives#after}).
 *
 * <p>An invalid schedule may find nothing freed: the tile then takes the crossbar freed first anywhere that
 * holds no tile of its own partition, without waiting for it (the simulator then reports the rewrite of a
 * crossbar still in use, naming it), or, when every crossbar holds a tile of its own partition, an index beyond
 * the core's last crossbar (the simulator reports that the partition does not fit).
 */
final class ScheduledPlacer {

    // the staging slots per core (ChipModel.defaults's weightLookahead, as Lowering's)
    private static final int STAGING_SLOTS = 4;

    private final Hardware hw;
    private final ScheduleDirectives sched;
    // per core and crossbar: its last occupant (unit), that unit's partition and when the schedule frees it
    private final int[][] occupant;
    private final int[][] occupantPart;
    private final double[][] free;

    ScheduledPlacer(Hardware hw, ScheduleDirectives sched) {
        this.hw = hw;
        this.sched = sched;
        int per = hw.crossbarsPerCore();
        occupant = new int[hw.cores()][per];
        occupantPart = new int[hw.cores()][per];
        free = new double[hw.cores()][per];
        for (int c = 0; c < hw.cores(); c++) {
            Arrays.fill(occupant[c], -1);
            Arrays.fill(occupantPart[c], -1);
            Arrays.fill(free[c], Double.NEGATIVE_INFINITY);
        }
    }

    /**
     * Places every tile of the plan: fills {@code slotBase} (per unit, the index of its first slot) and
     * {@code slots}, and returns, per slot id, the earlier occupant (unit) whose stage end its write must await.
     */
    Map<Integer, Integer> place(Plan plan, int[] rep, List<TileLayout> layouts, int[] slotBase,
                                List<Placement.Slot> slots) {
        Map<Integer, Integer> awaits = new HashMap<>();
        record Demand(int partition, int unit, int replica, int tile, int rows, double start) {
        }
        List<Demand> demands = new ArrayList<>();
        for (int p = 0; p < plan.size(); p++) {
            for (int u : plan.partitions().get(p).units()) {
                TileLayout l = layouts.get(u);
                if (l == null) {
                    continue;
                }
                slotBase[u] = demands.size();
                for (int r = 0; r < rep[u]; r++) {
                    for (int t = 0; t < l.tiles().size(); t++) {
                        demands.add(new Demand(p, u, r, t, l.tiles().get(t).rows(), sched.start(u)));
                    }
                }
            }
        }
        Integer[] order = new Integer[demands.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> demands.get(i).start())
                .thenComparingInt(i -> demands.get(i).partition()).thenComparingInt(i -> -demands.get(i).rows())
                .thenComparingInt(i -> i));
        int cores = hw.cores();
        int perCore = hw.crossbarsPerCore();
        // per core, its crossbars by the time the schedule frees them (then index): the head is the crossbar freed
        // first, so a core has a crossbar freed by s exactly when its head is
        List<PriorityQueue<Integer>> open = new ArrayList<>();
        for (int c = 0; c < cores; c++) {
            double[] f = free[c];
            PriorityQueue<Integer> q = new PriorityQueue<>(Comparator.comparingDouble((Integer x) -> f[x])
                    .thenComparingInt(x -> x));
            for (int x = 0; x < perCore; x++) {
                q.add(x);
            }
            open.add(q);
        }
        // per core and write port, when the port is expected to be free (list scheduling on the row time, as the
        // lowering deals a core's writes to its ports)
        double[][] portFree = new double[cores][hw.writePortsPerCore()];
        int[][] overflow = new int[plan.size()][cores];
        // per unit, its tiles on each core so far: a core stages at most STAGING_SLOTS tiles at once
        Map<Integer, int[]> unitTiles = new HashMap<>();
        // per unit, tile and core: whether the core holds a replica of the tile already
        Map<Integer, boolean[][]> replicaOn = new HashMap<>();
        long[][] rows = new long[plan.size()][cores];
        Placement.Slot[] placed = new Placement.Slot[demands.size()];
        for (int i : order) {
            Demand d = demands.get(i);
            int p = d.partition();
            int[] mine = unitTiles.computeIfAbsent(d.unit(), q -> new int[cores]);
            boolean[] holds = replicaOn.computeIfAbsent(d.unit(),
                    q -> new boolean[layouts.get(d.unit()).tiles().size()][cores])[d.tile()];
            int best = freedCore(open, d.start(), rows[p], portFree, mine, holds);
            boolean ready = best >= 0;
            int index;
            if (ready) {
                index = open.get(best).poll();
            } else {
                int[] at = firstFreedElsewhere(open, p);
                best = at[0];
                index = at[1];
                if (index >= 0) {
                    open.get(best).remove(Integer.valueOf(index));
                }
            }
            if (index >= 0) {
                int prev = occupant[best][index];
                if (prev >= 0 && ready) {
                    awaits.put(i, prev);
                }
                occupant[best][index] = d.unit();
                occupantPart[best][index] = p;
                free[best][index] = sched.freeAt(d.unit());
                open.get(best).add(index);
            } else {
                // every crossbar holds a tile of this partition: it does not fit (reported at run time)
                best = 0;
                for (int c = 1; c < cores; c++) {
                    if (rows[p][c] < rows[p][best]) {
                        best = c;
                    }
                }
                index = perCore + overflow[p][best]++;
            }
            placed[i] = new Placement.Slot(d.unit(), d.replica(), d.tile(), p, best, index);
            mine[best]++;
            holds[best] = true;
            int k = Channels.firstFree(portFree[best]);
            portFree[best][k] = Math.max(portFree[best][k], d.start()) + d.rows() * hw.rowWriteSeconds();
            rows[p][best] += d.rows();
        }
        slots.addAll(Arrays.asList(placed));
        return awaits;
    }

    /**
     * The core, among those with a crossbar the schedule has freed by {@code start}: preferably one holding fewer
     * than {@link #STAGING_SLOTS} tiles of the unit ({@code unitTiles}), then one holding no other replica of the
     * tile ({@code holds}), then whose write port is free first ({@code portFree}, seconds), then with the fewest
     * rows of the partition so far (the lowest index on a tie); -1 when there is none.
     */
    private int freedCore(List<PriorityQueue<Integer>> open, double start, long[] partRows, double[][] portFree,
                          int[] unitTiles, boolean[] holds) {
        int best = -1;
        double bestAt = Double.POSITIVE_INFINITY;
        int bestRank = Integer.MAX_VALUE;
        for (int c = 0; c < open.size(); c++) {
            Integer head = open.get(c).peek();
            if (head == null || !sched.after(start, free[c][head])) {
                continue;
            }
            // why the replicas of a tile go to different cores: they are written from one load, and on one core
            // their rows go through the ports one after the other after that load (issue 12: unit 29 of
            // squeezenet.yaml b1 full on compass-m, two replicas of each of its 256-row tiles on one port, 5.1 us
            // of writes after the tile's load where the schedule has 2.6 us)
            int rank = (unitTiles[c] >= STAGING_SLOTS ? 2 : 0) + (holds[c] ? 1 : 0);
            double at = Math.max(start, portFree[c][Channels.firstFree(portFree[c])]);
            boolean better = best < 0 || rank < bestRank || (rank == bestRank && (at < bestAt - sched.tolerance()
                    || (at <= bestAt + sched.tolerance() && partRows[c] < partRows[best])));
            if (better) {
                best = c;
                bestAt = at;
                bestRank = rank;
            }
        }
        return best;
    }

    /**
     * An invalid schedule's fallback: {core, crossbar} of the crossbar the schedule frees first (then the lowest core
     * and index) among those holding no tile of partition p; {-1, -1} when every crossbar holds a tile of p.
     */
    private int[] firstFreedElsewhere(List<PriorityQueue<Integer>> open, int p) {
        int[] best = {-1, -1};
        double first = Double.POSITIVE_INFINITY;
        for (int c = 0; c < open.size(); c++) {
            for (int x : open.get(c)) {
                boolean earlier = free[c][x] < first
                        || (free[c][x] == first && (c < best[0] || (c == best[0] && x < best[1])));
                if (occupantPart[c][x] != p && (best[0] < 0 || earlier)) {
                    best[0] = c;
                    best[1] = x;
                    first = free[c][x];
                }
            }
        }
        return best;
    }

}
