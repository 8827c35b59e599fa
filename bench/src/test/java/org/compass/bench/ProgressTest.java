package org.compass.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The benchmark scripts' output (issue 17 follow-up): a progress line per case on standard error, and no colour
 * codes in what they print, Maven's included.
 */
class ProgressTest {

    private static final Path BENCH = Files.isDirectory(Path.of("../bench")) ? Path.of("../bench") : Path.of("bench");

    @Test
    void oneLinePerCaseCountingToTheTotal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress("reproduce-paper", 3, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        p.done("vgg16 on compass-s, batch 16, throughput: greedy, layerwise, ga, dp");
        p.done("b");
        p.done("c");
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("reproduce-paper: \\[1/3] vgg16 on compass-s, batch 16, throughput: greedy,"
                + " layerwise, ga, dp in \\S+ \\S*s \\(\\S+ \\S*s so far, about \\S+ \\S+ left\\)"), lines.get(0));
        assertTrue(lines.get(2).matches("reproduce-paper: \\[3/3] c in \\S+ \\S*s \\(\\S+ \\S*s so far\\)"), lines.get(2));
        assertEquals(3, p.done());
        assertFalse(bytes.toString(StandardCharsets.UTF_8).contains("\u001b"), "no colour codes");
    }

    /** The case counts the tools announce are the cases they run (their loops read the same arrays). */
    @Test
    void theTotalsCountTheCases() {
        assertEquals(59, ReproducePaper.CASES);
        assertEquals(34, LlmSweep.CASES);
    }

    /** Every script builds through bench/lib.sh, which keeps Maven's colour codes out of the output. */
    @Test
    void scriptsBuildThroughTheSharedQuietBuild() throws IOException {
        List<Path> scripts;
        try (Stream<Path> s = Files.list(BENCH)) {
            scripts = s.filter(p -> p.toString().endsWith(".sh") && !p.getFileName().toString().equals("lib.sh"))
                    .sorted().toList();
        }
        assertTrue(scripts.size() >= 5, scripts.toString());
        for (Path script : scripts) {
            String text = Files.readString(script);
            assertTrue(text.contains(". bench/lib.sh"), script + " sources bench/lib.sh");
            for (String line : text.lines().toList()) {
                assertFalse(line.trim().startsWith("mvn ") || line.contains("&& mvn ") || line.contains("(mvn "),
                        script + " runs Maven itself: " + line);
            }
        }
    }

    @Test
    void stripColourRemovesEscapeSequences() throws Exception {
        Process p = new ProcessBuilder("bash", "-c", ". " + BENCH.resolve("lib.sh") + " && printf '\\033[1mbuilt\\033[0m"
                + " \\033[0m\\033[0mok\\n' | strip_colour").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals("built ok\n", out);
    }
}
