package org.compass.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.compass.model.hardware.Hardware;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.problem.PipelineMode;

/**
 * The tables of one program that do not depend on the run: instruction streams, buffers and their readers,
 * units ({@link UnitTables}), weight tiles, partitions' planned counts and the tensors' DRAM footprint. Built
 * once by {@link Simulator#prepare} and never written after, so that any number of runs, also concurrent
 * ones, can share them; a run copies the {@code initial...} tables into its own counters.
 */
final class ProgramTables {
    final Program program;
    final MappedGraph g;
    final Hardware hw;
    final int batch;
    final boolean image;
    final int perCore;
    final int cores;

    // streams
    final Instruction[][] code;
    final String[] streamName;
    /** Reader id of each SEND and STORE_A (by stream and position), else -1. */
    final int[][] streamReader;

    // buffers
    final int nb;
    final int[] bufRows;
    final long[] bufBytes;
    final int[] bufTensor;
    final int[] bufCore;
    final long[] bufCredit;
    /** Reader ids of each buffer. */
    final int[][] bufReaders;
    final int readerCount;
    /** Buffer of each reader id. */
    final int[] markBuf;

    // units
    final UnitTables units;

    // crossbars and tiles (a tile is one tile of one unit's layout, whatever the replica: tileBase[u] + tile)
    final int contentStride;
    final int[] tileBase;
    /** Crossbar slots of each unit (replicas x tiles) that must hold their tile before it may compute. */
    final int[] initialMissing;
    /** Writes of each tile, or -1 for a tile no write uses (still loaded once). */
    final int[] initialTileWrites;
    final long[] tileBytes;
    /** Core whose LOAD_W stages each tile, or -1 when no load does. */
    final int[] tileLoader;

    // partitions
    final int parts;
    final int[] initialStreams;
    final int[] writesPlanned;
    final int[] unitWritesPlanned;
    final int[][] loadsPlanned;

    // DRAM contents
    final long[] tensorBytes;
    final boolean[] tensorKept;
    final boolean[] tensorKv;
    final long[] initialDramRows;
    final int[] lastLoadPartition;
    final long initialDramLive;

    ProgramTables(Program program) {
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
        units = new UnitTables(program, hw, batch, image);
        initialMissing = new int[n];
        Placement pl = program.placement();
        tileBase = new int[n + 1];
        for (int u = 0; u < n; u++) {
            TileLayout l = pl.layouts().get(u);
            tileBase[u + 1] = tileBase[u] + (l == null ? 0 : l.tiles().size());
            if (l != null) {
                initialMissing[u] = units.replicas[u] * l.tiles().size();
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
        tensorKept = new boolean[nt];
        tensorKv = new boolean[nt];
        initialDramRows = new long[nt];
        lastLoadPartition = new int[nt];
        Arrays.fill(lastLoadPartition, -1);
        long live = 0;
        for (var t : g.tensors()) {
            tensorBytes[t.id()] = t.bytes();
            tensorKept[t.id()] = t.keptInDram();   // network outputs and the KV cache stay
            tensorKv[t.id()] = t.kvCache();
            if (t.producer() < 0) {
                initialDramRows[t.id()] = (long) batch * Geometry.rows(g, t.id());
                live += batch * t.bytes();
            }
        }
        initialDramLive = live;

        ReaderIds readers = new ReaderIds(nb);
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
                    case MVM, VEC -> units.setUp(in.unit(), readers, bufRows);
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

    /** Rows of buffer b that one band moves: a row in the row pipeline, a whole input in the image pipeline. */
    long bandRows(int b) {
        return image ? bufRows[b] : 1;
    }

    /** Bytes of the first {@code rows} rows of a buffer's tensor over the batch (exact sums). */
    long bytes(int b, long rows) {
        long h = bufRows[b];
        long whole = rows / h;
        return whole * bufBytes[b] + (rows - whole * h) * bufBytes[b] / h;
    }

    /** Index of a tile of a unit in the tile tables. */
    int tile(int unit, int tile) {
        return tileBase[unit] + tile;
    }
}
