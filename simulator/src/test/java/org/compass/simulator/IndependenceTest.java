package org.compass.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The simulator is an independent checker: its main sources never use the cost model or its helpers. */
class IndependenceTest {

    @Test
    void mainSourcesDoNotUseTheCostModel() throws IOException {
        Path root = Path.of("src", "main", "java");
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertFalse(files.isEmpty(), "no sources found under " + root.toAbsolutePath());
        List<String> forbidden = List.of("CostModel", "ReplicationChooser", "PartitionCost", "PartitionLoad",
                "Evaluation", "org.compass.formulations");
        List<String> hits = files.stream().flatMap(f -> {
            try {
                String text = Files.readString(f);
                return forbidden.stream().filter(text::contains).map(w -> f.getFileName() + " uses " + w);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
        assertEquals(List.of(), hits);
    }
}
