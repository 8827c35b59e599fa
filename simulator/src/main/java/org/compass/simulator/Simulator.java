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
 * reserved first come, first served at issue. Running time is O(E log S) for E events and S streams.
 *
 * <p>Violations stop the run with a {@link SimulationException}: an MVM on crossbars that do not hold the
 * layer's weights, a load of activations that were never stored, a crossbar that does not exist, a buffer
 * over capacity, a crossbar rewritten while a layer still needs it, and a deadlock (a stream waiting for
 * data nobody produces).
 */
public final class Simulator {

    private Simulator() {
    }

    /** Runs a program with the default chip model. */
    public static SimulationResult run(Program program) {
        return run(program, ChipModel.defaults(program.problem().hardware()), null);
    }

    /** Runs a program with the given chip model. */
    public static SimulationResult run(Program program, ChipModel chip) {
        return run(program, chip, null);
    }

    /**
     * Runs a program; with a functional model the crossbars hold real cell values and every layer's outputs
     * are computed through them.
     */
    public static SimulationResult run(Program program, ChipModel chip, FunctionalModel functional) {
        return new Run(program, chip, functional).execute();
    }

    /** The state of one run. */
    private static final class Run {
        private static final int W_NONE = 0;
        private static final int W_PART = 1;
        private static final int W_BUF = 2;
        private static final int W_TILE = 3;

        private final Program program;
        private final MappedGraph g;
        private final Hardware hw;
        private final ChipModel chip;
        private final FunctionalModel functional;
        private final int batch;
        private final boolean image;
        private final int perCore;
        private final int cores;

        // streams
        private final Instruction[][] code;
        private final String[] streamName;
        private final int[] pc;
        private final int[] iter;
        private final boolean[] inFlight;
        private final int[] waitKind;
        private final int[] waitArg;
        private final int[][] streamReader;

        // event heap
        private double[] heapTime = new double[64];
        private int[] heapStream = new int[64];
        private long[] heapSeq = new long[64];
        private int heapSize;
        private long seq;

        // buffers
        private final int nb;
        private final long[] filled;
        private final long[] arrived;
        private final long[] minRel;
        private final long[] occ;
        private final int[] bufRows;
        private final long[] bufBytes;
        private final int[][] bufReaders;
        private final WaitList[] bufWait;
        private long[] mark;
        private int[] markBuf;

        // units
        private final int[] replicas;
        private final int[] bandsDone;
        private final int[] totalBands;
        private final int[] missing;
        private final int[][] unitReaderIds;
        private final int[][][] need;
        private final int[][][] release;
        private final WaitList[] stageWait;

        // crossbars and tiles
        private final int[] content;
        private final int[] tileBase;
        private final int[] tileWritesLeft;
        private final long[] tileBytes;
        private final int[] tileLoader;
        private final boolean[] tileLoaded;
        private final WaitList[] tileWait;
        private final int[] pendingTiles;
        private final WaitList[] coreWait;

        // partitions
        private final int parts;
        private final int[] streamsLeft;
        private final int[] writesPlanned;
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
        private final int[] lastLoadPartition;
        private long dramLive;
        private long dramPeak;
        private long events;

        Run(Program program, ChipModel chip, FunctionalModel functional) {
            this.program = program;
            this.g = program.graph();
            this.hw = program.problem().hardware();
            this.chip = chip;
            this.functional = functional;
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
            pc = new int[ns];
            iter = new int[ns];
            inFlight = new boolean[ns];
            waitKind = new int[ns];
            waitArg = new int[ns];
            streamReader = new int[ns][];

            nb = program.buffers().size();
            filled = new long[nb];
            arrived = new long[nb];
            minRel = new long[nb];
            occ = new long[nb];
            bufRows = new int[nb];
            bufBytes = new long[nb];
            bufWait = new WaitList[nb];
            for (int b = 0; b < nb; b++) {
                BufferSpec spec = program.buffer(b);
                bufRows[b] = Geometry.rows(g, spec.tensor());
                bufBytes[b] = g.tensor(spec.tensor()).bytes();
                bufWait[b] = new WaitList();
            }
            mark = new long[16];
            markBuf = new int[16];

            int n = g.size();
            replicas = program.plan().replicationOfUnits(n);
            bandsDone = new int[n];
            totalBands = new int[n];
            missing = new int[n];
            unitReaderIds = new int[n][];
            need = new int[n][][];
            release = new int[n][][];
            stageWait = new WaitList[n];
            Placement pl = program.placement();
            tileBase = new int[n + 1];
            for (int u = 0; u < n; u++) {
                TileLayout l = pl.layouts().get(u);
                tileBase[u + 1] = tileBase[u] + (l == null ? 0 : l.tiles().size());
                if (l != null) {
                    missing[u] = replicas[u] * l.tiles().size();
                }
                stageWait[u] = new WaitList();
            }
            int tiles = tileBase[n];
            tileWritesLeft = new int[tiles];
            tileBytes = new long[tiles];
            tileLoader = new int[tiles];
            Arrays.fill(tileLoader, -1);
            tileLoaded = new boolean[tiles];
            tileWait = new WaitList[tiles];
            for (int t = 0; t < tiles; t++) {
                tileWait[t] = new WaitList();
            }
            int maxIndex = perCore;
            for (Placement.Slot s : pl.slots()) {
                maxIndex = Math.max(maxIndex, s.index() + 1);
            }
            content = new int[cores * maxIndex];
            Arrays.fill(content, -1);
            contentStride = maxIndex;
            pendingTiles = new int[cores];
            coreWait = new WaitList[cores];
            for (int c = 0; c < cores; c++) {
                coreWait[c] = new WaitList();
            }

            parts = program.plan().size();
            streamsLeft = new int[parts];
            writesPlanned = new int[parts];
            writesDone = new int[parts];
            partDone = new boolean[parts];
            partEnd = new double[parts];
            programDone = new double[parts];
            partWait = new WaitList[parts];
            for (int p = 0; p < parts; p++) {
                partWait[p] = new WaitList();
            }
            partRows = new long[parts];
            partDram = new long[parts];
            partWriteJ = new double[parts];
            partDramJ = new double[parts];
            partMvmJ = new double[parts];
            partBusy = new double[parts];
            vectorFree = new double[cores];
            linkFree = new double[cores];
            coreOcc = new long[cores];
            dramRows = new long[g.tensors().size()];
            lastLoadPartition = new int[g.tensors().size()];
            Arrays.fill(lastLoadPartition, -1);
            for (var t : g.tensors()) {
                if (t.producer() < 0) {
                    dramRows[t.id()] = (long) batch * Geometry.rows(g, t.id());
                    dramLive += batch * t.bytes();
                }
            }
            dramPeak = dramLive;

            List<List<Integer>> readersOf = new ArrayList<>();
            for (int b = 0; b < nb; b++) {
                readersOf.add(new ArrayList<>());
            }
            for (int s = 0; s < ns; s++) {
                Instruction[] c = code[s];
                streamReader[s] = new int[c.length];
                Arrays.fill(streamReader[s], -1);
                if (c.length > 0) {
                    streamsLeft[c[0].partition()]++;
                }
                for (int i = 0; i < c.length; i++) {
                    Instruction in = c[i];
                    switch (in.op()) {
                        case WRITE_ROWS -> {
                            writesPlanned[in.partition()]++;
                            tileWritesLeft[tileBase[in.unit()] + in.tile()]++;
                        }
                        case LOAD_W -> {
                            tileBytes[tileBase[in.unit()] + in.tile()] = in.amount();
                            tileLoader[tileBase[in.unit()] + in.tile()] = in.core();
                        }
                        case SEND, STORE_A -> streamReader[s][i] = newReader(in.buffer(), readersOf);
                        case LOAD_A -> {
                            int t = program.buffer(in.buffer()).tensor();
                            lastLoadPartition[t] = Math.max(lastLoadPartition[t], in.partition());
                        }
                        case MVM, VEC -> setUpUnit(in.unit(), readersOf);
                        default -> {
                        }
                    }
                }
            }
            bufReaders = new int[nb][];
            for (int b = 0; b < nb; b++) {
                bufReaders[b] = readersOf.get(b).stream().mapToInt(Integer::intValue).toArray();
            }
            for (int t = 0; t < tiles; t++) {
                // a tile no write uses is still loaded once (the load is in the program)
                if (tileWritesLeft[t] == 0) {
                    tileWritesLeft[t] = -1;
                }
            }
        }

        private final int contentStride;

        private int newReader(int buffer, List<List<Integer>> readersOf) {
            int id = readerCount++;
            if (id == mark.length) {
                mark = Arrays.copyOf(mark, id * 2);
                markBuf = Arrays.copyOf(markBuf, id * 2);
            }
            markBuf[id] = buffer;
            readersOf.get(buffer).add(id);
            return id;
        }

        private int readerCount;

        private void setUpUnit(int u, List<List<Integer>> readersOf) {
            Unit unit = g.unit(u);
            Node node = g.network().node(unit.nodeId());
            List<Integer> inputs = program.unitInputs(u);
            int k = inputs.size();
            unitReaderIds[u] = new int[k];
            need[u] = new int[k][];
            release[u] = new int[k][];
            for (int i = 0; i < k; i++) {
                int b = inputs.get(i);
                unitReaderIds[u][i] = newReader(b, readersOf);
                int[][] dep = Geometry.dependence(node, Geometry.rows(g, program.buffer(b).tensor()), image);
                need[u][i] = dep[0];
                release[u][i] = dep[1];
            }
            int bandsPerInput = image ? 1 : node.output().height();
            totalBands[u] = batch * bandsPerInput;
        }

        SimulationResult execute() {
            for (int s = 0; s < code.length; s++) {
                if (code[s].length == 0) {
                    continue;
                }
                push(0.0, s);
            }
            double now = 0;
            while (heapSize > 0) {
                now = heapTime[0];
                int s = heapStream[0];
                pop();
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
                    return; // blocked: registered on a wait list
                }
                if (in.op() != Opcode.BARRIER && in.op() != Opcode.SYNC_W && in.op() != Opcode.RECV) {
                    inFlight[s] = true;
                    push(end, s);
                    return;
                }
                // zero-time instruction (BARRIER, SYNC_W, RECV): complete now and go on
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
                        return block(s, W_PART, p - 1, partWait[p - 1]);
                    }
                    return now;
                }
                case SYNC_W -> {
                    if (p > 0 && !partDone[p - 1]) {
                        return block(s, W_PART, p - 1, partWait[p - 1]);
                    }
                    if (writesDone[p] < writesPlanned[p]) {
                        return block(s, W_PART, p, partWait[p]);
                    }
                    return now;
                }
                case LOAD_W -> {
                    int core = in.core();
                    if (pendingTiles[core] >= chip.weightLookahead()) {
                        return block(s, W_NONE, core, coreWait[core]);
                    }
                    pendingTiles[core]++;
                    return dram(in.amount(), now);
                }
                case WRITE_ROWS -> {
                    int tile = tileBase[in.unit()] + in.tile();
                    if (!tileLoaded[tile] && tileLoader[tile] >= 0) {
                        return block(s, W_TILE, tile, tileWait[tile]);
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
                    double start = Math.max(now, in.notBefore());
                    return start + in.amount() * hw.rowWriteSeconds();
                }
                case LOAD_A -> {
                    int b = in.buffer();
                    long rows = bandRows(b);
                    long end = (long) (iter[s] + 1) * rows;
                    int t = program.buffer(b).tensor();
                    if (dramRows[t] < end) {
                        throw violation(in, now, "reads rows of input " + (end - 1) / bufRows[b]
                                + " that are not in DRAM: " + producerNote(t));
                    }
                    if (filled[b] + rows - release(b) > program.buffer(b).creditRows()) {
                        return block(s, W_BUF, b, bufWait[b]);
                    }
                    return dram(bytes(b, filled[b] + rows) - bytes(b, filled[b]), now);
                }
                case STORE_A -> {
                    int b = in.buffer();
                    long rows = bandRows(b);
                    long end = (long) (iter[s] + 1) * rows;
                    if (filled[b] < end) {
                        return block(s, W_BUF, b, bufWait[b]);
                    }
                    return dram(bytes(b, end) - bytes(b, end - rows), now);
                }
                case SEND -> {
                    int b = in.buffer();
                    int d = in.peer();
                    long rows = bandRows(b);
                    long end = (long) (iter[s] + 1) * rows;
                    if (filled[b] < end) {
                        return block(s, W_BUF, b, bufWait[b]);
                    }
                    if (arrived[d] + rows - release(d) > program.buffer(d).creditRows()) {
                        return block(s, W_BUF, d, bufWait[d]);
                    }
                    double start = Math.max(now, linkFree[in.core()]);
                    double t = start + (bytes(b, end) - bytes(b, end - rows)) / chip.linkBytesPerSecond()
                            + chip.linkLatencySeconds();
                    linkFree[in.core()] = t - chip.linkLatencySeconds();
                    return t;
                }
                case RECV -> {
                    int b = in.buffer();
                    long rows = bandRows(b);
                    if (arrived[b] < filled[b] + rows) {
                        return block(s, W_BUF, b, bufWait[b]);
                    }
                    return now;
                }
                case MVM, VEC -> {
                    return issueStage(s, in, now);
                }
                default -> throw new IllegalStateException("unknown opcode " + in.op());
            }
        }

        private double issueStage(int s, Instruction in, double now) {
            int u = in.unit();
            int band = iter[s];
            int bandsPerInput = totalBands[u] / batch;
            int input = band / bandsPerInput;
            int j = band - input * bandsPerInput;
            int[] readers = unitReaderIds[u];
            for (int i = 0; i < readers.length; i++) {
                int b = markBuf[readers[i]];
                long needRows = (long) input * bufRows[b] + need[u][i][j];
                if (filled[b] < needRows) {
                    return block(s, W_BUF, b, bufWait[b]);
                }
            }
            int ob = in.buffer();
            long rows = bandRows(ob);
            if (filled[ob] + rows - release(ob) > program.buffer(ob).creditRows()) {
                return block(s, W_BUF, ob, bufWait[ob]);
            }
            Node node = g.network().node(g.unit(u).nodeId());
            if (in.op() == Opcode.MVM) {
                if (missing[u] > 0) {
                    throw violation(in, now, wrongWeights(u));
                }
                return now + mvmSteps(u, node, j) * hw.mvmSeconds();
            }
            long elements = (long) node.output().channels() * node.output().width() * (image ? node.output().height() : 1);
            double start = Math.max(now, vectorFree[in.core()]);
            double end = start + elements / chip.vectorElementsPerSecond();
            vectorFree[in.core()] = end;
            return end;
        }

        /** MVM steps of band j of one input on r replicas: positions interleaved over the replicas. */
        private long mvmSteps(int u, Node node, int j) {
            int r = Math.max(1, replicas[u]);
            long w = node.output().width();
            if (image) {
                return ceilDiv(node.output().positions(), r);
            }
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
                        freeTile(tile, now);
                    }
                    wake(tileWait[tile], now);
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
                        freeTile(tile, now);
                    }
                    if (++writesDone[p] == writesPlanned[p]) {
                        programDone[p] = now;
                        wake(partWait[p], now);
                    }
                }
                case LOAD_A -> {
                    int b = in.buffer();
                    long rows = bandRows(b);
                    long before = bytes(b, filled[b]);
                    filled[b] += rows;
                    dramTraffic(p, bytes(b, filled[b]) - before);
                    refresh(b, in, now);
                    int t = program.buffer(b).tensor();
                    if (iter[s] + 1 == in.count() && lastLoadPartition[t] == p && !g.tensor(t).networkOutput()) {
                        dramLive -= (long) batch * g.tensor(t).bytes();
                    }
                    wake(bufWait[b], now);
                }
                case STORE_A -> {
                    int b = in.buffer();
                    long rows = bandRows(b);
                    long end = (long) (iter[s] + 1) * rows;
                    long bytes = bytes(b, end) - bytes(b, end - rows);
                    dramTraffic(p, bytes);
                    int t = program.buffer(b).tensor();
                    dramRows[t] += rows;
                    dramLive += bytes;
                    dramPeak = Math.max(dramPeak, dramLive);
                    setMark(streamReader[s][pc[s]], end, in, now);
                }
                case SEND -> {
                    int b = in.buffer();
                    long rows = bandRows(b);
                    arrived[in.peer()] += rows;
                    wake(bufWait[in.peer()], now);
                    setMark(streamReader[s][pc[s]], (long) (iter[s] + 1) * rows, in, now);
                }
                case RECV -> {
                    int b = in.buffer();
                    filled[b] += bandRows(b);
                    refresh(b, in, now);
                    wake(bufWait[b], now);
                }
                case MVM, VEC -> completeStage(s, in, now);
                default -> {
                }
            }
        }

        private void completeStage(int s, Instruction in, double now) {
            int u = in.unit();
            int band = iter[s];
            int bandsPerInput = totalBands[u] / batch;
            int input = band / bandsPerInput;
            int j = band - input * bandsPerInput;
            int ob = in.buffer();
            filled[ob] += bandRows(ob);
            refresh(ob, in, now);
            int[] readers = unitReaderIds[u];
            for (int i = 0; i < readers.length; i++) {
                int b = markBuf[readers[i]];
                setMark(readers[i], (long) input * bufRows[b] + release[u][i][j], in, now);
            }
            if (in.op() == Opcode.MVM) {
                Unit unit = g.unit(u);
                Node node = g.network().node(unit.nodeId());
                long positions = image ? node.output().positions() : node.output().width();
                int p = in.partition();
                partMvmJ[p] += (double) positions * unit.crossbars() * hw.mvmJoulesPerCrossbarStep();
                partBusy[p] += (double) positions * unit.crossbars() * hw.mvmSeconds();
            }
            bandsDone[u]++;
            if (functional != null && j == bandsPerInput - 1) {
                functional.compute(program, u, input, input % Math.max(1, replicas[u]), in, now);
            }
            wake(bufWait[ob], now);
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
                wake(bufWait[b], now);
            }
        }

        private long release(int b) {
            return bufReaders[b].length == 0 ? Math.max(filled[b], arrived[b]) : minRel[b];
        }

        /** Re-counts a buffer's occupied bytes and checks the core's capacity. */
        private void refresh(int b, Instruction in, double now) {
            long held = Math.max(filled[b], arrived[b]);
            long now0 = Math.max(0, bytes(b, held) - bytes(b, Math.min(held, release(b))));
            int core = program.buffer(b).core();
            allocate(core, now0 - occ[b], in, now);
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

        private void freeTile(int tile, double now) {
            int core = tileLoader[tile];
            if (core >= 0 && tileLoaded[tile]) {
                coreOcc[core] -= tileBytes[tile];
                pendingTiles[core]--;
                wake(coreWait[core], now);
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
                wake(partWait[p], now);
            }
        }

        private double block(int s, int kind, int arg, WaitList list) {
            waitKind[s] = kind;
            waitArg[s] = arg;
            list.add(s);
            return Double.NaN;
        }

        private void wake(WaitList list, double now) {
            for (int i = 0; i < list.n; i++) {
                push(now, list.s[i]);
            }
            list.n = 0;
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

        private void push(double t, int s) {
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

    /** Streams waiting for one condition. */
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
