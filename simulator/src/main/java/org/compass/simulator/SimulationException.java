package org.compass.simulator;

/** A program that cannot run correctly: names the instruction, the core and the simulated time. */
public final class SimulationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String instruction;
    private final int core;
    private final double time;

    public SimulationException(String instruction, int core, double time, String problem) {
        super(String.format(java.util.Locale.ROOT, "%s on core %d at t=%.6g s: %s", instruction, core, time, problem));
        this.instruction = instruction;
        this.core = core;
        this.time = time;
    }

    /** The instruction that failed, as text. */
    public String instruction() {
        return instruction;
    }

    /** The core it ran on. */
    public int core() {
        return core;
    }

    /** Simulated time of the failure in seconds. */
    public double time() {
        return time;
    }
}
