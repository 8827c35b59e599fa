package org.compass.model.hardware;

/**
 * A crossbar PIM chip: geometry, precision, timing, bandwidth and energy, all in SI units.
 *
 * @param name                   preset or user-given name
 * @param crossbarRows           rows R of one crossbar (inputs of an MVM)
 * @param crossbarCols           physical columns C of one crossbar (cells per row)
 * @param cellBits               bits stored per cell
 * @param weightBits             bits per weight (a weight spans ceil(weightBits/cellBits) columns)
 * @param activationBits         bits per activation element (sizes DRAM traffic)
 * @param cores                  cores on the chip
 * @param crossbarsPerCore       crossbars in each core
 * @param writePortsPerCore      crossbar rows a core can program at the same time
 * @param mvmSeconds             time of one matrix-vector step of a crossbar (input bits applied serially included)
 * @param rowWriteSeconds        time to program one crossbar row through one write port
 * @param dramBytesPerSecond     DRAM bandwidth shared by weight loads and activations
 * @param rowWriteJoules         energy to program one crossbar row
 * @param dramJoulesPerByte      energy per byte moved to or from DRAM
 * @param mvmJoulesPerCrossbarStep energy of one MVM step on one crossbar
 * @param staticWatts            static power of the whole chip
 */
public record Hardware(String name, int crossbarRows, int crossbarCols, int cellBits, int weightBits,
                       int activationBits, int cores, int crossbarsPerCore, int writePortsPerCore,
                       double mvmSeconds, double rowWriteSeconds, double dramBytesPerSecond,
                       double rowWriteJoules, double dramJoulesPerByte, double mvmJoulesPerCrossbarStep,
                       double staticWatts) {

    /** Crossbars on the chip. */
    public int crossbars() {
        return cores * crossbarsPerCore;
    }

    /** Columns one weight spans: ceil(weightBits / cellBits). */
    public int bitSlices() {
        return (weightBits + cellBits - 1) / cellBits;
    }

    /** Weights (output channels) one crossbar row holds: floor(C / bitSlices). */
    public int weightsPerRow() {
        return crossbarCols / bitSlices();
    }

    /** Rows the whole chip can program at once. */
    public int writePorts() {
        return cores * writePortsPerCore;
    }

    /** Bytes of {@code elements} activations. */
    public long activationBytes(long elements) {
        return (elements * activationBits + 7) / 8;
    }

    /** Bytes of {@code count} weights in DRAM. */
    public long weightBytes(long count) {
        return (count * weightBits + 7) / 8;
    }

    /** A copy with another name. */
    public Hardware withName(String newName) {
        return new Hardware(newName, crossbarRows, crossbarCols, cellBits, weightBits, activationBits, cores,
                crossbarsPerCore, writePortsPerCore, mvmSeconds, rowWriteSeconds, dramBytesPerSecond,
                rowWriteJoules, dramJoulesPerByte, mvmJoulesPerCrossbarStep, staticWatts);
    }
}
