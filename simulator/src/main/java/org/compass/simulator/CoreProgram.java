package org.compass.simulator;

import java.util.List;

/**
 * Everything one core executes for a plan: its concurrent instruction streams.
 *
 * @param core    the core
 * @param streams its streams
 */
public record CoreProgram(int core, List<InstructionStream> streams) {

    public CoreProgram {
        streams = List.copyOf(streams);
    }

    /** Instructions over all streams. */
    public int size() {
        return streams.stream().mapToInt(s -> s.instructions().size()).sum();
    }
}
