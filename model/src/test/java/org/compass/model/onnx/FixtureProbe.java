package org.compass.model.onnx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.compass.model.network.Network;
import org.compass.model.network.Node;
import org.compass.model.zoo.Zoo;
import org.junit.jupiter.api.Test;

class FixtureProbe {
    @Test
    void probe() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/onnx"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".onnx")).sorted().toList()) {
                String name = f.getFileName().toString().replace(".onnx", "");
                try {
                    long t = System.nanoTime();
                    Network n = OnnxImporter.read(f, null);
                    Network z = Zoo.build(name).orElseThrow();
                    System.out.printf("%-14s nodes %4d weighted %3d/%3d macs %,d zoo %,d params %,d zoo %,d  %d ms%n", name, n.size(),
                        n.weightedNodes().size(), z.weightedNodes().size(), n.macs(), z.macs(), n.parameters(), z.parameters(), (System.nanoTime() - t) / 1000000);
                    var a = n.weightedNodes();
                    var b = z.weightedNodes();
                    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                        Node x = a.get(i), y = b.get(i);
                        if (x.weightRows() != y.weightRows() || x.weightCols() != y.weightCols() || x.mvmSteps() != y.mvmSteps()) {
                            System.out.println("  first diff at " + i + ": " + x.name() + " " + x.weightRows() + "x" + x.weightCols() + " s" + x.mvmSteps()
                                + " vs " + y.name() + " " + y.weightRows() + "x" + y.weightCols() + " s" + y.mvmSteps());
                            break;
                        }
                    }
                    if (System.getenv("DUMP") != null && name.equals(System.getenv("DUMP"))) {
                        n.nodes().forEach(x -> System.out.println("   " + x.id() + " " + x.name() + " " + x.kind() + " " + x.inputs() + " " + x.output() + " " + x.activation() + " b=" + x.bias()));
                    }
                } catch (RuntimeException e) {
                    System.out.println(name + ": " + e);
                }
            }
        }
    }
}
