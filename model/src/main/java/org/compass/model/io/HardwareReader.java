package org.compass.model.io;

import java.util.List;
import org.compass.model.hardware.Hardware;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.network.SizeLimits;
import org.compass.model.InputException;

/**
 * Reads a chip: a preset name, or a mapping {@code {preset: name, field: value, ...}} that overrides the
 * preset field by field (keys in {@code docs/hardware.md}; times in ns, energies in pJ, power in mW).
 */
final class HardwareReader {

    static final List<String> FIELDS = List.of("preset", "name", "crossbar_rows", "crossbar_cols", "cell_bits",
            "weight_bits", "activation_bits", "cores", "crossbars_per_core", "write_ports_per_core", "mvm_ns",
            "row_write_ns", "dram_gbps", "row_write_pj", "dram_pj_per_byte", "mvm_pj", "static_mw",
            "mvm_issue_per_core", "local_memory_gbps", "link_gbps", "link_latency_ns", "vector_gbps",
            "endurance_cycles");

    /** Rows or columns of one crossbar (2^20; built crossbars have 64 to 1,024). */
    static final int MAX_CROSSBAR_SIDE = 1 << 20;

    private HardwareReader() {
    }

    static Hardware preset(String file, String field, String name) {
        return HardwarePresets.byName(name).orElseThrow(() -> InputException.choice(file, field,
                "a hardware preset (" + String.join(", ", HardwarePresets.all().keySet()) + ")",
                HardwarePresets.all().keySet(), name));
    }

    static Hardware read(String file, String field, Object value) {
        if (value == null) {
            return HardwarePresets.byName("compass-m").orElseThrow();
        }
        if (!(value instanceof java.util.Map)) {
            return preset(file, field, String.valueOf(value));
        }
        YamlFields f = YamlFields.of(file, field, value);
        f.rejectUnknown(FIELDS);
        Hardware base = preset(file, f.pathOf("preset"), f.string("preset", "compass-m"));
        boolean changed = f.keys().stream().anyMatch(k -> !k.equals("preset") && !k.equals("name"));
        String name = f.string("name", changed ? base.name() + "*" : base.name());
        int weightBits = f.intInRange("weight_bits", base.weightBits(), 1, SizeLimits.BITS);
        int cellBits = f.intInRange("cell_bits", base.cellBits(), 1, SizeLimits.BITS);
        if (cellBits > weightBits) {
            throw InputException.field(file, f.pathOf("cell_bits"), "at most weight_bits (" + weightBits
                    + "): a weight spans ceil(weight_bits / cell_bits) cells", cellBits);
        }
        int cores = f.positiveInt("cores", base.cores());
        int perCore = f.positiveInt("crossbars_per_core", base.crossbarsPerCore());
        int ports = f.positiveInt("write_ports_per_core", base.writePortsPerCore());
        checkProduct(f, "crossbars_per_core", cores, perCore, "crossbars");
        checkProduct(f, "write_ports_per_core", cores, ports, "write ports");
        return new Hardware(name,
                f.intInRange("crossbar_rows", base.crossbarRows(), 1, MAX_CROSSBAR_SIDE),
                f.intInRange("crossbar_cols", base.crossbarCols(), 1, MAX_CROSSBAR_SIDE),
                cellBits,
                weightBits,
                f.intInRange("activation_bits", base.activationBits(), 1, SizeLimits.BITS),
                cores,
                perCore,
                ports,
                positive(f, "mvm_ns", base.mvmSeconds(), 1e-9),
                positive(f, "row_write_ns", base.rowWriteSeconds(), 1e-9),
                positive(f, "dram_gbps", base.dramBytesPerSecond(), 1e9),
                nonNegative(f, "row_write_pj", base.rowWriteJoules(), 1e-12),
                nonNegative(f, "dram_pj_per_byte", base.dramJoulesPerByte(), 1e-12),
                nonNegative(f, "mvm_pj", base.mvmJoulesPerCrossbarStep(), 1e-12),
                nonNegative(f, "static_mw", base.staticWatts(), 1e-3),
                f.positiveInt("mvm_issue_per_core", base.mvmIssuePerCore()),
                positive(f, "local_memory_gbps", base.localMemoryBytesPerSecond(), 1e9),
                positive(f, "link_gbps", base.linkBytesPerSecond(), 1e9),
                nonNegative(f, "link_latency_ns", base.linkLatencySeconds(), 1e-9),
                positive(f, "vector_gbps", base.vectorBytesPerSecond(), 1e9),
                positive(f, "endurance_cycles", base.enduranceCycles(), 1));
    }

    /** cores x per-core count must fit an int (the chip's crossbars and write ports are counted in ints). */
    private static void checkProduct(YamlFields f, String key, int cores, int perCore, String what) {
        long total = (long) cores * perCore;
        if (total > Integer.MAX_VALUE) {
            throw new InputException(f.file() + ": field '" + f.pathOf(key) + "': cores x " + key + " = "
                    + cores + " x " + perCore + " = " + String.format("%,d", total) + " " + what
                    + "; expected at most 2,147,483,647 " + what + " on the chip");
        }
    }

    // Scales only fields that are given, so preset values stay bit-identical.
    private static double positive(YamlFields f, String key, double base, double unit) {
        return f.has(key) ? f.positiveNumber(key, 0) * unit : base;
    }

    private static double nonNegative(YamlFields f, String key, double base, double unit) {
        return f.has(key) ? f.nonNegativeNumber(key, 0) * unit : base;
    }
}
