package org.compass.model.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.compass.model.hardware.Hardware;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.io.ProblemReader;
import org.compass.model.network.Network;
import org.compass.model.problem.Problem;
import org.compass.model.problem.ResidentMode;
import org.compass.model.zoo.Decoders;
import org.junit.jupiter.api.Test;

/** {@code slice_crossbars}: column slices of at most N crossbars (docs/cost-model.md, "Resident weights"). */
class SliceLimitTest {

    @Test
    void gpt2sLayersSplitIntoSlicesOfAtMostTheLimit() {
        Network n = Decoders.decode(Decoders.configuration("gpt2").orElseThrow(), 16);
        Hardware chip = HardwarePresets.byName("compass-l").orElseThrow();
        MappedGraph whole = MappedGraph.build(n, chip);
        MappedGraph fine = MappedGraph.build(n, chip, 64);
        // the same crossbars, rows and weights in all, cut differently
        assertEquals(whole.crossbarsNeeded(), fine.crossbarsNeeded());
        assertEquals(whole.units().stream().mapToLong(Unit::rowsWritten).sum(),
                fine.units().stream().mapToLong(Unit::rowsWritten).sum());
        assertEquals(whole.units().stream().mapToLong(Unit::weights).sum(),
                fine.units().stream().mapToLong(Unit::weights).sum());
        // the LM head (768 x 50,257: 3 row tiles x 786 column tiles) fills the chip in 5 slices by default, in
        // slices of 21 column tiles (63 crossbars) under a limit of 64
        assertEquals(5, whole.units().stream().filter(u -> u.name().startsWith("lm_head#")).count());
        assertEquals(38, fine.units().stream().filter(u -> u.name().startsWith("lm_head#")).count());
        assertTrue(fine.units().stream().allMatch(u -> u.crossbars() <= 64), "every unit within the limit");
        // 0 and a limit of the chip or more are the default mapping
        assertEquals(whole.size(), MappedGraph.build(n, chip, 0).size());
        assertEquals(whole.size(), MappedGraph.build(n, chip, 100_000).size());
    }

    @Test
    void aProblemFileSetsTheLimitAndResidentWeights() {
        Problem p = ProblemReader.parse(Path.of("p.yaml"), "network: gpt2\nhardware: compass-l\nphase: decode\n"
                + "context: 16\nslice_crossbars: 64\nresident: auto\n");
        assertEquals(64, p.sliceCrossbars());
        assertEquals(ResidentMode.AUTO, p.resident());
        assertTrue(p.graph().units().stream().allMatch(u -> u.crossbars() <= 64));
        // both survive a change of chip (re-mapped with the limit)
        Problem q = p.withHardware(HardwarePresets.byName("rram").orElseThrow());
        assertEquals(64, q.sliceCrossbars());
        assertEquals(ResidentMode.AUTO, q.resident());
        assertTrue(q.graph().units().stream().allMatch(u -> u.crossbars() <= 64));
    }
}
