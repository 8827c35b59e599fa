package org.compass.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16, item 7: outputs are checked before solving, written through symbolic links, named in errors. */
class OutputPathTest {

    @TempDir
    Path dir;

    private static String problem() {
        return CompassSolveTest.repoFile("problems/squeezenet.yaml").toString();
    }

    @Test
    void aMissingJsonFolderFailsBeforeSolving() {
        CompassSolveTest.Run r = CompassSolveTest.run(problem(), "--json", dir.resolve("no/such/out.json").toString(),
                "--no-baselines");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--json " + dir.resolve("no/such/out.json") + ": folder"), r.err());
        assertFalse(r.out().contains("dp (contiguous space)"), "solved before failing: " + r.out());
    }

    @Test
    void jsonAndReportOnOneFileAreRefusedBeforeWriting() {
        Path x = dir.resolve("x");
        CompassSolveTest.Run r = CompassSolveTest.run(problem(), "--json", x.toString(), "--report", x.toString(),
                "--no-baselines");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("name the same file"), r.err());
        assertFalse(Files.exists(x), "nothing written");
    }

    @Test
    void aSymbolicLinkIsWrittenThroughAndStaysALink() throws Exception {
        Path other = Files.createDirectories(dir.resolve("elsewhere"));
        Path real = other.resolve("result.json");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), real);
        CompassSolveTest.Run r = CompassSolveTest.run(problem(), "--json", link.toString(), "--no-baselines", "-q");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isSymbolicLink(link), "the link was replaced by a regular file");
        assertTrue(Files.readString(real).startsWith("{"), "the link's target holds the JSON");
    }

    /** compare checks its export files before loading or solving anything (issue 16, leftovers). */
    @Test
    void compareChecksItsExportFilesBeforeSolving() {
        CompassSolveTest.Run r = CompassSolveTest.run("compare", problem(), "--export-lp",
                dir.resolve("no/such/model.lp").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--export-lp " + dir.resolve("no/such/model.lp") + ": folder"), r.err());
        assertFalse(r.err().contains("compare: dp"), "solved before failing: " + r.err());
        Path x = dir.resolve("model");
        r = CompassSolveTest.run("compare", problem(), "--export-lp", x.toString(), "--export-mps", x.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("name the same file"), r.err());
        assertFalse(Files.exists(x), "nothing written");
        r = CompassSolveTest.run("compare", problem(), "--export-mps", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--export-mps " + dir + ": is a folder"), r.err());
    }
}
