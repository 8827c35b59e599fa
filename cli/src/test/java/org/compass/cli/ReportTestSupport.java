package org.compass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** Runs compass-solve in-process and parses its report as XML, for the report tests. */
final class ReportTestSupport {

    /** Exit code and captured streams of one run. */
    record Run(int code, String out, String err) {
    }

    private ReportTestSupport() {
    }

    /** The project root (tests run in the cli module's folder). */
    static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return here.getFileName().toString().equals("cli") ? here.getParent() : here;
    }

    static Path problem(String name) {
        return root().resolve("problems").resolve(name + ".yaml");
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CompassSolve.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static Run runOk(String... args) {
        Run r = run(args);
        assertEquals(0, r.code(), () -> "exit code; stderr: " + r.err());
        return r;
    }

    /** Parses markup as namespace-aware XML without fetching anything (no DTDs, no external entities). */
    static Document parseXml(String markup) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setExpandEntityReferences(false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        return b.parse(new ByteArrayInputStream(markup.getBytes(StandardCharsets.UTF_8)));
    }
}
