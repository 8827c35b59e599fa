package org.compass.simulator;

import java.util.List;

/**
 * An in-order sequence of instructions on one core. A core runs several streams concurrently (one per
 * layer it hosts, one per write port, one per DRAM transfer queue), like hardware contexts; they
 * synchronize only through data (buffers), barriers and crossbar state.
 *
 * @param core         the core
 * @param name         what the stream does, for messages
 * @param instructions the instructions, in issue order
 */
public record InstructionStream(int core, String name, List<Instruction> instructions) {

    public InstructionStream {
        instructions = List.copyOf(instructions);
    }
}
