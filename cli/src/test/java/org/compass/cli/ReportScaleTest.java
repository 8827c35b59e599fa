package org.compass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The report of a plan with thousands of partitions (Llama-2-7B decode on compass-s: 3,000+ column slices, each a
 * partition) stays small: its tables collapse runs of identical partitions and cut long tables to their ends, its
 * charts and timeline are aggregated, and its DAG is capped; every collapsed row's figures are each member's in the
 * JSON result. Running out of memory is one line, exit 1, and no half-written output.
 */
class ReportScaleTest {

    private static final String XHTML = "http://www.w3.org/1999/xhtml";
    private static final String SVG = "http://www.w3.org/2000/svg";
    /** Rows of every table of the page together (each partition table: 2 x 20 rows, a gap row and totals). */
    private static final int MAX_TABLE_ROWS = 400;
    /** SVG shapes of the page (DAG of at most 600 units, a timeline of 9 lanes x 200 bins, two charts of 60 bars). */
    private static final int MAX_SHAPES = 12_000;
    private static final Pattern RUN = Pattern.compile("P(\\d+)(?:\u2013P(\\d+) \\((\\d+), each\\))?");
    private static final Pattern GAP = Pattern.compile("[\\d,]+ rows? not shown \\(P(\\d+)\u2013P(\\d+);");

    @TempDir
    Path tmp;

    @Test
    void reportOfThousandsOfPartitionsIsCappedAndItsCollapsedRowsAreTheJsons() throws Exception {
        Path html = tmp.resolve("llama-s.html");
        Path json = tmp.resolve("llama-s.json");
        ReportTestSupport.runOk(ReportTestSupport.problem("llama").toString(), "--hardware", "compass-s",
                "--no-baselines", "--json", json.toString(), "--report", html.toString(), "-q");
        Map<String, Object> result = JsonReader.map(json);
        List<?> partitions = (List<?>) result.get("partitions");
        assertTrue(partitions.size() > 2_000, "thousands of partitions: " + partitions.size());
        String page = Files.readString(html);
        assertTrue(page.length() < 3_000_000, "a few MB at most: " + page.length());
        Document doc = ReportTestSupport.parseXml(page);

        int rows = doc.getElementsByTagNameNS(XHTML, "tr").getLength();
        assertTrue(rows <= MAX_TABLE_ROWS, rows + " table rows");
        int shapes = 0;
        for (String tag : List.of("rect", "path", "circle", "line", "text")) {
            shapes += doc.getElementsByTagNameNS(SVG, tag).getLength();
        }
        assertTrue(shapes <= MAX_SHAPES, shapes + " SVG shapes");
        assertTrue(page.contains("more than the 600 a readable picture holds"), "the DAG's cap is stated");
        assertTrue(page.contains("So time is cut into 200 bins"), "the timeline says it is binned");
        assertTrue(page.contains("each bar sums"), "the charts say their bars sum partitions");

        // every tagged figure equals the JSON's, and every row of a run holds for each of its partitions
        ReportTest.compareWithJson(doc, result);
        Element table = table(doc, "Time and energy by partition and component");
        NodeList trs = table.getElementsByTagNameNS(XHTML, "tr");
        int next = 0;
        int collapsed = 0;
        for (int i = 1; i < trs.getLength(); i++) {
            NodeList tds = ((Element) trs.item(i)).getElementsByTagNameNS(XHTML, "td");
            String first = tds.item(0).getTextContent();
            if (first.startsWith("all")) {
                break;
            }
            if (first.equals("\u2026")) {
                Matcher g = GAP.matcher(tds.item(1).getTextContent());
                assertTrue(g.find(), tds.item(1).getTextContent());
                assertEquals(next, Integer.parseInt(g.group(1)), "the gap starts where the rows stop");
                next = Integer.parseInt(g.group(2)) + 1;
                continue;
            }
            Matcher m = RUN.matcher(first);
            assertTrue(m.matches(), first);
            int a = Integer.parseInt(m.group(1));
            int b = m.group(2) == null ? a : Integer.parseInt(m.group(2));
            assertEquals(next, a, "rows follow each other without holes");
            if (b > a) {
                assertEquals(b - a + 1, Integer.parseInt(m.group(3)));
                collapsed++;
            }
            for (int c = 0; c < tds.getLength(); c++) {
                Element td = (Element) tds.item(c);
                String key = td.getAttribute("data-json");
                if (key.isEmpty()) {
                    continue;
                }
                double shown = Double.parseDouble(td.getAttribute("data-value"));
                for (int p = a; p <= b; p++) {
                    String member = key.replaceFirst("^partitions\\." + a + "\\.", "partitions." + p + ".");
                    assertEquals(shown, ((Number) resolve(result, member)).doubleValue(), 0.0, member);
                }
            }
            next = b + 1;
        }
        assertEquals(partitions.size(), next, "the rows and the gap cover every partition");
        assertTrue(collapsed > 0, "runs of identical slices are collapsed");
    }

    @Test
    void runningOutOfMemoryIsOneLineExitOneAndWritesNothing() throws Exception {
        Path html = tmp.resolve("oom.html");
        Path json = tmp.resolve("oom.json");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx24m", "-Xss8m", "-cp", System.getProperty("java.class.path"), CompassSolve.class.getName(),
                ReportTestSupport.problem("llama").toString(), "--network", "llama2_70b", "--hardware", "compass-s",
                "--no-baselines", "--report", html.toString(), "-q"));
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "the child ends");
        String stderr = Files.readString(err);
        assertEquals(1, p.exitValue(), stderr);
        assertTrue(stderr.contains("error: out of memory (the Java heap is limited to"), stderr);
        assertTrue(stderr.contains("COMPASS_JAVA_OPTS=-Xmx"), stderr);
        assertFalse(stderr.contains("\tat "), "no stack trace: " + stderr);
        assertFalse(stderr.contains("Exception"), stderr);
        assertEquals(1, stderr.lines().filter(l -> l.contains("out of memory")).count(), stderr);
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString())
                    .filter(f -> f.startsWith("oom") || f.startsWith(".oom")).toList(), "nothing written");
        }
    }

    @Test
    void anOutOfMemoryErrorWrappedByAWorkerIsOneLine() {
        StringWriter err = new StringWriter();
        int code = CompassSolve.handle(new java.util.concurrent.ExecutionException(new OutOfMemoryError("Java heap"
                + " space")), new PrintWriter(err, true));
        assertEquals(1, code);
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("error: out of memory"), err.toString());
        assertTrue(OutOfMemory.message(2L << 30).contains("COMPASS_JAVA_OPTS=-Xmx4g"), OutOfMemory.message(2L << 30));
    }

    private static Element table(Document doc, String captionPart) {
        NodeList captions = doc.getElementsByTagNameNS(XHTML, "caption");
        for (int i = 0; i < captions.getLength(); i++) {
            if (captions.item(i).getTextContent().contains(captionPart)) {
                return (Element) captions.item(i).getParentNode();
            }
        }
        throw new AssertionError("no table " + captionPart);
    }

    private static Object resolve(Object node, String path) {
        for (String part : path.split("\\.")) {
            node = node instanceof Map<?, ?> m ? m.get(part) : ((List<?>) node).get(Integer.parseInt(part));
        }
        return node;
    }
}
