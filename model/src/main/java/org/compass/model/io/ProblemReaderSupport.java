package org.compass.model.io;

import org.compass.model.hardware.Hardware;
import org.compass.model.problem.Problem;

/** Helpers for tools that change a read problem, with the same checks and messages as the reader. */
public final class ProblemReaderSupport {

    private ProblemReaderSupport() {
    }

    /** The problem on another hardware preset, by name; unknown names are input errors. */
    public static Problem remap(String file, Problem problem, String preset) {
        Hardware hw = HardwareReader.preset(file, "--hardware", preset);
        return problem.withHardware(hw);
    }
}
