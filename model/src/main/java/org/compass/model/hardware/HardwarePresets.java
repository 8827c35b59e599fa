package org.compass.model.hardware;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in chips. Every number is sourced in {@code docs/hardware.md}.
 *
 * <p>{@code compass-s/m/l} follow the COMPASS paper's setting (256x256 SRAM crossbars, 1-bit cells,
 * 4-bit weights and activations) with 8, 16 and 32 cores of 16 crossbars, sized so that SqueezeNet fits
 * on each and ResNet-18 and VGG-16 fit on none. {@code puma} uses PUMA's published core. {@code rram} is
 * compass-m's organization with multi-level RRAM cells programmed by write-verify; {@code pcm} follows IBM's
 * 64-core phase-change chip (HERMES). Every preset has a cell endurance (the compass chips' SRAM: 1e16 cycles).
 */
public final class HardwarePresets {

    /** Static power of one compass core (W). An assumption: no source gives it (docs/hardware.md). */
    static final double COMPASS_STATIC_WATTS_PER_CORE = 6.25e-3;

    /**
     * DDR4-3200 x8 energy per byte read (J/B), from DRAMsim3's DDR4_8Gb_x8_3200.ini: read burst
     * 1.2 V x (168 - 52) mA x 4 tCK x 0.625 ns x 8 devices / 64 B = 43.5 pJ/B, plus one activation
     * (4.2 nJ) per 8 KiB row = 0.5 pJ/B. Background and refresh power are not included.
     */
    static final double DDR4_3200_JOULES_PER_BYTE = 44e-12;

    /** puma-simulator include/constants.py: xbar_wr_lat = 351 us / 32 for a whole 128x128 crossbar. */
    static final double PUMA_XBAR_WRITE_SECONDS = 351e-6 / 32;

    /** puma-simulator include/constants.py: 676 nJ / 32 to write a whole crossbar. */
    static final double PUMA_XBAR_WRITE_JOULES = 676e-9 / 32;

    /** PIMCOMP-NN evaluation/EvaluationConfig.h: LOCAL_MEMORY_bandwidth = 25.6 GB/s (input preparation). */
    static final double PIMCOMP_LOCAL_MEMORY_BYTES_PER_SECOND = 25.6e9;

    /** PIMCOMP-NN evaluation/EvaluationConfig.h: BUS_bandwidth = 25.6 GB/s (between cores). */
    static final double PIMCOMP_BUS_BYTES_PER_SECOND = 25.6e9;

    /** PIMCOMP-NN evaluation/EvaluationConfig.h: VECTOR_process_bytes = 64 B per VECTOR_unit_latency = 10 ns. */
    static final double PIMCOMP_VECTOR_BYTES_PER_SECOND = 64 / 10e-9;

    /** SRAM write endurance, ITRS 2011 (Yang, Strukov and Stewart, Nat. Nanotechnol. 2013, Table 1): 1e16. */
    static final double SRAM_ENDURANCE_CYCLES = 1e16;

    /**
     * Endurance of a 4-level (2-bit) HfOx RRAM cell under an optimized operation scheme: 1e6 (Huang et al.,
     * "10^6 endurance for all 4-level resistance states in HfOx-based RRAM").
     */
    static final double RRAM_MLC_ENDURANCE_CYCLES = 1e6;

    /** PCM endurance, ITRS 2011 (Yang, Strukov and Stewart 2013, Table 1) and J. Nanomater. 2013 Table 4: 1e9. */
    static final double PCM_ENDURANCE_CYCLES = 1e9;

    /**
     * Program-and-verify iterations per row write on the non-volatile presets: 10 (assumed; NeuRRAM's Extended
     * Data Fig. 3f shows a distribution of pulses per cell without a number in the stored text).
     */
    static final int WRITE_VERIFY_ITERATIONS = 10;

    /** puma-simulator include/constants.py: xbar_ip_lat = 100 ns per input bit (1-bit DAC) for a crossbar MVM. */
    static final double PUMA_XBAR_BIT_SECONDS = 100e-9;

    /** puma-simulator include/constants.py: xbar_ip_pow = 1.37 x 2 mW for a 128x128 crossbar and peripherals. */
    static final double PUMA_XBAR_WATTS = 1.37e-3 * 2;

    /** IBM's 64-core PCM chip (Le Gallo et al. 2023): 63.1 TOPS at 9.76 TOPS/W, 8-bit one-phase MVMs. */
    static final double HERMES_OPS_PER_SECOND = 63.1e12;
    static final double HERMES_OPS_PER_JOULE = 9.76e12;

    private HardwarePresets() {
    }

    /** All presets by name, in a stable order. */
    public static Map<String, Hardware> all() {
        Map<String, Hardware> m = new LinkedHashMap<>();
        m.put("compass-s", compass("compass-s", 8));
        m.put("compass-m", compass("compass-m", 16));
        m.put("compass-l", compass("compass-l", 32));
        m.put("puma", puma(16));
        m.put("rram", rram());
        m.put("pcm", pcm());
        return m;
    }

    /** The preset with the given name. */
    public static Optional<Hardware> byName(String name) {
        return Optional.ofNullable(all().get(name));
    }

    /** A COMPASS-like SRAM compute-in-memory chip with the given number of 16-crossbar cores. */
    public static Hardware compass(String name, int cores) {
        return new Hardware(name, 256, 256, 1, 4, 4, cores, 16, 1,
                100e-9,          // 4-bit-serial MVM step; 16 nm IMC (Jia et al., JSSC 2022) at 4b inputs
                10e-9,           // one 32-byte row per write port; PIMCOMP-NN local memory 64 B / 10 ns
                25.6e9,          // DDR4-3200, one 64-bit channel: 3200 MT/s x 8 B
                5.12e-12,        // 256 bits x 20 fJ/bit SRAM write (assumed, see docs/hardware.md)
                DDR4_3200_JOULES_PER_BYTE,
                136.5e-12,       // 16,384 4b MACs x 8.33 fJ (30 TOPS/W at 8b, 16 nm, scaled by 4x4/8x8)
                COMPASS_STATIC_WATTS_PER_CORE * cores,
                16,              // every crossbar of a core starts at once (ISAAC's IMA, Jia et al.'s cores)
                PIMCOMP_LOCAL_MEMORY_BYTES_PER_SECOND,
                PIMCOMP_BUS_BYTES_PER_SECOND,
                10e-9,           // one message: a router hop of ~10 cycles at 1 GHz (assumed)
                PIMCOMP_VECTOR_BYTES_PER_SECOND,
                SRAM_ENDURANCE_CYCLES);
    }

    /** PUMA (Ankit et al., ASPLOS 2019) with the given number of tiles of 8 cores. */
    public static Hardware puma(int tiles) {
        int cores = 8 * tiles;
        return new Hardware("puma", 128, 128, 2, 16, 16, cores, 16, 1,
                2304e-9,         // MVM: (16 + 2) x 128 = 2304 cycles at 1 GHz (puma-simulator wiki)
                PUMA_XBAR_WRITE_SECONDS / 128,
                25.6e9,          // PUMA has no DRAM; same DDR4-3200 channel as compass (assumed)
                PUMA_XBAR_WRITE_JOULES / 128,
                DDR4_3200_JOULES_PER_BYTE,
                2.0 * 128 * 128 / 837e9 / 8, // 837 GOPS/s/W over one 16-bit MVMU MVM, per physical crossbar
                0.0,             // leakage is inside the 837 GOPS/s/W figure
                16,              // one MVM instruction drives both MVMUs (8 crossbars each) of a core
                PIMCOMP_LOCAL_MEMORY_BYTES_PER_SECOND,
                PIMCOMP_BUS_BYTES_PER_SECOND,
                10e-9,
                PIMCOMP_VECTOR_BYTES_PER_SECOND,
                RRAM_MLC_ENDURANCE_CYCLES); // 2-bit memristor cells, as the rram preset's
    }

    /**
     * compass-m's organization (16 cores of 16 crossbars, 256x256) with 2-bit RRAM cells written by
     * program-and-verify: each row write is {@link #WRITE_VERIFY_ITERATIONS} passes of PUMA's row write plus a
     * verify read, and each MVM is PUMA's crossbar MVM per input bit over 4 input bits.
     */
    public static Hardware rram() {
        int cores = 16;
        int rows = 256;
        return new Hardware("rram", rows, 256, 2, 4, 4, cores, 16, 1,
                4 * PUMA_XBAR_BIT_SECONDS,   // 4 input bits x 100 ns (puma-simulator xbar_ip_lat)
                WRITE_VERIFY_ITERATIONS * (PUMA_XBAR_WRITE_SECONDS / 128 + PUMA_XBAR_BIT_SECONDS),
                25.6e9,
                WRITE_VERIFY_ITERATIONS * 256 * (PUMA_XBAR_WRITE_JOULES / (128 * 128)), // 256 cells x PUMA's per cell
                DDR4_3200_JOULES_PER_BYTE,
                4 * (4 * PUMA_XBAR_BIT_SECONDS * PUMA_XBAR_WATTS), // 4 bits x 274 pJ, x 4 cells of PUMA's 128x128
                COMPASS_STATIC_WATTS_PER_CORE * cores,
                16,
                PIMCOMP_LOCAL_MEMORY_BYTES_PER_SECOND,
                PIMCOMP_BUS_BYTES_PER_SECOND,
                10e-9,
                PIMCOMP_VECTOR_BYTES_PER_SECOND,
                RRAM_MLC_ENDURANCE_CYCLES);
    }

    /**
     * IBM's 64-core phase-change chip (Le Gallo et al., Nat. Electron. 2023, arXiv 2212.02872): 64 cores of one
     * 256x256 crossbar of unit cells, each holding one analog weight; 8-bit inputs and outputs.
     */
    public static Hardware pcm() {
        double mvmOps = 2.0 * 256 * 256;
        double mvmSeconds = mvmOps / (HERMES_OPS_PER_SECOND / 64); // 133 ns: one core's share of 63.1 TOPS
        return new Hardware("pcm", 256, 256, 8, 8, 8, 64, 1, 1,
                mvmSeconds,
                WRITE_VERIFY_ITERATIONS * (100e-9 + mvmSeconds), // 100 ns PCM pulse + one MVM-time verify read
                25.6e9,
                WRITE_VERIFY_ITERATIONS * 256 * 10e-12,          // 256 cells x 10 pJ per pulse (ITRS: 2-25 pJ/bit)
                DDR4_3200_JOULES_PER_BYTE,
                mvmOps / HERMES_OPS_PER_JOULE,                  // 13.4 nJ at 9.76 TOPS/W
                0.0,             // leakage is inside the chip's TOPS/W figure (as for puma)
                1,               // one crossbar per core
                PIMCOMP_LOCAL_MEMORY_BYTES_PER_SECOND,
                PIMCOMP_BUS_BYTES_PER_SECOND,
                10e-9,
                PIMCOMP_VECTOR_BYTES_PER_SECOND,
                PCM_ENDURANCE_CYCLES);
    }
}
