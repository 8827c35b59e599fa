package org.compass.cli.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.compass.cli.format.Units;
import org.compass.model.mapping.MappedGraph;
import org.compass.solver.schedule.Schedule;
import org.compass.solver.schedule.ScheduleRecord;

/**
 * Timeline bars from a write {@link Schedule}: one bar per record. Writes go to the lane of their core; stages
 * and DRAM transfers have no core in the schedule model (as in the v1 cost model, a unit's crossbars are not
 * placed), so stages get lanes of their own and transfers a DRAM lane. Bars that overlap in time are packed
 * onto extra lanes ("stages 2", "DRAM 2", ...) so none covers another; cores are grouped as in
 * {@link PhaseTimeline} above {@value PhaseTimeline#MAX_LANES} cores (writes of one group may then overlap).
 */
public final class ScheduleTimeline {

    private ScheduleTimeline() {
    }

    /** The bars of a schedule: core lanes in core order, then stage lanes, then DRAM lanes. */
    public static List<Bar> bars(MappedGraph graph, int cores, Schedule schedule) {
        int perLane = (cores + PhaseTimeline.MAX_LANES - 1) / PhaseTimeline.MAX_LANES;
        TreeMap<Integer, List<Bar>> coreLanes = new TreeMap<>();
        List<Bar> stages = new ArrayList<>();
        List<Bar> dram = new ArrayList<>();
        for (ScheduleRecord r : schedule.records()) {
            switch (r.kind()) {
                case WRITE -> {
                    int lane = r.core() / perLane;
                    coreLanes.computeIfAbsent(lane, k -> new ArrayList<>()).add(new Bar(PhaseTimeline.laneName(lane, perLane, cores),
                            Bar.Kind.WRITE, r.partition(), r.start(), r.end(), "write " + graph.unit(r.unit()).name()
                            + " (" + Units.count(r.rows()) + " rows" + (perLane > 1 ? " on core " + r.core() : "") + ")"));
                }
                case STAGE -> stages.add(new Bar("stages", Bar.Kind.COMPUTE, r.partition(), r.start(), r.end(),
                        graph.unit(r.unit()).name()));
                case WEIGHT_LOAD -> dram.add(new Bar("DRAM", Bar.Kind.DRAM, r.partition(), r.start(), r.end(),
                        "weights of " + graph.unit(r.unit()).name() + " " + Units.bytes(r.bytes())));
                case ACT_LOAD, ACT_STORE -> dram.add(new Bar("DRAM", Bar.Kind.DRAM, r.partition(), r.start(), r.end(),
                        (r.kind() == ScheduleRecord.Kind.ACT_LOAD ? "load " : "store ") + "activations "
                                + Units.bytes(r.bytes())));
                default -> throw new IllegalStateException("unknown record kind " + r.kind());
            }
        }
        List<Bar> out = new ArrayList<>();
        coreLanes.values().forEach(out::addAll);
        out.addAll(pack("stages", stages));
        out.addAll(pack("DRAM", dram));
        return out;
    }

    /**
     * The band above the lanes: when each partition's stages run (its writes and loads may start much earlier
     * under prefetch, so their span would cover the partitions before it).
     */
    public static List<Timeline.Band> bands(Schedule schedule, int partitions) {
        List<Timeline.Band> out = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            double[] stage = span(schedule, p, true);
            double[] all = span(schedule, p, false);
            if (all == null) {
                continue;
            }
            double[] shown = stage != null ? stage : all;
            out.add(new Timeline.Band(p, shown[0], shown[1], "partition " + p + (stage != null ? " computes from "
                    : " runs from ") + Units.seconds(shown[0]) + " to " + Units.seconds(shown[1]) + "; its first record "
                    + "starts at " + Units.seconds(all[0])));
        }
        return out;
    }

    private static double[] span(Schedule schedule, int partition, boolean stagesOnly) {
        double[] s = null;
        for (ScheduleRecord r : schedule.records()) {
            if (r.partition() != partition || (stagesOnly && r.kind() != ScheduleRecord.Kind.STAGE)) {
                continue;
            }
            if (s == null) {
                s = new double[] {r.start(), r.end()};
            } else {
                s[0] = Math.min(s[0], r.start());
                s[1] = Math.max(s[1], r.end());
            }
        }
        return s;
    }

    /** Bars on as few lanes as keep them apart (first fit by start, which is optimal for intervals). */
    static List<Bar> pack(String name, List<Bar> bars) {
        List<Bar> sorted = new ArrayList<>(bars);
        sorted.sort(Comparator.comparingDouble(Bar::start).thenComparingDouble(Bar::end));
        List<Double> laneEnds = new ArrayList<>();
        int[] laneOf = new int[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            Bar b = sorted.get(i);
            int lane = 0;
            while (lane < laneEnds.size() && laneEnds.get(lane) > b.start()) {
                lane++;
            }
            if (lane == laneEnds.size()) {
                laneEnds.add(b.end());
            } else {
                laneEnds.set(lane, b.end());
            }
            laneOf[i] = lane;
        }
        List<List<Bar>> lanes = new ArrayList<>();
        for (int i = 0; i < laneEnds.size(); i++) {
            lanes.add(new ArrayList<>());
        }
        for (int i = 0; i < sorted.size(); i++) {
            Bar b = sorted.get(i);
            String lane = laneEnds.size() == 1 ? name : name + " " + (laneOf[i] + 1);
            lanes.get(laneOf[i]).add(new Bar(lane, b.kind(), b.partition(), b.start(), b.end(), b.label()));
        }
        List<Bar> out = new ArrayList<>();
        lanes.forEach(out::addAll);
        return out;
    }
}
