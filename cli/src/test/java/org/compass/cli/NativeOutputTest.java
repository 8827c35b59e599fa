package org.compass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 16, item 2: native solver code writes to the process's file descriptor 1, past {@code System.out},
 * so only a separate JVM sees it. Each MIP back-end's {@code --json -} must be the JSON document alone (CBC
 * used to print "No match for threads" there).
 */
class NativeOutputTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cbc", "highs", "scip"})
    void jsonOnStandardOutputIsTheDocumentAlone(String backend) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "--enable-native-access=ALL-UNNAMED", "-Xss8m",
                "-cp", System.getProperty("java.class.path"), CompassSolve.class.getName(),
                CompassSolveTest.repoFile("problems/squeezenet.yaml").toString(), "-f", "mip", "--backend", backend, "--cost-model", "v1",
                "--threads", "2", "-t", "5", "--json", "-", "--no-baselines"));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("compass-solve did not finish in 120 s");
        }
        assertEquals(0, p.exitValue(), Files.readString(err));
        String text = Files.readString(out);
        // the whole of standard output parses as one JSON document, with nothing before or after it
        assertEquals("OPTIMAL", JsonReader.tree(text).path("status").asText(), text);
        assertFalse(text.contains("No match"), text);
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
