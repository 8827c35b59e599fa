package org.compass.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.compass.model.hardware.HardwarePresets;
import org.compass.model.mapping.MappedGraph;
import org.compass.model.zoo.Zoo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The DAG picture's layout, checked without drawing: boxes inside the page, apart, in rank order. */
class DagLayoutTest {

    private static final double WIDTH = 1240;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"squeezenet1_0", "resnet18", "vgg16"})
    void boxesStayInsideThePageApartAndInRankOrder(String network) {
        MappedGraph g = MappedGraph.build(Zoo.build(network).orElseThrow(),
                HardwarePresets.byName("compass-m").orElseThrow());
        int[] part = new int[g.size()];
        for (int u = 0; u < g.size(); u++) {
            part[u] = u * 3 / g.size();
        }
        int[] rep = new int[g.size()];
        Arrays.fill(rep, 1);
        DagDiagram.Layout layout = DagDiagram.layout(g, part, rep, 3, WIDTH);

        assertEquals(g.size(), Arrays.stream(layout.boxOfUnit()).distinct().count(), "one box per unit");
        List<List<DagDiagram.Box>> columns = new ArrayList<>();
        for (DagDiagram.Box b : layout.boxes()) {
            while (columns.size() <= b.rank()) {
                columns.add(new ArrayList<>());
            }
            columns.get(b.rank()).add(b);
            double x = b.xy()[0];
            double y = b.xy()[1];
            assertTrue(x >= 0 && x + b.w() <= WIDTH, b.name() + " inside the page: x " + x);
            int row = layout.rowOf()[b.rank()];
            double h = b.h() * layout.scale()[b.rank()];
            assertTrue(y >= layout.rowTop()[row] - 1e-9
                    && y + h <= layout.rowTop()[row] + layout.rowHeights().get(row) + 1e-9, b.name() + " inside its row");
            assertTrue(y + h <= layout.height(), b.name() + " above the bottom");
        }
        for (int r = 0; r < columns.size(); r++) {
            List<DagDiagram.Box> col = new ArrayList<>(columns.get(r));
            col.sort((a, b) -> Double.compare(a.xy()[1], b.xy()[1]));
            for (int i = 1; i < col.size(); i++) {
                DagDiagram.Box above = col.get(i - 1);
                assertTrue(above.xy()[1] + above.h() * layout.scale()[r] <= col.get(i).xy()[1] + 1e-9,
                        above.name() + " and " + col.get(i).name() + " do not overlap");
            }
            // within a row, each column is right of the one before
            if (r > 0 && layout.rowOf()[r] == layout.rowOf()[r - 1] && !col.isEmpty() && !columns.get(r - 1).isEmpty()) {
                double rightOfPrevious = columns.get(r - 1).stream().mapToDouble(b -> b.xy()[0] + b.w()).max().orElseThrow();
                double left = col.stream().mapToDouble(b -> b.xy()[0]).min().orElseThrow();
                assertTrue(left > rightOfPrevious, "rank " + r + " right of rank " + (r - 1));
            }
        }
        for (int i = 1; i < layout.rowTop().length; i++) {
            assertTrue(layout.rowTop()[i] >= layout.rowTop()[i - 1] + layout.rowHeights().get(i - 1), "rows stacked");
        }
    }
}
