package org.compass.simulator;

/**
 * The discrete-event engine: runs a {@link Program} against a model of the chip (per-core write ports,
 * crossbars, vector units and buffers, one shared DRAM channel, point-to-point links) and checks it.
 *
 * <p>Each instruction stream is in order with at most one instruction in flight; an instruction issues
 * when its data, space and weights are there and its resource is free, and completes after a duration
 * derived from the hardware parameters. One event is one instruction, or one band of a band instruction
 * (a row of a feature map in the row pipeline, a whole input in the image pipeline). Resources are
 * reserved first come, first served at issue. A stream waiting on a buffer waits for one counter (rows
 * filled, arrived or released) to reach a threshold, and is issued again only once it has; every change
 * of the buffer still gives each waiter a place in the queue of the current instant (one comparison when
 * its turn comes), because that place decides who issues first among streams ready at the same instant,
 * and so the timing. Running time is O(E log S + C w) for E events, S streams, C buffer changes and w
 * waiters per buffer (w is 1 or 2 in lowered programs).
 *
 * <p>{@link #prepare} builds the tables that depend only on the program (instruction arrays, row
 * dependences, tile and reader indices) once; {@link #run(ChipModel, FunctionalModel)} may then be called
 * any number of times, also from several threads. The static {@code run} methods do both.
 *
 * <p>Violations stop the run with a {@link SimulationException}: an MVM on crossbars that do not hold the
 * layer's weights, a load of activations that were never stored, a crossbar that does not exist, a buffer
 * over capacity, a crossbar rewritten while a layer still needs it, and a deadlock (a stream waiting for
 * data nobody produces).
 *
 * <p>The engine is split by concern, each a package-private class: {@link ProgramTables} and
 * {@link UnitTables} (the prepared, read-only tables), and per run {@link SimulationRun} (the streams and
 * the opcode switch) with {@link EventQueue}, {@link Waits}, {@link BufferState}, {@link CoreMemory},
 * {@link WeightStaging}, {@link Crossbars}, {@link Channels}, {@link DramContents}, {@link Progress} and
 * {@link Accounting}; {@link Violations} builds the messages of {@link SimulationException}.
 */
public final class Simulator {

    private final ProgramTables tables;
    private final Violations violations;

    private Simulator(Program program) {
        this.tables = new ProgramTables(program);
        this.violations = new Violations(tables);
    }

    /** Builds the tables of a program once, for any number of runs. */
    public static Simulator prepare(Program program) {
        return new Simulator(program);
    }

    /** Runs a program with the default chip model. */
    public static SimulationResult run(Program program) {
        return prepare(program).run();
    }

    /** Runs a program with the given chip model. */
    public static SimulationResult run(Program program, ChipModel chip) {
        return prepare(program).run(chip, null);
    }

    /**
     * Runs a program; with a functional model the crossbars hold real cell values and every layer's outputs
     * are computed through them.
     */
    public static SimulationResult run(Program program, ChipModel chip, FunctionalModel functional) {
        return prepare(program).run(chip, functional);
    }

    /** The program these tables were built for. */
    public Program program() {
        return tables.program;
    }

    /** Runs the prepared program with the default chip model. */
    public SimulationResult run() {
        return run(ChipModel.defaults(tables.hw), null);
    }

    /** Runs the prepared program; {@code functional} may be null (timing only). */
    public SimulationResult run(ChipModel chip, FunctionalModel functional) {
        return new SimulationRun(tables, violations, chip, functional).execute();
    }
}
