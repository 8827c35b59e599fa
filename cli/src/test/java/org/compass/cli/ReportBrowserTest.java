package org.compass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report in headless Chromium from disk: it must render without console errors, and a screenshot is
 * kept in {@code cli/target/report-screenshots/} for people to look at. Skipped where Chromium is absent
 * ({@code .ci/run} installs it).
 */
@Tag("browser")
class ReportBrowserTest {

    @TempDir
    Path tmp;

    @Test
    void reportRendersWithoutConsoleErrors() throws Exception {
        Path chromium = chromium();
        assumeTrue(chromium != null, "chromium is not installed");
        Path html = tmp.resolve("resnet.html");
        ReportTestSupport.runOk(ReportTestSupport.problem("resnet").toString(), "--report", html.toString(),
                "--sweep", "batch=1,2,...,64", "--pareto", "--schedule", "full", "-t", "3", "--simulate", "-q");
        Path shots = ReportTestSupport.root().resolve("cli/target/report-screenshots");
        Files.createDirectories(shots);
        Path png = shots.resolve("resnet.png");
        Files.deleteIfExists(png);
        String log = screenshot(chromium, html, png);
        assertEquals(List.of(), consoleErrors(log), "console errors");
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1400, image.getWidth());
        assertEquals(3000, image.getHeight());
        assertTrue(distinctColours(image) > 100, "a drawn page, not a blank one");
    }

    @Test
    void consoleErrorsAreDetected() throws Exception {
        Path chromium = chromium();
        assumeTrue(chromium != null, "chromium is not installed");
        // the check above must be able to fail: a page whose script throws is caught by it
        Path html = tmp.resolve("broken.html");
        Files.writeString(html, "<!DOCTYPE html><html><body><p>x</p><script>undefinedFunction();</script></body></html>");
        String log = screenshot(chromium, html, tmp.resolve("broken.png"));
        assertTrue(!consoleErrors(log).isEmpty(), log);
    }

    private String screenshot(Path chromium, Path html, Path png) throws Exception {
        Path profile = Files.createTempDirectory(tmp, "profile");
        Path stderr = tmp.resolve(png.getFileName() + ".log");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                "--screenshot=" + png, "--window-size=1400,3000", html.toUri().toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s");
        }
        assertTrue(Files.size(png) > 0, "screenshot written");
        return Files.readString(stderr);
    }

    /** Lines where the page's console reported an error or an uncaught exception. */
    static List<String> consoleErrors(String log) {
        List<String> out = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (line.contains("Uncaught") || line.contains(":CONSOLE")) {
                out.add(line);
            }
        }
        return out;
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    private static Path chromium() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }
}
