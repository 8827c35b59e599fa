package org.compass.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.mapping.Unit;
import org.compass.model.network.Node;
import org.compass.model.problem.PipelineMode;

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
 */
final class BaselineSimulator {

    private final Program program;
    private final MappedGraph g;
    private final Hardware hw;
    private final int batch;
    private final boolean image;
    private final int perCore;
    private final int cores;

    // streams
    private final Instruction[][] code;
    private final String[] streamName;
    private final int[][] streamReader;

    // buffers
    private final int nb;
    private final int[] bufRows;
    private final long[] bufBytes;
    private final int[] bufTensor;
    private final int[] bufCore;
    private final long[] bufCredit;
    private final int[][] bufReaders;
    private final int readerCount;
    private final int[] markBuf;

    // units
    private final int[] replicas;
    private final int[] totalBands;
    private final int[] bandsPerInput;
    private final int[] initialMissing;
    private final int[][] unitReaderIds;
    private final int[][][] need;
    private final int[][][] release;
    private final long[] outWidth;
    private final long[] outPositions;
    private final double[] vectorElements;
    private final double[] bandMvmJoules;
    private final double[] bandBusySeconds;
    private final double[] bandIssueSeconds;

    // crossbars and tiles
    private final int contentStride;
    private final int[] tileBase;
    private final int[] initialTileWrites;
    private final long[] tileBytes;
    private final int[] tileLoader;

    // partitions
    private final int parts;
    private final int[] initialStreams;
    private final int[] writesPlanned;
    private final int[] unitWritesPlanned;
    private final int[][] loadsPlanned;

    // DRAM contents
    private final long[] tensorBytes;
    private final boolean[] tensorIsOutput;
    private final long[] initialDramRows;
    private final int[] lastLoadPartition;
    private final long initialDramLive;

    private BaselineSimulator(Program program) {
        this.program = program;
        this.g = program.graph();
        this.hw = program.problem().hardware();
        this.batch = program.problem().batch();
        this.image = program.problem().pipeline() == PipelineMode.IMAGE;
        this.perCore = hw.crossbarsPerCore();
        this.cores = hw.cores();
        List<Instruction[]> codeList = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (CoreProgram cp : program.cores()) {
            for (InstructionStream s : cp.streams()) {
                codeList.add(s.instructions().toArray(new Instruction[0]));
                names.add("core " + cp.core() + " stream '" + s.name() + "'");
            }
        }
        int ns = codeList.size();
        code = codeList.toArray(new Instruction[0][]);
        streamName = names.toArray(new String[0]);
        streamReader = new int[ns][];

        nb = program.buffers().size();
        bufRows = new int[nb];
        bufBytes = new long[nb];
        bufTensor = new int[nb];
        bufCore = new int[nb];
        bufCredit = new long[nb];
        for (int b = 0; b < nb; b++) {
            BufferSpec spec = program.buffer(b);
            bufRows[b] = Geometry.rows(g, spec.tensor());
            bufBytes[b] = g.tensor(spec.tensor()).bytes();
            bufTensor[b] = spec.tensor();
            bufCore[b] = spec.core();
            bufCredit[b] = spec.creditRows();
        }

        int n = g.size();
        replicas = program.plan().replicationOfUnits(n);
        totalBands = new int[n];
        bandsPerInput = new int[n];
        initialMissing = new int[n];
        unitReaderIds = new int[n][];
        need = new int[n][][];
        release = new int[n][][];
        outWidth = new long[n];
        outPositions = new long[n];
        vectorElements = new double[n];
        bandMvmJoules = new double[n];
        bandBusySeconds = new double[n];
        bandIssueSeconds = new double[n];
        Placement pl = program.placement();
        tileBase = new int[n + 1];
        for (int u = 0; u < n; u++) {
            TileLayout l = pl.layouts().get(u);
            tileBase[u + 1] = tileBase[u] + (l == null ? 0 : l.tiles().size());
            if (l != null) {
                initialMissing[u] = replicas[u] * l.tiles().size();
            }
        }
        int tiles = tileBase[n];
        initialTileWrites = new int[tiles];
        tileBytes = new long[tiles];
        tileLoader = new int[tiles];
        Arrays.fill(tileLoader, -1);
        int maxIndex = perCore;
        for (Placement.Slot s : pl.slots()) {
            maxIndex = Math.max(maxIndex, s.index() + 1);
        }
        contentStride = maxIndex;

        parts = program.plan().size();
        initialStreams = new int[parts];
        writesPlanned = new int[parts];
        unitWritesPlanned = new int[n];
        loadsPlanned = new int[cores][parts];
        int nt = g.tensors().size();
        tensorBytes = new long[nt];
        tensorIsOutput = new boolean[nt];
        initialDramRows = new long[nt];
        lastLoadPartition = new int[nt];
        Arrays.fill(lastLoadPartition, -1);
        long live = 0;
        for (var t : g.tensors()) {
            tensorBytes[t.id()] = t.bytes();
            tensorIsOutput[t.id()] = t.networkOutput();
            if (t.producer() < 0) {
                initialDramRows[t.id()] = (long) batch * Geometry.rows(g, t.id());
                live += batch * t.bytes();
            }
        }
        initialDramLive = live;

        Readers readers = new Readers(nb);
        for (int s = 0; s < ns; s++) {
            Instruction[] c = code[s];
            streamReader[s] = new int[c.length];
            Arrays.fill(streamReader[s], -1);
            if (c.length > 0) {
                initialStreams[c[0].partition()]++;
            }
            for (int i = 0; i < c.length; i++) {
                Instruction in = c[i];
                switch (in.op()) {
                    case WRITE_ROWS -> {
                        writesPlanned[in.partition()]++;
                        unitWritesPlanned[in.unit()]++;
                        initialTileWrites[tileBase[in.unit()] + in.tile()]++;
                    }
                    case LOAD_W -> {
                        tileBytes[tileBase[in.unit()] + in.tile()] = in.amount();
                        tileLoader[tileBase[in.unit()] + in.tile()] = in.core();
                        loadsPlanned[in.core()][in.partition()]++;
                    }
                    case SEND, STORE_A -> streamReader[s][i] = readers.add(in.buffer());
                    case LOAD_A -> {
                        int t = bufTensor[in.buffer()];
                        lastLoadPartition[t] = Math.max(lastLoadPartition[t], in.partition());
                    }
                    case MVM, VEC -> setUpUnit(in.unit(), readers);
                    default -> {
                    }
                }
            }
        }
        readerCount = readers.count;
        markBuf = Arrays.copyOf(readers.buffer, readers.count);
        bufReaders = new int[nb][];
        for (int b = 0; b < nb; b++) {
            bufReaders[b] = readers.of.get(b).stream().mapToInt(Integer::intValue).toArray();
        }
        for (int t = 0; t < tiles; t++) {
            // a tile no write uses is still loaded once (the load is in the program)
            if (initialTileWrites[t] == 0) {
                initialTileWrites[t] = -1;
            }
        }
    }

    /** Reader ids (one per consumer of a buffer: a stage input, a SEND or a STORE_A) while tables are built. */
    private static final class Readers {
        final List<List<Integer>> of = new ArrayList<>();
        int[] buffer = new int[16];
        int count;

        Readers(int buffers) {
            for (int b = 0; b < buffers; b++) {
                of.add(new ArrayList<>());
            }
        }

        int add(int b) {
            int id = count++;
            if (id == buffer.length) {
                buffer = Arrays.copyOf(buffer, id * 2);
            }
            buffer[id] = b;
            of.get(b).add(id);
            return id;
        }
    }

    private void setUpUnit(int u, Readers readers) {
        if (unitReaderIds[u] != null) {
            return;
        }
        Unit unit = g.unit(u);
        Node node = g.network().node(unit.nodeId());
        List<Integer> inputs = program.unitInputs(u);
        int k = inputs.size();
        unitReaderIds[u] = new int[k];
        need[u] = new int[k][];
        release[u] = new int[k][];
        for (int i = 0; i < k; i++) {
            int b = inputs.get(i);
            unitReaderIds[u][i] = readers.add(b);
            int[][] dep = Geometry.dependence(node, bufRows[b], image);
            need[u][i] = dep[0];
            release[u][i] = dep[1];
        }
        bandsPerInput[u] = image ? 1 : node.output().height();
        totalBands[u] = batch * bandsPerInput[u];
        outWidth[u] = node.output().width();
        outPositions[u] = node.output().positions();
        // vector work of one band: the node's element operations for one input, spread evenly over its bands
        vectorElements[u] = (double) node.vectorOps() / bandsPerInput[u];
        long positions = image ? node.output().positions() : node.output().width();
        bandMvmJoules[u] = (double) positions * unit.crossbars() * hw.mvmJoulesPerCrossbarStep();
        bandBusySeconds[u] = (double) positions * unit.crossbars() * hw.mvmSeconds();
        if (unit.weighted()) {
            // the band's crossbar MVMs are started by the controllers of the cores holding the unit's tiles, and
            // their input vectors (one per crossbar: its tile's rows of activations) come from those cores'
            // local memories: the band takes at least the busier of the two, shared evenly over the cores
            long hosts = program.placement().slots().stream().filter(x -> x.unit() == u).mapToInt(x -> x.core())
                    .distinct().count();
            hosts = Math.max(1, hosts);
            double issue = (double) positions * unit.crossbars() * hw.mvmIssueSeconds() / hosts;
            double prep = (double) positions * hw.activationBytes(unit.rowsWritten())
                    / (hw.localMemoryBytesPerSecond() * hosts);
            bandIssueSeconds[u] = Math.max(issue, prep);
        }
    }

    /** Builds the tables of a program once, for any number of runs. */
    public static BaselineSimulator prepare(Program program) {
        return new BaselineSimulator(program);
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
        return program;
    }

    /** Runs the prepared program with the default chip model. */
    public SimulationResult run() {
        return run(ChipModel.defaults(hw), null);
    }

    /** Runs the prepared program; {@code functional} may be null (timing only). */
    public SimulationResult run(ChipModel chip, FunctionalModel functional) {
        return new Run(chip, functional).execute();
    }

    /** The state of one run. */
    private final class Run {
        private static final int W_NONE = 0;
        private static final int W_PART = 1;
        private static final int W_BUF = 2;
        private static final int W_TILE = 3;
        private static final int W_UNIT_WRITES = 4;
        private static final int W_UNIT_DONE = 5;
        private static final int W_LOADS = 6;
        private static final int C_NONE = 0;
        private static final int C_FILLED = 1;
        private static final int C_ARRIVED = 2;
        private static final int C_RELEASED = 3;

        private final ChipModel chip;
        private final FunctionalModel functional;

        // streams
        private final int[] pc;
        private final int[] iter;
        private final boolean[] inFlight;
        private final int[] waitKind;
        private final int[] waitArg;
        private final int[] waitCounter;
        private final long[] waitThreshold;

        // events: a heap of future (time, seq) wake-ups, and a FIFO of wake-ups at the current instant, which
        // all come after the heap's entries for that instant (they were pushed later)
        private double[] heapTime = new double[64];
        private int[] heapStream = new int[64];
        private long[] heapSeq = new long[64];
        private int heapSize;
        private long seq;
        private int[] ready = new int[64];
        private int readyHead;
        private int readyTail;
        private double now;

        // buffers: each waiter waits for one counter (C_FILLED, C_ARRIVED, C_RELEASED) to reach a threshold
        private final long[] filled;
        private final long[] arrived;
        private final long[] minRel;
        private final long[] occ;
        private final WaitList[] bufWait;
        private final long[] mark;

        // units
        private final int[] bandsDone;
        private final int[] missing;
        private final int[] unitWritesDone;
        private final WaitList[] unitWriteWait;
        private final WaitList[] unitDoneWait;
        // per core: weight loads issued per partition, and the first partition with loads still to issue
        private final int[][] loadsIssued;
        private final int[] loadFront;
        private final WaitList[] loadWait;

        // crossbars and tiles
        private final int[] content;
        private final int[] tileWritesLeft;
        private final boolean[] tileLoaded;
        private final WaitList[] tileWait;
        private final int[] pendingTiles;
        private final WaitList[] coreWait;

        // partitions
        private final int[] streamsLeft;
        private final int[] writesDone;
        private final boolean[] partDone;
        private final double[] partEnd;
        private final double[] programDone;
        private final WaitList[] partWait;
        private final long[] partRows;
        private final long[] partDram;
        private final double[] partWriteJ;
        private final double[] partDramJ;
        private final double[] partMvmJ;
        private final double[] partBusy;

        // resources
        private double dramFree;
        private final double[] vectorFree;
        private final double[] linkFree;
        private final long[] coreOcc;
        private long peakOcc;

        // DRAM contents
        private final long[] dramRows;
        private long dramLive;
        private long dramPeak;
        private long events;

        Run(ChipModel chip, FunctionalModel functional) {
            this.chip = chip;
            this.functional = functional;
            int ns = code.length;
            pc = new int[ns];
            iter = new int[ns];
            inFlight = new boolean[ns];
            waitKind = new int[ns];
            waitArg = new int[ns];
            waitCounter = new int[ns];
            waitThreshold = new long[ns];
            filled = new long[nb];
            arrived = new long[nb];
            minRel = new long[nb];
            occ = new long[nb];
            bufWait = new WaitList[nb];
            mark = new long[readerCount];
            bandsDone = new int[totalBands.length];
            missing = initialMissing.clone();
            unitWritesDone = new int[totalBands.length];
            unitWriteWait = new WaitList[totalBands.length];
            unitDoneWait = new WaitList[totalBands.length];
            loadsIssued = new int[cores][parts];
            loadFront = new int[cores];
            loadWait = new WaitList[cores];
            for (int c = 0; c < cores; c++) {
                advanceLoads(c);
            }
            content = new int[cores * contentStride];
            Arrays.fill(content, -1);
            tileWritesLeft = initialTileWrites.clone();
            tileLoaded = new boolean[tileWritesLeft.length];
            tileWait = new WaitList[tileWritesLeft.length];
            pendingTiles = new int[cores];
            coreWait = new WaitList[cores];
            streamsLeft = initialStreams.clone();
            writesDone = new int[parts];
            partDone = new boolean[parts];
            partEnd = new double[parts];
            programDone = new double[parts];
            partWait = new WaitList[parts];
            partRows = new long[parts];
            partDram = new long[parts];
            partWriteJ = new double[parts];
            partDramJ = new double[parts];
            partMvmJ = new double[parts];
            partBusy = new double[parts];
            vectorFree = new double[cores];
            linkFree = new double[cores];
            coreOcc = new long[cores];
            dramRows = initialDramRows.clone();
            dramLive = initialDramLive;
            dramPeak = dramLive;
        }

        SimulationResult execute() {
            for (int s = 0; s < code.length; s++) {
                if (code[s].length == 0) {
                    continue;
                }
                push(0.0, s);
            }
            while (true) {
                int s;
                if (heapSize > 0 && heapTime[0] == now) {
                    s = heapStream[0];
                    pop();
                } else if (readyHead < readyTail) {
                    s = ready[readyHead++];
                    if (readyHead == readyTail) {
                        readyHead = 0;
                        readyTail = 0;
                    }
                } else if (heapSize > 0) {
                    now = heapTime[0];
                    s = heapStream[0];
                    pop();
                } else {
                    break;
                }
                if (waitCounter[s] != C_NONE) {
                    if (!reached(s)) {
                        bufWait[waitArg[s]].add(s); // what issuing would do: wait again on the same buffer
                        continue;
                    }
                    waitCounter[s] = C_NONE;
                }
                step(s, now);
            }
            for (int s = 0; s < code.length; s++) {
                if (pc[s] < code[s].length) {
                    throw deadlock(s, now);
                }
            }
            return result();
        }

        private void step(int s, double now) {
            Instruction[] c = code[s];
            if (inFlight[s]) {
                inFlight[s] = false;
                complete(s, c[pc[s]], now);
                events++;
                if (++iter[s] >= c[pc[s]].count()) {
                    iter[s] = 0;
                    if (++pc[s] == c.length) {
                        finishStream(c[0].partition(), now);
                        return;
                    }
                }
            }
            while (true) {
                Instruction in = c[pc[s]];
                double end = issue(s, in, now);
                if (Double.isNaN(end)) {
                    return; // blocked: registered with what it waits for
                }
                Opcode op = in.op();
                if (op != Opcode.BARRIER && op != Opcode.SYNC_W && op != Opcode.RECV && op != Opcode.SYNC_U
                        && op != Opcode.FREE_X && op != Opcode.SYNC_PW) {
                    inFlight[s] = true;
                    push(end, s);
                    return;
                }
                // zero-time instruction (BARRIER, SYNC_W, SYNC_U, FREE_X, SYNC_PW, RECV): complete now and go on
                complete(s, in, now);
                events++;
                if (++iter[s] >= in.count()) {
                    iter[s] = 0;
                    if (++pc[s] == c.length) {
                        finishStream(c[0].partition(), now);
                        return;
                    }
                }
            }
        }

        /** Issues the stream's current instruction: its completion time, or NaN when it must wait. */
        private double issue(int s, Instruction in, double now) {
            int p = in.partition();
            switch (in.op()) {
                case BARRIER -> {
                    if (p > 0 && !partDone[p - 1]) {
                        return block(s, W_PART, p - 1, partWait, p - 1);
                    }
                    return now;
                }
                case SYNC_W -> {
                    if (p > 0 && !partDone[p - 1]) {
                        return block(s, W_PART, p - 1, partWait, p - 1);
                    }
                    if (writesDone[p] < writesPlanned[p]) {
                        return block(s, W_PART, p, partWait, p);
                    }
                    return now;
                }
                case SYNC_U -> {
                    int u = in.unit();
                    if (unitWritesDone[u] < unitWritesPlanned[u]) {
                        return block(s, W_UNIT_WRITES, u, unitWriteWait, u);
                    }
                    return now;
                }
                case FREE_X -> {
                    int u = in.unit();
                    if (bandsDone[u] < totalBands[u]) {
                        return block(s, W_UNIT_DONE, u, unitDoneWait, u);
                    }
                    return now;
                }
                case SYNC_PW -> {
                    if (loadFront[in.core()] < p) {
                        return block(s, W_LOADS, in.core(), loadWait, in.core());
                    }
                    return now;
                }
                case LOAD_W -> {
                    int core = in.core();
                    if (in.notBefore() > now) {
                        push(in.notBefore(), s); // an explicit start time: it takes the DRAM channel when due
                        return Double.NaN;
                    }
                    if (pendingTiles[core] >= chip.weightLookahead()) {
                        return block(s, W_NONE, core, coreWait, core);
                    }
                    pendingTiles[core]++;
                    loadsIssued[core][p]++;
                    if (p == loadFront[core]) {
                        advanceLoads(core);
                    }
                    return dram(in.amount(), now);
                }
                case WRITE_ROWS -> {
                    return issueWrite(s, in, now);
                }
                case LOAD_A -> {
                    int b = in.buffer();
                    long rows = bandRows(b);
                    long end = (long) (iter[s] + 1) * rows;
                    int t = bufTensor[b];
                    if (dramRows[t] < end) {
                        throw violation(in, now, "reads rows of input " + (end - 1) / bufRows[b]
                                + " that are not in DRAM: " + producerNote(t));
                    }
                    if (filled[b] + rows - release(b) > bufCredit[b]) {
                        return waitRelease(s, b, filled[b] + rows - bufCredit[b]);
                    }
                    return dram(bytes(b, filled[b] + rows) - bytes(b, filled[b]), now);
                }
                case STORE_A -> {
                    int b = in.buffer();
                    long rows = bandRows(b);
                    long end = (long) (iter[s] + 1) * rows;
                    if (filled[b] < end) {
                        return waitFill(s, b, end);
                    }
                    return dram(bytes(b, end) - bytes(b, end - rows), now);
                }
                case SEND -> {
                    int b = in.buffer();
                    int d = in.peer();
                    long rows = bandRows(b);
                    long end = (long) (iter[s] + 1) * rows;
                    if (filled[b] < end) {
                        return waitFill(s, b, end);
                    }
                    if (arrived[d] + rows - release(d) > bufCredit[d]) {
                        return waitRelease(s, d, arrived[d] + rows - bufCredit[d]);
                    }
                    // the chip's links are a pool: the transfer takes the one free first (docs/simulator.md)
                    int link = firstFree(linkFree);
                    double start = Math.max(now, linkFree[link]);
                    double t = start + (bytes(b, end) - bytes(b, end - rows)) / chip.linkBytesPerSecond()
                            + chip.linkLatencySeconds();
                    linkFree[link] = t - chip.linkLatencySeconds();
                    return t;
                }
                case RECV -> {
                    int b = in.buffer();
                    long rows = bandRows(b);
                    if (arrived[b] < filled[b] + rows) {
                        return block(s, b, C_ARRIVED, filled[b] + rows);
                    }
                    return now;
                }
                case MVM, VEC -> {
                    return issueStage(s, in, now);
                }
                default -> throw new IllegalStateException("unknown opcode " + in.op());
            }
        }

        private double issueWrite(int s, Instruction in, double now) {
            if (in.notBefore() > now) {
                // an explicit start time: the write issues (and its crossbar is checked) when it is due
                push(in.notBefore(), s);
                return Double.NaN;
            }
            int p = in.partition();
            int tile = tileBase[in.unit()] + in.tile();
            if (!tileLoaded[tile] && tileLoader[tile] >= 0) {
                return block(s, W_TILE, tile, tileWait, tile);
            }
            if (in.crossbar() >= perCore || in.crossbar() < 0) {
                throw violation(in, now, "crossbar " + in.crossbar() + " does not exist: core " + in.core()
                        + " has " + perCore + "; partition " + p + " places "
                        + program.placement().slots().stream().filter(x -> x.partition() == p).count()
                        + " crossbar tiles on a chip of " + hw.crossbars());
            }
            int x = in.core() * contentStride + in.crossbar();
            int slot = program.placement().slot(in.unit(), in.replica(), in.tile());
            int old = content[x];
            if (old >= 0 && old != slot) {
                Placement.Slot os = program.placement().slotAt(old);
                if (bandsDone[os.unit()] < totalBands[os.unit()] && os.core() == in.core()
                        && os.index() == in.crossbar()) {
                    throw violation(in, now, "crossbar " + in.crossbar() + " still holds tile " + os.tile()
                            + " of replica " + os.replica() + " of '" + g.unit(os.unit()).name()
                            + "' (partition " + os.partition() + "), which has " + bandsDone[os.unit()] + " of "
                            + totalBands[os.unit()] + " bands done and still needs it");
                }
                if (os.core() == in.core() && os.index() == in.crossbar()) {
                    missing[os.unit()]++;
                }
            }
            if (old != slot) {
                content[x] = -1;
            }
            return now + in.amount() * hw.rowWriteSeconds();
        }

        private double issueStage(int s, Instruction in, double now) {
            int u = in.unit();
            int band = iter[s];
            int perInput = bandsPerInput[u];
            int input = band / perInput;
            int j = band - input * perInput;
            int[] readers = unitReaderIds[u];
            for (int i = 0; i < readers.length; i++) {
                int b = markBuf[readers[i]];
                long needRows = (long) input * bufRows[b] + need[u][i][j];
                if (filled[b] < needRows) {
                    return waitFill(s, b, needRows);
                }
            }
            int ob = in.buffer();
            long rows = bandRows(ob);
            if (filled[ob] + rows - release(ob) > bufCredit[ob]) {
                return waitRelease(s, ob, filled[ob] + rows - bufCredit[ob]);
            }
            if (in.op() == Opcode.MVM) {
                if (missing[u] > 0) {
                    throw violation(in, now, wrongWeights(u));
                }
                return now + Math.max(mvmSteps(u, j) * hw.mvmSeconds(), bandIssueSeconds[u]);
            }
            // a band's vector work is split over every core's vector unit (docs/simulator.md): the units work as one
            double start = Math.max(now, vectorFree[0]);
            double end = start + vectorElements[u] / (chip.vectorElementsPerSecond() * cores);
            vectorFree[0] = end;
            return end;
        }

        private static int firstFree(double[] freeAt) {
            int best = 0;
            for (int i = 1; i < freeAt.length; i++) {
                if (freeAt[i] < freeAt[best]) {
                    best = i;
                }
            }
            return best;
        }

        /** MVM steps of band j of one input on r replicas: positions interleaved over the replicas. */
        private long mvmSteps(int u, int j) {
            int r = Math.max(1, replicas[u]);
            if (image) {
                return ceilDiv(outPositions[u], r);
            }
            long w = outWidth[u];
            return ceilDiv((j + 1) * w, r) - ceilDiv(j * w, r);
        }

        private void complete(int s, Instruction in, double now) {
            int p = in.partition();
            switch (in.op()) {
                case LOAD_W -> {
                    int tile = tileBase[in.unit()] + in.tile();
                    tileLoaded[tile] = true;
                    dramTraffic(p, in.amount());
                    allocate(in.core(), in.amount(), in, now);
                    if (tileWritesLeft[tile] < 0) {
                        freeTile(tile);
                    }
                    wake(tileWait, tile);
                }
                case WRITE_ROWS -> {
                    int x = in.core() * contentStride + in.crossbar();
                    int slot = program.placement().slot(in.unit(), in.replica(), in.tile());
                    Placement.Slot sl = program.placement().slotAt(slot);
                    if (content[x] != slot && sl.core() == in.core() && sl.index() == in.crossbar()) {
                        missing[in.unit()]--;
                    }
                    content[x] = slot;
                    partRows[p] += in.amount();
                    partWriteJ[p] += in.amount() * hw.rowWriteJoules();
                    if (functional != null) {
                        functional.write(program, slot, x);
                    }
                    int tile = tileBase[in.unit()] + in.tile();
                    if (--tileWritesLeft[tile] == 0) {
                        freeTile(tile);
                    }
                    if (++unitWritesDone[in.unit()] == unitWritesPlanned[in.unit()]) {
                        wake(unitWriteWait, in.unit());
                    }
                    if (++writesDone[p] == writesPlanned[p]) {
                        programDone[p] = now;
                        wake(partWait, p);
                    }
                }
                case LOAD_A -> {
                    int b = in.buffer();
                    long rows = bandRows(b);
                    long before = bytes(b, filled[b]);
                    filled[b] += rows;
                    dramTraffic(p, bytes(b, filled[b]) - before);
                    refresh(b, in, now);
                    int t = bufTensor[b];
                    if (iter[s] + 1 == in.count() && lastLoadPartition[t] == p && !tensorIsOutput[t]) {
                        dramLive -= (long) batch * tensorBytes[t];
                    }
                    changed(b);
                }
                case STORE_A -> {
                    int b = in.buffer();
                    long rows = bandRows(b);
                    long end = (long) (iter[s] + 1) * rows;
                    long bytes = bytes(b, end) - bytes(b, end - rows);
                    dramTraffic(p, bytes);
                    int t = bufTensor[b];
                    dramRows[t] += rows;
                    dramLive += bytes;
                    dramPeak = Math.max(dramPeak, dramLive);
                    setMark(streamReader[s][pc[s]], end, in, now);
                }
                case SEND -> {
                    int b = in.buffer();
                    long rows = bandRows(b);
                    arrived[in.peer()] += rows;
                    changed(in.peer());
                    setMark(streamReader[s][pc[s]], (long) (iter[s] + 1) * rows, in, now);
                }
                case RECV -> {
                    int b = in.buffer();
                    filled[b] += bandRows(b);
                    refresh(b, in, now);
                    changed(b);
                }
                case MVM, VEC -> completeStage(s, in, now);
                default -> {
                }
            }
        }

        private void completeStage(int s, Instruction in, double now) {
            int u = in.unit();
            int band = iter[s];
            int perInput = bandsPerInput[u];
            int input = band / perInput;
            int j = band - input * perInput;
            int ob = in.buffer();
            filled[ob] += bandRows(ob);
            refresh(ob, in, now);
            int[] readers = unitReaderIds[u];
            for (int i = 0; i < readers.length; i++) {
                int b = markBuf[readers[i]];
                setMark(readers[i], (long) input * bufRows[b] + release[u][i][j], in, now);
            }
            if (in.op() == Opcode.MVM) {
                int p = in.partition();
                partMvmJ[p] += bandMvmJoules[u];
                partBusy[p] += bandBusySeconds[u];
            }
            if (++bandsDone[u] == totalBands[u]) {
                wake(unitDoneWait, u);
            }
            if (functional != null && j == perInput - 1) {
                functional.compute(program, u, input, input % Math.max(1, replicas[u]), in, now);
            }
            changed(ob);
        }

        private void setMark(int reader, long value, Instruction in, double now) {
            if (value <= mark[reader]) {
                return;
            }
            mark[reader] = value;
            int b = markBuf[reader];
            long m = Long.MAX_VALUE;
            for (int r : bufReaders[b]) {
                m = Math.min(m, mark[r]);
            }
            if (m > minRel[b]) {
                minRel[b] = m;
                refresh(b, in, now);
                changed(b);
            }
        }

        private long release(int b) {
            return bufReaders[b].length == 0 ? Math.max(filled[b], arrived[b]) : minRel[b];
        }

        /** Re-counts a buffer's occupied bytes and checks the core's capacity. */
        private void refresh(int b, Instruction in, double now) {
            long held = Math.max(filled[b], arrived[b]);
            long now0 = Math.max(0, bytes(b, held) - bytes(b, Math.min(held, release(b))));
            allocate(bufCore[b], now0 - occ[b], in, now);
            occ[b] = now0;
        }

        private void allocate(int core, long delta, Instruction in, double now) {
            coreOcc[core] += delta;
            if (delta > 0 && coreOcc[core] > chip.bufferBytesPerCore()) {
                throw violation(in, now, "buffer of core " + core + " over capacity: needs " + coreOcc[core]
                        + " bytes, holds " + chip.bufferBytesPerCore());
            }
            peakOcc = Math.max(peakOcc, coreOcc[core]);
        }

        /** Moves a core's load front past the partitions whose weight loads it has all issued. */
        private void advanceLoads(int core) {
            int before = loadFront[core];
            while (loadFront[core] < parts && loadsIssued[core][loadFront[core]] == loadsPlanned[core][loadFront[core]]) {
                loadFront[core]++;
            }
            if (loadFront[core] != before) {
                wake(loadWait, core);
            }
        }

        private void freeTile(int tile) {
            int core = tileLoader[tile];
            if (core >= 0 && tileLoaded[tile]) {
                coreOcc[core] -= tileBytes[tile];
                pendingTiles[core]--;
                wake(coreWait, core);
            }
        }

        private double dram(long bytes, double now) {
            double start = Math.max(now, dramFree);
            dramFree = start + bytes / hw.dramBytesPerSecond();
            return dramFree;
        }

        private void dramTraffic(int p, long bytes) {
            partDram[p] += bytes;
            partDramJ[p] += bytes * hw.dramJoulesPerByte();
        }

        private long bandRows(int b) {
            return image ? bufRows[b] : 1;
        }

        /** Bytes of the first {@code rows} rows of a buffer's tensor over the batch (exact sums). */
        private long bytes(int b, long rows) {
            long h = bufRows[b];
            long whole = rows / h;
            return whole * bufBytes[b] + (rows - whole * h) * bufBytes[b] / h;
        }

        private void finishStream(int p, double now) {
            if (--streamsLeft[p] == 0) {
                partDone[p] = true;
                partEnd[p] = now;
                if (writesPlanned[p] == 0) {
                    programDone[p] = p > 0 ? partEnd[p - 1] : 0;
                }
                wake(partWait, p);
            }
        }

        private double block(int s, int kind, int arg, WaitList[] lists, int i) {
            waitKind[s] = kind;
            waitArg[s] = arg;
            WaitList list = lists[i];
            if (list == null) {
                list = new WaitList();
                lists[i] = list;
            }
            list.add(s);
            return Double.NaN;
        }

        private double waitFill(int s, int b, long rows) {
            return block(s, b, C_FILLED, rows);
        }

        /**
         * Waits for buffer b's released rows (the slowest reader's mark) to reach {@code rows}: the credit
         * check of a producer (the producer's own count cannot grow while it waits).
         */
        private double waitRelease(int s, int b, long rows) {
            return block(s, b, C_RELEASED, rows);
        }

        private double block(int s, int b, int counter, long threshold) {
            waitKind[s] = W_BUF;
            waitArg[s] = b;
            waitCounter[s] = counter;
            waitThreshold[s] = threshold;
            WaitList w = bufWait[b];
            if (w == null) {
                w = new WaitList();
                bufWait[b] = w;
            }
            w.add(s);
            return Double.NaN;
        }

        /** Whether the counter stream s waits for has reached its threshold. */
        private boolean reached(int s) {
            int b = waitArg[s];
            long value = switch (waitCounter[s]) {
                case C_FILLED -> filled[b];
                case C_ARRIVED -> arrived[b];
                default -> release(b);
            };
            return value >= waitThreshold[s];
        }

        /** A counter of buffer b has grown: its waiters take their turn in the current instant's queue. */
        private void changed(int b) {
            wake(bufWait, b);
        }

        private void wake(WaitList[] lists, int i) {
            WaitList list = lists[i];
            if (list == null) {
                return;
            }
            for (int k = 0; k < list.n; k++) {
                wakeNow(list.s[k]);
            }
            list.n = 0;
        }

        private void wakeNow(int s) {
            if (readyTail == ready.length) {
                if (readyHead > 0) {
                    System.arraycopy(ready, readyHead, ready, 0, readyTail - readyHead);
                    readyTail -= readyHead;
                    readyHead = 0;
                } else {
                    ready = Arrays.copyOf(ready, ready.length * 2);
                }
            }
            ready[readyTail++] = s;
        }

        private String wrongWeights(int u) {
            Placement pl = program.placement();
            int tiles = pl.layouts().get(u).tiles().size();
            for (int r = 0; r < replicas[u]; r++) {
                for (int t = 0; t < tiles; t++) {
                    int slot = pl.slot(u, r, t);
                    Placement.Slot sl = pl.slotAt(slot);
                    int x = sl.index() < contentStride ? content[sl.core() * contentStride + sl.index()] : -1;
                    if (x != slot) {
                        String holds = x < 0 ? "nothing (never written)" : "tile " + pl.slotAt(x).tile() + " of replica "
                                + pl.slotAt(x).replica() + " of '" + g.unit(pl.slotAt(x).unit()).name() + "'";
                        return "crossbar " + sl.index() + " of core " + sl.core() + " should hold tile " + t
                                + " of replica " + r + " of '" + g.unit(u).name() + "' but holds " + holds;
                    }
                }
            }
            return "weights of '" + g.unit(u).name() + "' are not in place";
        }

        private String producerNote(int t) {
            int producer = g.tensor(t).producer();
            if (producer < 0) {
                return "network input '" + g.tensor(t).name() + "'";
            }
            int pp = program.unitPartition(producer);
            return "'" + g.tensor(t).name() + "' is produced by '" + g.unit(producer).name() + "' in "
                    + (pp < 0 ? "no partition (the plan leaves it out)" : "partition " + pp) + " and never stored before";
        }

        private SimulationException violation(Instruction in, double now, String problem) {
            return new SimulationException(in.describe(program), in.core(), now, problem);
        }

        private SimulationException deadlock(int s, double now) {
            Instruction in = code[s][pc[s]];
            String why = switch (waitKind[s]) {
                case W_PART -> "waits for partition " + waitArg[s] + " (its barrier or program phase) forever";
                case W_BUF -> {
                    BufferSpec b = program.buffer(waitArg[s]);
                    yield "waits forever on tensor '" + g.tensor(b.tensor()).name() + "' in the buffer of core "
                            + b.core() + " (" + filled[waitArg[s]] + " rows filled, " + release(waitArg[s])
                            + " released, credit " + b.creditRows() + " rows): deadlock";
                }
                case W_TILE -> "waits forever for a weight tile that is never loaded";
                case W_UNIT_WRITES -> "waits forever for the writes of '" + g.unit(waitArg[s]).name() + "'";
                case W_LOADS -> "waits forever for core " + waitArg[s] + " to issue the earlier partitions' weight loads";
                case W_UNIT_DONE -> "waits forever for '" + g.unit(waitArg[s]).name()
                        + "' to finish and free its crossbars";
                default -> "waits forever for a weight staging slot on core " + waitArg[s];
            };
            return new SimulationException(in.describe(program) + " in " + streamName[s], in.core(), now, why);
        }

        private SimulationResult result() {
            double latency = 0;
            List<PartitionTrace> traces = new ArrayList<>();
            double write = 0;
            double dramJ = 0;
            double mvm = 0;
            long dramB = 0;
            long rows = 0;
            double allocated = 0;
            double busy = 0;
            for (int p = 0; p < parts; p++) {
                double start = p == 0 ? 0 : partEnd[p - 1];
                int xbars = 0;
                for (int c : program.placement().crossbarsPerCore(p, cores)) {
                    xbars += Math.min(c, perCore);
                }
                traces.add(new PartitionTrace(p, start, Math.max(start, programDone[p]), partEnd[p], xbars, partRows[p],
                        partDram[p], partWriteJ[p], partDramJ[p], partMvmJ[p], partBusy[p]));
                latency = Math.max(latency, partEnd[p]);
                write += partWriteJ[p];
                dramJ += partDramJ[p];
                mvm += partMvmJ[p];
                dramB += partDram[p];
                rows += partRows[p];
                allocated += xbars * (partEnd[p] - start);
                busy += partBusy[p];
            }
            double stat = hw.staticWatts() * latency;
            double chipSeconds = hw.crossbars() * latency;
            return new SimulationResult(latency, write + dramJ + mvm + stat, write, dramJ, mvm, stat, dramB, dramPeak,
                    rows, chipSeconds > 0 ? allocated / chipSeconds : 0, chipSeconds > 0 ? busy / chipSeconds : 0,
                    peakOcc, events, traces);
        }

        /** Schedules stream s at time t: now goes to the FIFO of the current instant, later to the heap. */
        private void push(double t, int s) {
            if (t == now) {
                wakeNow(s);
                return;
            }
            if (heapSize == heapTime.length) {
                heapTime = Arrays.copyOf(heapTime, heapSize * 2);
                heapStream = Arrays.copyOf(heapStream, heapSize * 2);
                heapSeq = Arrays.copyOf(heapSeq, heapSize * 2);
            }
            int i = heapSize++;
            long q = seq++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (heapTime[parent] < t || (heapTime[parent] == t && heapSeq[parent] < q)) {
                    break;
                }
                heapTime[i] = heapTime[parent];
                heapStream[i] = heapStream[parent];
                heapSeq[i] = heapSeq[parent];
                i = parent;
            }
            heapTime[i] = t;
            heapStream[i] = s;
            heapSeq[i] = q;
        }

        private void pop() {
            int last = --heapSize;
            if (last == 0) {
                return;
            }
            double t = heapTime[last];
            int s = heapStream[last];
            long q = heapSeq[last];
            int i = 0;
            while (true) {
                int l = 2 * i + 1;
                if (l >= last) {
                    break;
                }
                int r = l + 1;
                int m = r < last && (heapTime[r] < heapTime[l] || (heapTime[r] == heapTime[l] && heapSeq[r] < heapSeq[l]))
                        ? r : l;
                if (t < heapTime[m] || (t == heapTime[m] && q < heapSeq[m])) {
                    break;
                }
                heapTime[i] = heapTime[m];
                heapStream[i] = heapStream[m];
                heapSeq[i] = heapSeq[m];
                i = m;
            }
            heapTime[i] = t;
            heapStream[i] = s;
            heapSeq[i] = q;
        }
    }

    /** Streams waiting for one condition that is re-checked when they are woken. */
    private static final class WaitList {
        int[] s = new int[4];
        int n;

        void add(int x) {
            if (n == s.length) {
                s = Arrays.copyOf(s, n * 2);
            }
            s[n++] = x;
        }
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
