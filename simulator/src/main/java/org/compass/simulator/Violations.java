package org.compass.simulator;

import org.compass.model.mapping.MappedGraph;

/**
 * The messages of {@link SimulationException}: every check of the engine that fails builds its exception
 * here, naming the instruction, its core, the simulated time and what is wrong. Holds only the program's
 * (read-only) tables, so one instance serves any number of runs.
 */
final class Violations {
    private final ProgramTables t;
    private final Program program;
    private final MappedGraph g;

    Violations(ProgramTables t) {
        this.t = t;
        this.program = t.program;
        this.g = t.g;
    }

    /** A violation by instruction in at time now. */
    SimulationException at(Instruction in, double now, String problem) {
        return new SimulationException(in.describe(program), in.core(), now, problem);
    }

    /** A core's buffer holds more than its capacity. */
    SimulationException overCapacity(Instruction in, double now, int core, long needs, long holds) {
        return at(in, now, "buffer of core " + core + " over capacity: needs " + needs + " bytes, holds " + holds);
    }

    /** A LOAD_A reads rows (the first {@code end} over the batch) of a tensor that are not in DRAM. */
    SimulationException notInDram(Instruction in, double now, long end, int rowsPerInput, int tensor) {
        return at(in, now, "reads rows of input " + (end - 1) / rowsPerInput + " that are not in DRAM: "
                + producerNote(tensor));
    }

    /** A WRITE_ROWS aims at a crossbar beyond the core's count. */
    SimulationException noSuchCrossbar(Instruction in, double now) {
        int p = in.partition();
        return at(in, now, "crossbar " + in.crossbar() + " does not exist: core " + in.core()
                + " has " + t.perCore + "; partition " + p + " places "
                + program.placement().slots().stream().filter(x -> x.partition() == p).count()
                + " crossbar tiles on a chip of " + t.hw.crossbars());
    }

    /** A WRITE_ROWS rewrites a crossbar whose unit has bands still to do. */
    SimulationException stillNeeded(Instruction in, double now, Placement.Slot os, int bandsDone) {
        return at(in, now, "crossbar " + in.crossbar() + " still holds tile " + os.tile()
                + " of replica " + os.replica() + " of '" + g.unit(os.unit()).name()
                + "' (partition " + os.partition() + "), which has " + bandsDone + " of "
                + t.units.totalBands[os.unit()] + " bands done and still needs it");
    }

    /** An MVM of unit u while some of its crossbars do not hold its tiles: names the first such crossbar. */
    SimulationException wrongWeights(Instruction in, double now, int u, Crossbars crossbars) {
        return at(in, now, wrongWeights(u, crossbars));
    }

    private String wrongWeights(int u, Crossbars crossbars) {
        Placement pl = program.placement();
        int tiles = pl.layouts().get(u).tiles().size();
        for (int r = 0; r < t.units.replicas[u]; r++) {
            for (int tile = 0; tile < tiles; tile++) {
                int slot = pl.slot(u, r, tile);
                Placement.Slot sl = pl.slotAt(slot);
                int x = crossbars.holds(sl.core(), sl.index());
                if (x != slot) {
                    String holds = x < 0 ? "nothing (never written)" : "tile " + pl.slotAt(x).tile() + " of replica "
                            + pl.slotAt(x).replica() + " of '" + g.unit(pl.slotAt(x).unit()).name() + "'";
                    return "crossbar " + sl.index() + " of core " + sl.core() + " should hold tile " + tile
                            + " of replica " + r + " of '" + g.unit(u).name() + "' but holds " + holds;
                }
            }
        }
        return "weights of '" + g.unit(u).name() + "' are not in place";
    }

    private String producerNote(int tensor) {
        int producer = g.tensor(tensor).producer();
        if (producer < 0) {
            return "network input '" + g.tensor(tensor).name() + "'";
        }
        int pp = program.unitPartition(producer);
        return "'" + g.tensor(tensor).name() + "' is produced by '" + g.unit(producer).name() + "' in "
                + (pp < 0 ? "no partition (the plan leaves it out)" : "partition " + pp) + " and never stored before";
    }

    /** Stream s can never go on: what it waits for ({@link Waits}), with the buffer's counters if a buffer. */
    SimulationException deadlock(int s, Instruction in, double now, Waits waits, BufferState buffers) {
        int arg = waits.arg(s);
        String why = switch (waits.kind(s)) {
            case Waits.PART -> "waits for partition " + arg + " (its barrier or program phase) forever";
            case Waits.BUF -> {
                BufferSpec b = program.buffer(arg);
                yield "waits forever on tensor '" + g.tensor(b.tensor()).name() + "' in the buffer of core "
                        + b.core() + " (" + buffers.filled(arg) + " rows filled, " + buffers.release(arg)
                        + " released, credit " + b.creditRows() + " rows): deadlock";
            }
            case Waits.TILE -> "waits forever for a weight tile that is never loaded";
            case Waits.UNIT_WRITES -> "waits forever for the writes of '" + g.unit(arg).name() + "'";
            case Waits.LOADS -> "waits forever for core " + arg + " to issue the earlier partitions' weight loads";
            case Waits.UNIT_DONE -> "waits forever for '" + g.unit(arg).name() + "' to finish and free its crossbars";
            default -> "waits forever for a weight staging slot on core " + arg;
        };
        return new SimulationException(in.describe(program) + " in " + t.streamName[s], in.core(), now, why);
    }
}
