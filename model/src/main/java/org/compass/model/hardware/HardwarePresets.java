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

    /** Static power of one compass core (W). */
    static final double COMPASS_STATIC_WATTS_PER_CORE = 6.25e-3;

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
                100e-9,          // one 4-bit-serial MVM step
                10e-9,           // one row programmed
                25.6e9,          // DDR4-3200, one 64-bit channel
                5.12e-12,        // 256 cells x 20 fJ per SRAM bit write
                120e-12,         // 15 pJ/bit DDR4 access
                327.68e-12,      // 16,384 4b MACs at 100 TOPS/W
                COMPASS_STATIC_WATTS_PER_CORE * cores);
    }

    /** PUMA (Ankit et al., ASPLOS 2019) with the given number of tiles of 8 cores. */
    public static Hardware puma(int tiles) {
        int cores = 8 * tiles;
        return new Hardware("puma", 128, 128, 2, 16, 16, cores, 16, 1,
                2304e-9,         // MVM: 2304 cycles at 1 GHz
                11e-6 / 128,     // about 11 us to write a whole 128-row crossbar
                25.6e9,
                128 * 2 * 1e-12 * 0.5,
                120e-12,
                43.97e-9 / 8,    // MVMU energy per 16-bit MVM over its 8 bit-slice crossbars
                0.0);
    }
}
