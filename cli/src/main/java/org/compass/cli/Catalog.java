package org.compass.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.compass.cli.format.Units;
import org.compass.model.hardware.Hardware;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.mapping.LayerTooLargeException;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.network.Network;
import org.compass.model.zoo.Zoo;
import org.compass.model.zoo.ZooEntry;
import org.compass.solver.FormulationRegistry;

/** Prints what is built in: the zoo, the hardware presets, the formulations. */
final class Catalog {

    private Catalog() {
    }

    static void networks(PrintWriter out) {
        Map<String, Hardware> presets = HardwarePresets.all();
        List<String> header = new ArrayList<>(List.of("network", "parameter", "nodes", "weights", "MACs"));
        for (String p : presets.keySet()) {
            header.add("xbars " + p);
        }
        TextTable t = new TextTable(header.toArray(String[]::new));
        for (ZooEntry e : Zoo.entries()) {
            Network n = Zoo.build(e.name()).orElseThrow();
            List<Object> row = new ArrayList<>(List.of(e.name(), e.parameter() + " " + e.defaultValue(),
                    Units.count(n.size()),
                    Units.count(n.crossbarWeights()), Units.count(n.macs())));
            for (Hardware hw : presets.values()) {
                row.add(crossbars(n, hw));
            }
            t.row(row.toArray());
        }
        out.println("Built-in networks (crossbars needed to hold every layer once)");
        out.print(t.render());
        out.println("'!' = more crossbars than the chip has: the network is partitioned; '-' = a layer does not fit"
                + " on the chip even alone: no plan exists on that chip");
        // the short names were accepted but listed nowhere (a trial found them by accident)
        out.println("short names: " + String.join(", ", org.compass.model.zoo.Zoo.shortNames().entrySet().stream()
                .map(e -> e.getKey() + " = " + e.getValue()).toList()));
    }

    private static String crossbars(Network n, Hardware hw) {
        try {
            MappedGraph g = MappedGraph.build(n, hw);
            return Units.count(g.crossbarsNeeded()) + (g.fitsOnChip() ? "" : "!");
        } catch (LayerTooLargeException e) {
            // a number-like mark, so that the column stays right-aligned; the legend says what it means
            return "-";
        }
    }

    static void hardware(PrintWriter out) {
        TextTable t = new TextTable("preset", "cores", "xbars", "xbar", "cell/weight/act bits", "MVM", "row write",
                "DRAM", "static", "endurance");
        for (Hardware hw : HardwarePresets.all().values()) {
            t.row(hw.name(), Units.count(hw.cores()), Units.count(hw.crossbars()), hw.crossbarRows() + "x" + hw.crossbarCols(),
                    hw.cellBits() + "/" + hw.weightBits() + "/" + hw.activationBits(), Units.seconds(hw.mvmSeconds()),
                    Units.seconds(hw.rowWriteSeconds()), Units.bytes(hw.dramBytesPerSecond()) + "/s",
                    Units.si(hw.staticWatts(), "W"), Units.cycles(hw.enduranceCycles()));
        }
        out.println("Hardware presets (sources: docs/hardware.md)");
        out.print(t.render());
    }

    static void formulations(PrintWriter out, FormulationRegistry registry) {
        TextTable t = new TextTable("formulation", "exact", "spaces", "what");
        registry.all().forEach(f -> t.row(f.name(), f.exact() ? "yes" : "no",
                String.join(",", f.spaces().stream().map(s -> s.label()).sorted().toList()), f.description()));
        out.println("Formulations");
        out.print(t.render());
    }
}
