package org.compass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, item 1: Ctrl-C (SIGINT) or SIGTERM during a solve stops it, prints the best plan so far FEASIBLE,
 * writes {@code --json} and {@code --report}, and exits 130 (143 for SIGTERM). Signals reach only a separate
 * process, so each case starts compass-solve in its own JVM and signals its pid directly.
 */
class InterruptTest {

    @TempDir
    Path dir;

    /** A CP-SAT solve (the epsilon-constraint sweep for EDP on ResNet-152, about a minute) used to abort the JVM. */
    @Test
    void sigintDuringCpSatKeepsTheBestPlanAndExits130() throws Exception {
        Path json = dir.resolve("r.json");
        Path report = dir.resolve("r.html");
        Solve s = start(CompassSolveTest.repoFile("problems/resnet.yaml").toString(), "-n", "resnet152", "-o", "edp",
                "-f", "cpsat", "--space", "dag", "-t", "60", "--json", json.toString(), "--report", report.toString());
        // signalled once CP-SAT runs: the graph is built and the sweep has started
        s.awaitError("cpsat: dag graph", 60);
        Thread.sleep(1500);
        s.signal("INT");
        assertEquals(130, s.exitCode(), s.err());
        String out = s.out();
        assertTrue(out.contains("cpsat (dag space): FEASIBLE in "), out);
        assertTrue(out.contains("interrupted (SIGINT)"), out);
        assertTrue(out.contains("Objective   edp = "), out);
        assertTrue(s.err().contains("interrupted (SIGINT): stopping the solve"), s.err());
        assertFalse(s.err().contains("bad_function_call"), s.err());
        Map<String, Object> doc = MiniJson.object(Files.readString(json));
        assertEquals("FEASIBLE", doc.get("status"));
        assertTrue(String.valueOf(doc.get("message")).contains("interrupted (SIGINT)"), doc.toString());
        assertFalse(((List<?>) doc.get("partitions")).isEmpty());
        assertTrue(Files.readString(report).contains("</html>"));
    }

    /** The DP under cost model v2 (ResNet-152, about 15 s) stopped by SIGTERM: its prefix plan, exit 143. */
    @Test
    void sigtermDuringTheDpKeepsItsPlanAndExits143() throws Exception {
        Path json = dir.resolve("dp.json");
        Solve s = start(CompassSolveTest.repoFile("problems/resnet.yaml").toString(), "-n", "resnet152",
                "--cost-model", "v2", "--json", json.toString());
        // the summary is printed just before the DP starts
        s.awaitOutput("Setting ", 60);
        Thread.sleep(1500);
        s.signal("TERM");
        assertEquals(143, s.exitCode(), s.err());
        assertTrue(s.out().contains("dp (contiguous space): FEASIBLE in "), s.out());
        assertTrue(s.out().contains("interrupted (SIGTERM): optimal over the first "), s.out());
        Map<String, Object> doc = MiniJson.object(Files.readString(json));
        assertEquals("FEASIBLE", doc.get("status"));
        assertTrue(String.valueOf(doc.get("message")).startsWith("interrupted (SIGTERM)"), doc.toString());
    }

    /** A running compass-solve with its output in files. */
    private final class Solve {
        final Process process;
        final Path out = dir.resolve("out.txt");
        final Path err = dir.resolve("err.txt");

        Solve(List<String> cmd) throws IOException {
            process = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        }

        String out() throws IOException {
            return Files.readString(out);
        }

        String err() throws IOException {
            return Files.readString(err);
        }

        void awaitOutput(String text, int seconds) throws Exception {
            await(out, text, seconds);
        }

        void awaitError(String text, int seconds) throws Exception {
            await(err, text, seconds);
        }

        private void await(Path file, String text, int seconds) throws Exception {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (!Files.readString(file).contains(text)) {
                if (!process.isAlive() || System.nanoTime() > end) {
                    process.destroyForcibly();
                    throw new AssertionError("no '" + text + "' from compass-solve: " + out() + err());
                }
                Thread.sleep(50);
            }
        }

        void signal(String name) throws Exception {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());
        }

        int exitCode() throws Exception {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("compass-solve still ran 30 s after the signal: " + err());
            }
            return process.exitValue();
        }
    }

    /**
     * Starts compass-solve in a new JVM. A process that inherited an ignored SIGINT (a test run started with
     * {@code &} from a script) passes that on and its JVM rightly ignores Ctrl-C too, so SIGINT and SIGTERM are
     * reset to their defaults with {@code env --default-signal} (GNU coreutils 8.31+) where it exists.
     */
    private Solve start(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        boolean reset = defaultSignalSupported();
        if (reset) {
            cmd.addAll(List.of("env", "--default-signal=INT,TERM"));
        }
        cmd.addAll(List.of(javaBinary(), "--enable-native-access=ALL-UNNAMED", "-Xss8m",
                "-cp", System.getProperty("java.class.path"), CompassSolve.class.getName()));
        cmd.addAll(List.of(args));
        Solve s = new Solve(cmd);
        if (!reset) {
            assumeTrue(!sigintIgnored(s.process.pid()), "SIGINT is ignored in this process tree and cannot be reset");
        }
        return s;
    }

    private static boolean defaultSignalSupported() {
        try {
            Process p = new ProcessBuilder("env", "--default-signal=INT", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static boolean sigintIgnored(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring(7).strip(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** A strict reader of the JSON this tool writes: objects, arrays, strings, numbers, true, false, null. */
    static final class MiniJson {
        private final String s;
        private int i;

        private MiniJson(String s) {
            this.s = s;
        }

        /** The document's top-level object; anything malformed or trailing throws. */
        @SuppressWarnings("unchecked")
        static Map<String, Object> object(String text) {
            MiniJson r = new MiniJson(text);
            Object v = r.value();
            r.space();
            if (r.i != text.length() || !(v instanceof Map)) {
                throw new IllegalArgumentException("not one JSON object: trailing text at " + r.i);
            }
            return (Map<String, Object>) v;
        }

        private Object value() {
            space();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++;
                space();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                do {
                    space();
                    String k = string();
                    space();
                    expect(':');
                    m.put(k, value());
                    space();
                } while (s.charAt(i++) == ',');
                if (s.charAt(i - 1) != '}') {
                    throw new IllegalArgumentException("expected } at " + (i - 1));
                }
                return m;
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                i++;
                space();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                do {
                    l.add(value());
                    space();
                } while (s.charAt(i++) == ',');
                if (s.charAt(i - 1) != ']') {
                    throw new IllegalArgumentException("expected ] at " + (i - 1));
                }
                return l;
            }
            if (c == '"') {
                return string();
            }
            for (String word : new String[] {"true", "false", "null"}) {
                if (s.startsWith(word, i)) {
                    i += word.length();
                    return word.equals("null") ? null : Boolean.valueOf(word);
                }
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            return Double.parseDouble(s.substring(start, i));
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (s.charAt(i) != '"') {
                char c = s.charAt(i++);
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        case 'r' -> b.append('\r');
                        case 'b' -> b.append('\b');
                        case 'f' -> b.append('\f');
                        case 'u' -> {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> b.append(e);
                    }
                } else if (c < 0x20) {
                    throw new IllegalArgumentException("control character in a string at " + (i - 1));
                } else {
                    b.append(c);
                }
            }
            i++;
            return b.toString();
        }

        private void expect(char c) {
            if (s.charAt(i) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + i + ", got " + s.charAt(i));
            }
            i++;
        }

        private void space() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
