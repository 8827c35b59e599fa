package org.compass.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.compass.model.hardware.Hardware;
import org.compass.model.hardware.HardwarePresets;
import org.junit.jupiter.api.Test;

/** The shared resources alone: each reserved first come, first served, busy until its work ends. */
class ChannelsTest {

    private final Hardware hw = HardwarePresets.byName("compass-s").orElseThrow();
    private final ChipModel chip = ChipModel.defaults(hw);

    @Test
    void theDramChannelServesOneTransferAtATime() {
        Channels c = new Channels(hw, chip, hw.cores());
        double one = 1_000_000 / hw.dramBytesPerSecond();
        assertEquals(one, c.dram(1_000_000, 0), 1e-15);
        // a second transfer issued at 0 waits for the first
        assertEquals(2 * one, c.dram(1_000_000, 0), 1e-15);
        // one issued after the channel is free starts at once
        assertEquals(5 + one, c.dram(1_000_000, 5), 1e-12);
    }

    @Test
    void sendsTakeTheFirstFreeLinkAndArriveALatencyAfterTheirLastByte() {
        Channels c = new Channels(hw, chip, 2);
        double wire = 1000 / chip.linkBytesPerSecond();
        double latency = chip.linkLatencySeconds();
        assertEquals(wire + latency, c.send(1000, 0), 1e-15);
        assertEquals(wire + latency, c.send(1000, 0), 1e-15); // the second link
        assertEquals(2 * wire + latency, c.send(1000, 0), 1e-15); // both busy until wire
    }

    @Test
    void vectorWorkIsSplitOverEveryCoresVectorUnitAndQueues() {
        Channels c = new Channels(hw, chip, hw.cores());
        double t = 1e6 / (chip.vectorElementsPerSecond() * hw.cores());
        assertEquals(t, c.vector(1e6, 0), 1e-15);
        assertEquals(2 * t, c.vector(1e6, 0), 1e-15);
    }
}
