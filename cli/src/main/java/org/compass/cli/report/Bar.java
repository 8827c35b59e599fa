package org.compass.cli.report;

/**
 * One bar of a timeline: an activity on one lane (a core, a group of cores or DRAM) over [start, end).
 * Any schedule can be drawn by {@link Timeline} once it is turned into bars: the v1 phase model does it in
 * {@link PhaseTimeline}; a write schedule or a simulator trace maps each of its records to one bar.
 *
 * @param lane      the row the bar is drawn in (e.g. "core 3", "DRAM"); lanes keep first-seen order
 * @param kind      what happens, which sets the colour
 * @param partition the partition it belongs to (-1 for none)
 * @param start     start time in seconds from the start of the batch
 * @param end       end time in seconds
 * @param label     tooltip text (and the label when the bar is wide enough)
 */
public record Bar(String lane, Kind kind, int partition, double start, double end, String label) {

    public Bar {
        if (!(end >= start)) {
            throw new IllegalArgumentException("bar '" + label + "' ends before it starts: " + start + " > " + end);
        }
    }

    /** What a bar stands for. */
    public enum Kind {
        /** Programming crossbars with a partition's weights. */
        WRITE("weight writes", Palette.WRITE),
        /** Matrix-vector products on crossbars. */
        COMPUTE("compute", Palette.COMPUTE),
        /** Data moved to or from DRAM. */
        DRAM("DRAM transfer", Palette.DRAM),
        /** A partition running on the simulator (its compute, transfers and vector work together). */
        SIMULATED("simulated run", Palette.SIMULATED),
        /** Nothing to do. */
        IDLE("idle", Palette.IDLE);

        private final String label;
        private final String colour;

        Kind(String label, String colour) {
            this.label = label;
            this.colour = colour;
        }

        /** Legend text. */
        public String label() {
            return label;
        }

        /** Fill colour. */
        public String colour() {
            return colour;
        }
    }
}
