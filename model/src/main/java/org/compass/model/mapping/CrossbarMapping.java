package org.compass.model.mapping;

/**
 * How one weighted layer (or one column slice of it) occupies crossbars.
 *
 * @param rows              K: rows of the weight matrix (per group for grouped convolution)
 * @param cols              M: output channels mapped
 * @param bitSlices         columns per weight
 * @param rowTiles          crossbars stacked along K for one column tile
 * @param colTiles          column tiles (for packed grouped layers: crossbars holding groups)
 * @param outputsPerColTile output channels one column tile holds
 * @param groupsPerCrossbar groups packed block-diagonally in one crossbar (1 for dense layers)
 * @param crossbars         crossbars needed for one replica
 * @param rowsWritten       crossbar rows programmed for one replica
 * @param mvmSteps          MVM steps for one input
 */
public record CrossbarMapping(long rows, long cols, int bitSlices, int rowTiles, int colTiles,
                              int outputsPerColTile, int groupsPerCrossbar, int crossbars,
                              long rowsWritten, long mvmSteps) {
}
