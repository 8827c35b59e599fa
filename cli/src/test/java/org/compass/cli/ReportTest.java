package org.compass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The HTML report of every problem file: well-formed, self-contained, and its numbers are the JSON's. */
class ReportTest {

    private static final String XHTML = "http://www.w3.org/1999/xhtml";
    private static final String SVG = "http://www.w3.org/2000/svg";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"resnet", "vgg", "squeezenet"})
    void reportIsWellFormedAndAgreesWithJson(String name) throws Exception {
        checkReport(name);
    }

    @Test
    void scheduledAndSimulatedReportDrawsTheScheduleAndAgreesWithJson() throws Exception {
        Checked c = checkReport("squeezenet", "--schedule", "full", "-t", "3", "--simulate");
        Map<String, Object> json = c.json();
        List<String> required = new ArrayList<>(List.of("schedule_summary.mode", "schedule_summary.status",
                "schedule_summary.makespan_s", "schedule_summary.phase_latency_s", "schedule_summary.bound_s",
                "simulation.latency_s", "simulation.energy_j", "simulation.dram_bytes", "simulation.dram_peak_bytes",
                "simulation.rows_written"));
        List<?> timings = (List<?>) ((Map<?, ?>) json.get("schedule_summary")).get("partitions");
        List<?> simulated = (List<?>) ((Map<?, ?>) json.get("simulation")).get("partition_latency_s");
        assertEquals(((List<?>) json.get("partitions")).size(), simulated.size());
        for (int p = 0; p < timings.size(); p++) {
            for (String k : List.of("start_s", "finish_s", "phase_s", "saved_s")) {
                required.add("schedule_summary.partitions." + p + "." + k);
            }
            required.add("simulation.partition_latency_s." + p);
        }
        for (String k : required) {
            assertTrue(c.keys().contains(k), "the report shows " + k);
        }

        // the timeline is the schedule's: one bar per record, lanes = the records' cores, stages, DRAM
        List<?> records = (List<?>) json.get("schedule");
        Document timeline = ReportTestSupport.parseXml(svgAfter(c.page(), "id=\"timeline\""));
        NodeList rects = timeline.getElementsByTagNameNS(SVG, "rect");
        int bars = 0;
        for (int i = 0; i < rects.getLength(); i++) {
            Element r = (Element) rects.item(i);
            if (r.getAttribute("class").equals("bar") && r.getElementsByTagNameNS(SVG, "title").getLength() == 1) {
                bars++;
            }
        }
        assertEquals(records.size(), bars, "one bar per schedule record");
        Set<String> lanes = new HashSet<>();
        NodeList texts = timeline.getElementsByTagNameNS(SVG, "text");
        for (int i = 0; i < texts.getLength(); i++) {
            Element t = (Element) texts.item(i);
            if (t.getAttribute("class").equals("lane-label")) {
                lanes.add(t.getTextContent());
            }
        }
        for (Object o : records) {
            Map<?, ?> r = (Map<?, ?>) o;
            if (r.get("kind").equals("write")) {
                assertTrue(lanes.contains("core " + r.get("core")), "lane of core " + r.get("core") + " in " + lanes);
            }
        }
        // overlapping transfers (activation streams beside weight loads) get lanes "DRAM 1", "DRAM 2", ...
        assertTrue(lanes.stream().anyMatch(l -> l.equals("DRAM") || l.startsWith("DRAM ")), "a DRAM lane: " + lanes);
        assertTrue(lanes.stream().anyMatch(l -> l.startsWith("stages")), "stage lanes: " + lanes);

        // the batch's relative difference is the JSON's, and that is simulated / model - 1 of its two latencies
        // (each written to Json.DIGITS significant digits, so the quotient of the written values agrees to about
        // 2 units in the last digit)
        double model = ((Number) ((Map<?, ?>) json.get("metrics")).get("latency_s")).doubleValue();
        double sim = ((Number) ((Map<?, ?>) json.get("simulation")).get("latency_s")).doubleValue();
        Element all = rowStartingWith(c.doc(), "cost model and simulator", "all");
        Element diff = (Element) all.getElementsByTagNameNS(XHTML, "td").item(3);
        assertEquals("simulation.latency_difference", diff.getAttribute("data-json"));
        assertEquals(sim / model - 1, Double.parseDouble(diff.getAttribute("data-value")),
                2 * Math.pow(10, 1 - org.compass.cli.json.Json.DIGITS) * sim / model);
        assertNotNull(byId(c.doc(), "simulation"));
        assertTrue(c.doc().getElementsByTagNameNS(SVG, "svg").getLength() >= 6, "plus the comparison and the "
                + "simulated timeline");
    }

    @Test
    void wearSectionShowsThePlainAndLevelledWearBesideTheIdealLifetime() throws Exception {
        Checked c = checkReport("resnet", "--cost-model", "v1", "--hardware", "rram", "--simulate",
                "--simulate-batches", "4");
        Element heading = byId(c.doc(), "wear");
        assertNotNull(heading, "the wear section's heading");
        assertEquals("Wear of the crossbars", heading.getTextContent().strip());
        // three rows: the plain placement, the levelled batches and the cost model's ideal levelling
        String caption = "The most-written row decides when the chip wears out";
        assertEquals(3, rowCount(c.doc(), caption));
        Element plain = rowStartingWith(c.doc(), caption, "without levelling (every batch alike)");
        Element levelled = rowStartingWith(c.doc(), caption, "levelled over 4 batches");
        Element ideal = rowStartingWith(c.doc(), caption, "cost model (ideal levelling)");
        // each figure is the JSON's (compareWithJson checked every tagged cell's value against it)
        for (String key : List.of("simulation.wear.fixed.levelling_factor", "simulation.wear.fixed.lifetime_s",
                "simulation.wear.levelled.levelling_factor", "simulation.wear.levelled.lifetime_s",
                "simulation.wear.levelled.most_written_crossbar.row_writes", "metrics.lifetime_s")) {
            assertTrue(c.keys().contains(key), "the wear section shows " + key + "; shown: " + c.keys());
        }
        double fixedFactor = Double.parseDouble(cellFor(plain, "simulation.wear.fixed.levelling_factor")
                .getAttribute("data-value"));
        double levelledFactor = Double.parseDouble(cellFor(levelled, "simulation.wear.levelled.levelling_factor")
                .getAttribute("data-value"));
        assertTrue(levelledFactor >= 1 && levelledFactor < fixedFactor, levelledFactor + " vs " + fixedFactor);
        // the factor is printed to three decimals, the lifetimes in the unit a person reads
        assertEquals(String.format(java.util.Locale.ROOT, "%.3f", levelledFactor),
                cellFor(levelled, "simulation.wear.levelled.levelling_factor").getTextContent().strip());
        assertEquals("2.7 h", cellFor(ideal, "metrics.lifetime_s").getTextContent().strip());
        // the levelled lifetime is the simulator's ideal one (at the simulated throughput) over the factor
        double idealLifetime = ((Number) resolve(c.json(), "simulation.wear.levelled.ideal_lifetime_s")).doubleValue();
        double levelledLifetime = Double.parseDouble(cellFor(levelled, "simulation.wear.levelled.lifetime_s")
                .getAttribute("data-value"));
        assertEquals(idealLifetime / levelledFactor, levelledLifetime, 1e-6 * levelledLifetime);
        assertTrue(c.page().contains("The levelled batches use the policy least-worn first"), "the policy is stated");
    }

    /** The cell of a row that carries a JSON key. */
    private static Element cellFor(Element row, String key) {
        NodeList cells = row.getElementsByTagNameNS(XHTML, "td");
        for (int i = 0; i < cells.getLength(); i++) {
            Element td = (Element) cells.item(i);
            if (key.equals(td.getAttribute("data-json"))) {
                return td;
            }
        }
        throw new AssertionError("no cell for " + key + " in the row " + row.getTextContent());
    }

    /** A checked report: the page, its DOM, the JSON result and the JSON keys its cells carry. */
    private record Checked(String page, Document doc, Map<String, Object> json, Set<String> keys) {
    }

    private Checked checkReport(String name, String... extra) throws Exception {
        Path html = tmp.resolve(name + ".html");
        Path json = tmp.resolve(name + ".json");
        List<String> args = new ArrayList<>(List.of(ReportTestSupport.problem(name).toString(),
                "--json", json.toString(), "--report", html.toString(), "-q"));
        args.addAll(List.of(extra));
        ReportTestSupport.Run run = ReportTestSupport.runOk(args.toArray(String[]::new));
        assertTrue(run.out().contains("Wrote " + html), run.out());
        String page = Files.readString(html);
        Document doc = ReportTestSupport.parseXml(page);
        assertEquals("html", doc.getDocumentElement().getLocalName());
        assertEquals(XHTML, doc.getDocumentElement().getNamespaceURI());

        // each picture is an SVG element that parses on its own, and the four plan pictures are there
        NodeList svgs = doc.getElementsByTagNameNS(SVG, "svg");
        assertTrue(svgs.getLength() >= 4, "DAG, timeline, time and energy charts; got " + svgs.getLength());
        Matcher m = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(page);
        int parsed = 0;
        while (m.find()) {
            Document svg = ReportTestSupport.parseXml(m.group());
            assertEquals(SVG, svg.getDocumentElement().getNamespaceURI());
            assertTrue(svg.getElementsByTagNameNS(SVG, "rect").getLength() > 0, "an SVG draws something");
            parsed++;
        }
        assertEquals(svgs.getLength(), parsed);

        // self-contained: no scripts, no external resources
        assertEquals(0, doc.getElementsByTagNameNS(XHTML, "script").getLength());
        assertEquals(0, doc.getElementsByTagNameNS(XHTML, "link").getLength());
        assertEquals(0, doc.getElementsByTagNameNS(XHTML, "img").getLength());
        assertFalse(page.contains("url("), "no CSS fetches");
        NodeList anchors = doc.getElementsByTagNameNS(XHTML, "a");
        for (int i = 0; i < anchors.getLength(); i++) {
            assertTrue(((Element) anchors.item(i)).getAttribute("href").startsWith("#"), "links stay on the page");
        }

        // every figure tagged with a JSON key equals the JSON's value, and the headline ones are all there
        Map<String, Object> result = JsonReader.map(json);
        Set<String> keys = compareWithJson(doc, result);
        List<String> required = new ArrayList<>(List.of("status", "objective.value", "objective.name", "batch",
                "network.name", "hardware.name", "network.crossbars_needed", "metrics.latency_s",
                "metrics.throughput_ips", "metrics.energy_j", "metrics.edp_js", "metrics.energy_breakdown_j.write",
                "metrics.energy_breakdown_j.dram", "metrics.energy_breakdown_j.mvm", "metrics.energy_breakdown_j.static",
                "baselines.greedy.latency_s", "baselines.greedy.edp_js", "baselines.layerwise.latency_s",
                "baselines.layerwise.edp_js"));
        List<?> partitions = (List<?>) result.get("partitions");
        for (int p = 0; p < partitions.size(); p++) {
            for (String k : List.of("crossbars", "rows_written", "in_bytes", "out_bytes", "time_s.program",
                    "time_s.compute", "time_s.io", "time_s.total", "energy_j")) {
                required.add("partitions." + p + "." + k);
            }
        }
        for (String k : required) {
            assertTrue(keys.contains(k), "the report shows " + k);
        }
        return new Checked(page, doc, result, keys);
    }

    /** The first SVG element after a marker in the page. */
    private static String svgAfter(String page, String marker) {
        int at = page.indexOf(marker);
        assertTrue(at >= 0, marker);
        int start = page.indexOf("<svg ", at);
        return page.substring(start, page.indexOf("</svg>", start) + "</svg>".length());
    }

    /** Compares every data-json cell with the JSON; returns the keys seen. */
    static Set<String> compareWithJson(Document doc, Map<String, Object> json) {
        Set<String> keys = new HashSet<>();
        NodeList all = doc.getElementsByTagNameNS(XHTML, "td");
        for (int i = 0; i < all.getLength(); i++) {
            Element td = (Element) all.item(i);
            String key = td.getAttribute("data-json");
            if (key.isEmpty()) {
                continue;
            }
            keys.add(key);
            Object expected = resolve(json, key);
            String shown = td.getAttribute("data-value");
            if (expected == null) {
                assertEquals("null", shown, key);
            } else if (expected instanceof Number || isNumber(expected.toString())) {
                double want = expected instanceof Number n ? n.doubleValue() : Double.parseDouble(expected.toString());
                assertEquals(want, Double.parseDouble(shown), 0.0, key);
            } else {
                assertEquals(expected.toString(), shown, key);
            }
        }
        return keys;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Object resolve(Object node, String path) {
        for (String part : path.split("\\.")) {
            if (node instanceof Map<?, ?> m) {
                assertTrue(m.containsKey(part), "JSON has " + path);
                node = m.get(part);
            } else if (node instanceof List<?> l) {
                node = l.get(Integer.parseInt(part));
            } else {
                throw new AssertionError("JSON path " + path + " ends early at " + part);
            }
        }
        return node;
    }

    @Test
    void sweepAndParetoAreDrawnAndTabulated() throws Exception {
        Path html = tmp.resolve("sq.html");
        Path json = tmp.resolve("sq.json");
        ReportTestSupport.runOk(ReportTestSupport.problem("squeezenet").toString(), "--json", json.toString(),
                "--report", html.toString(), "--sweep", "batch=4,8,...,16", "--pareto", "-q");
        Document doc = ReportTestSupport.parseXml(Files.readString(html));
        assertNotNull(byId(doc, "sweep"));
        assertNotNull(byId(doc, "pareto"));
        assertTrue(doc.getElementsByTagNameNS(SVG, "svg").getLength() >= 7, "plus two sweep charts and the front");
        // the sweep's dp point at the problem's own batch (16) is the main result
        Map<String, Object> result = JsonReader.map(json);
        double throughput = Double.parseDouble(String.valueOf(((Map<?, ?>) result.get("metrics")).get("throughput_ips")));
        Element row = rowStartingWith(doc, "Every point of the sweep", "16");
        Element dpThroughput = (Element) row.getElementsByTagNameNS(XHTML, "td").item(2);
        assertEquals(throughput, Double.parseDouble(dpThroughput.getAttribute("data-value")), 0.0);
        assertEquals(3, rowCount(doc, "Every point of the sweep"), "batch 4, 8, 16");
        assertTrue(rowCount(doc, "plans on the front") >= 2, "front points, the chosen plan and the baselines");
    }

    @Test
    void missingFolderIsABadInputAndWritesNothing() {
        Path target = tmp.resolve("no-such-folder").resolve("r.html");
        ReportTestSupport.Run r = ReportTestSupport.run(ReportTestSupport.problem("squeezenet").toString(),
                "--report", target.toString(), "-q");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("does not exist"), r.err());
        assertFalse(r.err().contains("Exception"), "one line, no trace");
        assertFalse(Files.exists(target.getParent()));
    }

    /** Issue 17, item 11: every output is replaced atomically; --force is still accepted and changes nothing. */
    @Test
    void anExistingFileIsReplaced() throws Exception {
        Path target = tmp.resolve("r.html");
        Files.writeString(target, "old report");
        ReportTestSupport.runOk(ReportTestSupport.problem("squeezenet").toString(), "--report", target.toString(), "-q");
        assertTrue(Files.readString(target).startsWith("<!DOCTYPE html>"));
        ReportTestSupport.runOk(ReportTestSupport.problem("squeezenet").toString(), "--report", target.toString(),
                "--force", "-q");
        assertTrue(Files.readString(target).startsWith("<!DOCTYPE html>"));
    }

    @Test
    void sweepWithoutReportOrWithBadValuesIsABadInput() {
        String file = ReportTestSupport.problem("squeezenet").toString();
        ReportTestSupport.Run r = ReportTestSupport.run(file, "--sweep", "batch=1,2", "-q");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--report"), r.err());
        ReportTestSupport.Run bad = ReportTestSupport.run(file, "--report", tmp.resolve("x.html").toString(),
                "--sweep", "threads=1,2", "-q");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--sweep"), bad.err());
        assertFalse(Files.exists(tmp.resolve("x.html")));
    }

    private static Element byId(Document doc, String id) {
        NodeList all = doc.getElementsByTagNameNS(XHTML, "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (id.equals(e.getAttribute("id"))) {
                return e;
            }
        }
        return null;
    }

    private static Element table(Document doc, String captionPart) {
        NodeList tables = doc.getElementsByTagNameNS(XHTML, "table");
        for (int i = 0; i < tables.getLength(); i++) {
            Element t = (Element) tables.item(i);
            NodeList caption = t.getElementsByTagNameNS(XHTML, "caption");
            if (caption.getLength() > 0 && caption.item(0).getTextContent().contains(captionPart)) {
                return t;
            }
        }
        throw new AssertionError("no table captioned '" + captionPart + "'");
    }

    private static int rowCount(Document doc, String captionPart) {
        Element body = (Element) table(doc, captionPart).getElementsByTagNameNS(XHTML, "tbody").item(0);
        return body.getElementsByTagNameNS(XHTML, "tr").getLength();
    }

    private static Element rowStartingWith(Document doc, String captionPart, String first) {
        NodeList rows = table(doc, captionPart).getElementsByTagNameNS(XHTML, "tr");
        for (int i = 0; i < rows.getLength(); i++) {
            Element row = (Element) rows.item(i);
            NodeList cells = row.getElementsByTagNameNS(XHTML, "td");
            if (cells.getLength() > 0 && cells.item(0).getTextContent().equals(first)) {
                return row;
            }
        }
        throw new AssertionError("no row " + first + " in '" + captionPart + "'");
    }
}
