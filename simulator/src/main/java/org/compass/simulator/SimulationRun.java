package org.compass.simulator;

/**
 * One run of a prepared program: where each stream is, and the opcode switch that issues and completes its
 * instructions against the run's own state (event queue, waits, buffers, core memory, weight staging,
 * crossbars, shared channels, DRAM contents, progress and accounting). It reads the {@link ProgramTables}
 * and writes nothing shared, so runs of one prepared program may go on in parallel.
 */
final class SimulationRun {
    private final ProgramTables t;
    private final UnitTables units;
    private final Program program;
    private final FunctionalModel functional;
    private final Violations violations;
    // the tables the opcode switch reads most, kept one load away
    private final Instruction[][] code;
    private final int[] bufRows;
    private final long[] bufCredit;
    private final int[] markBuf;

    // streams
    private final int[] pc;
    private final int[] iter;
    private final boolean[] inFlight;

    private final EventQueue queue;
    private final Waits waits;
    private final CoreMemory memory;
    private final BufferState buffers;
    private final WeightStaging staging;
    private final Crossbars crossbars;
    private final Channels channels;
    private final DramContents dram;
    private final Progress progress;
    private final Accounting accounting;

    SimulationRun(ProgramTables t, Violations violations, ChipModel chip, FunctionalModel functional) {
        this.t = t;
        this.units = t.units;
        this.program = t.program;
        this.functional = functional;
        this.violations = violations;
        this.code = t.code;
        this.bufRows = t.bufRows;
        this.bufCredit = t.bufCredit;
        this.markBuf = t.markBuf;
        int ns = t.code.length;
        pc = new int[ns];
        iter = new int[ns];
        inFlight = new boolean[ns];
        queue = new EventQueue();
        waits = new Waits(t, queue);
        memory = new CoreMemory(t.cores, chip.bufferBytesPerCore(), violations);
        buffers = new BufferState(t, memory, waits);
        staging = new WeightStaging(t, chip.weightLookahead(), memory, waits);
        crossbars = new Crossbars(t, violations);
        channels = new Channels(t.hw, chip, t.cores);
        dram = new DramContents(t);
        progress = new Progress(t, waits);
        accounting = new Accounting(t);
    }

    SimulationResult execute() {
        for (int s = 0; s < code.length; s++) {
            if (code[s].length == 0) {
                continue;
            }
            queue.push(0.0, s);
        }
        while (true) {
            int s = queue.next();
            if (s < 0) {
                break;
            }
            int counter = waits.counter(s);
            if (counter != Waits.C_NONE) {
                if (buffers.count(waits.arg(s), counter) < waits.threshold(s)) {
                    waits.requeue(s); // what issuing would do: wait again on the same buffer
                    continue;
                }
                waits.clearCounter(s);
            }
            step(s, queue.now());
        }
        for (int s = 0; s < code.length; s++) {
            if (pc[s] < code[s].length) {
                throw violations.deadlock(s, code[s][pc[s]], queue.now(), waits, buffers);
            }
        }
        return accounting.result(progress, dram.peak(), memory.peak());
    }

    private void step(int s, double now) {
        Instruction[] c = code[s];
        if (inFlight[s]) {
            inFlight[s] = false;
            complete(s, c[pc[s]], now);
            accounting.event();
            if (++iter[s] >= c[pc[s]].count()) {
                iter[s] = 0;
                if (++pc[s] == c.length) {
                    progress.streamFinished(c[0].partition(), now);
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
                queue.push(end, s);
                return;
            }
            // zero-time instruction (BARRIER, SYNC_W, SYNC_U, FREE_X, SYNC_PW, RECV): complete now and go on
            complete(s, in, now);
            accounting.event();
            if (++iter[s] >= in.count()) {
                iter[s] = 0;
                if (++pc[s] == c.length) {
                    progress.streamFinished(c[0].partition(), now);
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
                if (p > 0 && !progress.partitionDone(p - 1)) {
                    return waits.onPartition(s, p - 1);
                }
                return now;
            }
            case SYNC_W -> {
                if (p > 0 && !progress.partitionDone(p - 1)) {
                    return waits.onPartition(s, p - 1);
                }
                if (!progress.writesDone(p)) {
                    return waits.onPartition(s, p);
                }
                return now;
            }
            case SYNC_U -> {
                int u = in.unit();
                if (!progress.unitWritten(u)) {
                    return waits.onUnitWrites(s, u);
                }
                return now;
            }
            case FREE_X -> {
                int u = in.unit();
                if (!progress.unitDone(u)) {
                    return waits.onUnitDone(s, u);
                }
                return now;
            }
            case SYNC_PW -> {
                if (staging.loadFront(in.core()) < p) {
                    return waits.onLoads(s, in.core());
                }
                return now;
            }
            case LOAD_W -> {
                int core = in.core();
                if (in.notBefore() > now) {
                    queue.push(in.notBefore(), s); // an explicit start time: it takes the DRAM channel when due
                    return Double.NaN;
                }
                if (!staging.slotFree(core)) {
                    return waits.onSlot(s, core);
                }
                staging.issueLoad(core, p);
                return channels.dram(in.amount(), now);
            }
            case WRITE_ROWS -> {
                return issueWrite(s, in, now);
            }
            case LOAD_A -> {
                int b = in.buffer();
                long rows = t.bandRows(b);
                long end = (long) (iter[s] + 1) * rows;
                int tensor = t.bufTensor[b];
                if (!dram.holds(tensor, end)) {
                    throw violations.notInDram(in, now, end, bufRows[b], tensor);
                }
                long filled = buffers.filled(b);
                if (filled + rows - buffers.release(b) > bufCredit[b]) {
                    return waits.onBuffer(s, b, Waits.C_RELEASED, filled + rows - bufCredit[b]);
                }
                return channels.dram(t.bytes(b, filled + rows) - t.bytes(b, filled), now);
            }
            case STORE_A -> {
                int b = in.buffer();
                long rows = t.bandRows(b);
                long end = (long) (iter[s] + 1) * rows;
                if (buffers.filled(b) < end) {
                    return waits.onBuffer(s, b, Waits.C_FILLED, end);
                }
                return channels.dram(t.bytes(b, end) - t.bytes(b, end - rows), now);
            }
            case SEND -> {
                int b = in.buffer();
                int d = in.peer();
                long rows = t.bandRows(b);
                long end = (long) (iter[s] + 1) * rows;
                if (buffers.filled(b) < end) {
                    return waits.onBuffer(s, b, Waits.C_FILLED, end);
                }
                long arrived = buffers.arrived(d);
                if (arrived + rows - buffers.release(d) > bufCredit[d]) {
                    return waits.onBuffer(s, d, Waits.C_RELEASED, arrived + rows - bufCredit[d]);
                }
                return channels.send(t.bytes(b, end) - t.bytes(b, end - rows), now);
            }
            case RECV -> {
                int b = in.buffer();
                long rows = t.bandRows(b);
                long filled = buffers.filled(b);
                if (buffers.arrived(b) < filled + rows) {
                    return waits.onBuffer(s, b, Waits.C_ARRIVED, filled + rows);
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
            queue.push(in.notBefore(), s);
            return Double.NaN;
        }
        int tile = t.tile(in.unit(), in.tile());
        if (staging.awaitsLoad(tile)) {
            return waits.onTile(s, tile);
        }
        crossbars.beginWrite(in, now, progress);
        return now + in.amount() * t.hw.rowWriteSeconds();
    }

    private double issueStage(int s, Instruction in, double now) {
        int u = in.unit();
        int band = iter[s];
        int perInput = units.bandsPerInput[u];
        int input = band / perInput;
        int j = band - input * perInput;
        int[] readers = units.readerIds[u];
        for (int i = 0; i < readers.length; i++) {
            int b = markBuf[readers[i]];
            long needRows = (long) input * bufRows[b] + units.need[u][i][j];
            if (buffers.filled(b) < needRows) {
                return waits.onBuffer(s, b, Waits.C_FILLED, needRows);
            }
        }
        int ob = in.buffer();
        long rows = t.bandRows(ob);
        long filled = buffers.filled(ob);
        if (filled + rows - buffers.release(ob) > bufCredit[ob]) {
            return waits.onBuffer(s, ob, Waits.C_RELEASED, filled + rows - bufCredit[ob]);
        }
        if (in.op() == Opcode.MVM) {
            if (!crossbars.inPlace(u)) {
                throw violations.wrongWeights(in, now, u, crossbars);
            }
            return now + units.bandSeconds(u, j, t.hw.mvmSeconds());
        }
        return channels.vector(units.vectorElements[u], now);
    }

    private void complete(int s, Instruction in, double now) {
        int p = in.partition();
        switch (in.op()) {
            case LOAD_W -> {
                accounting.dramTraffic(p, in.amount());
                staging.loadDone(t.tile(in.unit(), in.tile()), in.core(), in.amount(), in, now);
            }
            case WRITE_ROWS -> {
                int slot = crossbars.endWrite(in);
                accounting.rowsWritten(p, in.amount());
                accounting.crossbarWritten(in.core(), in.crossbar(), in.amount());
                if (functional != null) {
                    functional.write(program, slot, crossbars.index(in));
                }
                staging.written(t.tile(in.unit(), in.tile()));
                progress.written(in.unit(), p, now);
            }
            case LOAD_A -> {
                int b = in.buffer();
                long before = t.bytes(b, buffers.filled(b));
                buffers.fill(b, t.bandRows(b));
                accounting.dramTraffic(p, t.bytes(b, buffers.filled(b)) - before);
                if (t.tensorKv[t.bufTensor[b]]) {
                    accounting.kvRead(t.bytes(b, buffers.filled(b)) - before);
                }
                buffers.refresh(b, in, now);
                dram.loaded(t.bufTensor[b], p, buffers.filled(b) % bufRows[b] == 0);
                buffers.changed(b);
            }
            case STORE_A -> {
                int b = in.buffer();
                long rows = t.bandRows(b);
                long end = (long) (iter[s] + 1) * rows;
                long bytes = t.bytes(b, end) - t.bytes(b, end - rows);
                accounting.dramTraffic(p, bytes);
                if (t.tensorKv[t.bufTensor[b]]) {
                    accounting.kvWritten(bytes);
                }
                dram.stored(t.bufTensor[b], rows, bytes);
                buffers.setMark(t.streamReader[s][pc[s]], end, in, now);
            }
            case SEND -> {
                long rows = t.bandRows(in.buffer());
                buffers.arrive(in.peer(), rows);
                buffers.changed(in.peer());
                buffers.setMark(t.streamReader[s][pc[s]], (long) (iter[s] + 1) * rows, in, now);
            }
            case RECV -> {
                int b = in.buffer();
                buffers.fill(b, t.bandRows(b));
                buffers.refresh(b, in, now);
                buffers.changed(b);
            }
            case MVM, VEC -> completeStage(s, in, now);
            default -> {
            }
        }
    }

    private void completeStage(int s, Instruction in, double now) {
        int u = in.unit();
        int band = iter[s];
        int perInput = units.bandsPerInput[u];
        int input = band / perInput;
        int j = band - input * perInput;
        int ob = in.buffer();
        buffers.fill(ob, t.bandRows(ob));
        buffers.refresh(ob, in, now);
        int[] readers = units.readerIds[u];
        for (int i = 0; i < readers.length; i++) {
            int b = markBuf[readers[i]];
            buffers.setMark(readers[i], (long) input * bufRows[b] + units.release[u][i][j], in, now);
        }
        if (in.op() == Opcode.MVM) {
            accounting.mvm(in.partition(), units.bandMvmJoules[u], units.bandBusySeconds[u]);
        }
        progress.bandDone(u);
        if (functional != null && j == perInput - 1) {
            functional.compute(program, u, input, input % Math.max(1, units.replicas[u]), in, now);
        }
        buffers.changed(ob);
    }
}
