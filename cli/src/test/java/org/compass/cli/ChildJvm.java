package org.compass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * compass-solve running in its own JVM (signals reach only a separate process), its standard output and error
 * in files of a folder.
 */
final class ChildJvm {

    final Process process;
    private final Path out;
    private final Path err;

    private ChildJvm(List<String> cmd, Path dir, String name) throws IOException {
        out = dir.resolve(name + ".out.txt");
        err = dir.resolve(name + ".err.txt");
        process = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    /**
     * Starts compass-solve with the test's class path. A process that inherited an ignored SIGINT (a test run
     * started with {@code &} from a script) passes that on and its JVM rightly ignores Ctrl-C too, so SIGINT and
     * SIGTERM are reset to their defaults with {@code env --default-signal} (GNU coreutils 8.31+) where it
     * exists; elsewhere the test is skipped when SIGINT is ignored.
     */
    static ChildJvm start(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        boolean reset = defaultSignalSupported();
        if (reset) {
            cmd.addAll(List.of("env", "--default-signal=INT,TERM"));
        }
        cmd.addAll(List.of(javaBinary(), "--enable-native-access=ALL-UNNAMED", "-Xss8m",
                "-cp", System.getProperty("java.class.path"), CompassSolve.class.getName()));
        cmd.addAll(List.of(args));
        ChildJvm c = new ChildJvm(cmd, dir, "child" + System.nanoTime());
        if (!reset) {
            assumeTrue(!sigintIgnored(c.process.pid()), "SIGINT is ignored in this process tree and cannot be reset");
        }
        return c;
    }

    String out() throws IOException {
        return Files.readString(out);
    }

    String err() throws IOException {
        return Files.readString(err);
    }

    /** Waits until standard output contains {@code text}. */
    void awaitOutput(String text, int seconds) throws Exception {
        await(out, text, seconds);
    }

    /** Waits until standard error contains {@code text}. */
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

    /** Sends a signal by name (INT, TERM) with kill(1), to this process alone. */
    void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }

    /** The exit code, waiting up to 30 s for it. */
    int exitCode() throws Exception {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("compass-solve still ran 30 s later: " + err());
        }
        return process.exitValue();
    }

    private static boolean defaultSignalSupported() {
        try {
            Process p = new ProcessBuilder("env", "--default-signal=INT", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
}
