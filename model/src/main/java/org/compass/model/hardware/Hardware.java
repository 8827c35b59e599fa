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
 * @param mvmIssuePerCore        crossbar MVMs a core can start per MVM step (its controller's issue rate);
 *                               {@code crossbarsPerCore} means every crossbar of the core at once
 * @param localMemoryBytesPerSecond bandwidth of a core's local memory that prepares MVM input vectors (B/s)
 * @param linkBytesPerSecond     bandwidth of a core's interconnect link (B/s)
 * @param linkLatencySeconds     latency of one interconnect message
 * @param vectorBytesPerSecond   activation bytes a core's vector unit processes per second (pooling, additions,
 *                               activations; what each node costs: {@code Node.vectorOps()})
 * @param enduranceCycles        times one cell can be programmed before it wears out (a write-verify programming
 *                               counts once); {@link Double#POSITIVE_INFINITY} for a chip whose cells do not wear
 */
public record Hardware(String name, int crossbarRows, int crossbarCols, int cellBits, int weightBits,
                       int activationBits, int cores, int crossbarsPerCore, int writePortsPerCore,
                       double mvmSeconds, double rowWriteSeconds, double dramBytesPerSecond,
                       double rowWriteJoules, double dramJoulesPerByte, double mvmJoulesPerCrossbarStep,
                       double staticWatts, int mvmIssuePerCore, double localMemoryBytesPerSecond,
                       double linkBytesPerSecond, double linkLatencySeconds, double vectorBytesPerSecond,
                       double enduranceCycles) {

    public Hardware {
        if (!(enduranceCycles > 0)) {
            throw new IllegalArgumentException("endurance cycles must be positive (or infinite), got " + enduranceCycles);
        }
    }

    /** A chip whose cells never wear out (endurance infinite), with every other field given. */
    public Hardware(String name, int crossbarRows, int crossbarCols, int cellBits, int weightBits,
                    int activationBits, int cores, int crossbarsPerCore, int writePortsPerCore,
                    double mvmSeconds, double rowWriteSeconds, double dramBytesPerSecond,
                    double rowWriteJoules, double dramJoulesPerByte, double mvmJoulesPerCrossbarStep,
                    double staticWatts, int mvmIssuePerCore, double localMemoryBytesPerSecond,
                    double linkBytesPerSecond, double linkLatencySeconds, double vectorBytesPerSecond) {
        this(name, crossbarRows, crossbarCols, cellBits, weightBits, activationBits, cores, crossbarsPerCore,
                writePortsPerCore, mvmSeconds, rowWriteSeconds, dramBytesPerSecond, rowWriteJoules,
                dramJoulesPerByte, mvmJoulesPerCrossbarStep, staticWatts, mvmIssuePerCore, localMemoryBytesPerSecond,
                linkBytesPerSecond, linkLatencySeconds, vectorBytesPerSecond, Double.POSITIVE_INFINITY);
    }

    /**
     * A chip whose on-chip resources beyond the crossbars (MVM issue, input preparation, interconnect, vector
     * units) are never the bottleneck: every crossbar of a core starts at once and the bandwidths are unlimited.
     * For test chips and for the first version of the cost model's assumptions. Its cells never wear out.
     */
    public Hardware(String name, int crossbarRows, int crossbarCols, int cellBits, int weightBits,
                    int activationBits, int cores, int crossbarsPerCore, int writePortsPerCore,
                    double mvmSeconds, double rowWriteSeconds, double dramBytesPerSecond,
                    double rowWriteJoules, double dramJoulesPerByte, double mvmJoulesPerCrossbarStep,
                    double staticWatts) {
        this(name, crossbarRows, crossbarCols, cellBits, weightBits, activationBits, cores, crossbarsPerCore,
                writePortsPerCore, mvmSeconds, rowWriteSeconds, dramBytesPerSecond, rowWriteJoules,
                dramJoulesPerByte, mvmJoulesPerCrossbarStep, staticWatts, crossbarsPerCore,
                Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0, Double.POSITIVE_INFINITY);
    }

    /**
     * Crossbars on the chip.
     *
     * @throws ArithmeticException when cores x crossbars per core exceeds an int (readers refuse such chips)
     */
    public int crossbars() {
        return Math.multiplyExact(cores, crossbarsPerCore);
    }

    /** Columns one weight spans: ceil(weightBits / cellBits). */
    public int bitSlices() {
        return (weightBits + cellBits - 1) / cellBits;
    }

    /** Weights (output channels) one crossbar row holds: floor(C / bitSlices). */
    public int weightsPerRow() {
        return crossbarCols / bitSlices();
    }

    /**
     * Rows the whole chip can program at once.
     *
     * @throws ArithmeticException when cores x write ports per core exceeds an int (readers refuse such chips)
     */
    public int writePorts() {
        return Math.multiplyExact(cores, writePortsPerCore);
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
                rowWriteJoules, dramJoulesPerByte, mvmJoulesPerCrossbarStep, staticWatts, mvmIssuePerCore,
                localMemoryBytesPerSecond, linkBytesPerSecond, linkLatencySeconds, vectorBytesPerSecond,
                enduranceCycles);
    }

    /** A copy with another number of cores and static power (the other fields kept). */
    public Hardware withCores(String newName, int newCores, double newStaticWatts) {
        return new Hardware(newName, crossbarRows, crossbarCols, cellBits, weightBits, activationBits, newCores,
                crossbarsPerCore, writePortsPerCore, mvmSeconds, rowWriteSeconds, dramBytesPerSecond,
                rowWriteJoules, dramJoulesPerByte, mvmJoulesPerCrossbarStep, newStaticWatts, mvmIssuePerCore,
                localMemoryBytesPerSecond, linkBytesPerSecond, linkLatencySeconds, vectorBytesPerSecond,
                enduranceCycles);
    }

    /** A copy with another endurance (cycles per cell; positive, or infinite for cells that do not wear). */
    public Hardware withEndurance(double cycles) {
        return new Hardware(name, crossbarRows, crossbarCols, cellBits, weightBits, activationBits, cores,
                crossbarsPerCore, writePortsPerCore, mvmSeconds, rowWriteSeconds, dramBytesPerSecond,
                rowWriteJoules, dramJoulesPerByte, mvmJoulesPerCrossbarStep, staticWatts, mvmIssuePerCore,
                localMemoryBytesPerSecond, linkBytesPerSecond, linkLatencySeconds, vectorBytesPerSecond, cycles);
    }

    /**
     * Crossbar rows on the chip, the cells' share of wear: with ideal wear levelling every row of the chip takes
     * an equal part of the rows written.
     */
    public long chipRows() {
        return (long) crossbars() * crossbarRows;
    }

    /** Time between two MVM starts of one core's controller: t_mvm / mvmIssuePerCore. */
    public double mvmIssueSeconds() {
        return mvmSeconds / mvmIssuePerCore;
    }
}
