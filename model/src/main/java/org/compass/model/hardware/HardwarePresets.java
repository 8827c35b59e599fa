package org.compass.model.hardware;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in chips. Every number is sourced in {@code docs/hardware.md}.
 *
 * <p>{@code compass-s/m/l} follow the COMPASS paper's setting (256x256 SRAM crossbars, 1-bit cells,
 * 4-bit weights and activations) with 8, 16 and 32 cores of 16 crossbars, sized so that SqueezeNet fits
 * on each and ResNet-18 and VGG-16 fit on none. {@code puma} uses PUMA's published core.
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

    private HardwarePresets() {
    }

    /** All presets by name, in a stable order. */
    public static Map<String, Hardware> all() {
        Map<String, Hardware> m = new LinkedHashMap<>();
        m.put("compass-s", compass("compass-s", 8));
        m.put("compass-m", compass("compass-m", 16));
        m.put("compass-l", compass("compass-l", 32));
        m.put("puma", puma(16));
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
                PIMCOMP_VECTOR_BYTES_PER_SECOND);
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
                PIMCOMP_VECTOR_BYTES_PER_SECOND);
    }
}
