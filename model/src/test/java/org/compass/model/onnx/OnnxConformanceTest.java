package org.compass.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.compass.model.InputException;
import org.junit.jupiter.api.Test;

/**
 * ONNX's own node conformance cases ({@code onnx/backend/test/case/node/} of Debian's python3-onnx), one small
 * model per case for every operator the importer claims, written by {@code tools/onnx-conformance.sh} into
 * {@code src/test/resources/onnx-conformance/} with each output's expected shape (and, where the importer can
 * know them at import time, its values) in {@code expected.tsv}. An image input with a static batch N > 1 is
 * imported per image, so such a case is compared with the shapes ONNX's shape inference gives for N = 1
 * (the per_image column).
 *
 * <p>Every case is imported. A case the importer supports must give ONNX's output shapes (and the values of
 * outputs it folds at import time); a case it refuses must be refused with the one-line message recorded in
 * {@code status.tsv}, so every refusal is deliberate and its wording checked. A case may never import with a
 * wrong shape. After a deliberate change, {@code -Dconformance.update=true} rewrites {@code status.tsv} from
 * the importer's results (shape mismatches still fail).
 */
class OnnxConformanceTest {

    static final Path DIR = Path.of("src/test/resources/onnx-conformance");

    /** One expected output of a case. */
    record Expected(String output, long[] dims, double[] values, long[] perImage) {
    }

    static Map<String, List<Expected>> expected() throws IOException {
        Map<String, List<Expected>> byCase = new TreeMap<>();
        for (String line : Files.readAllLines(DIR.resolve("expected.tsv")).stream().skip(1).toList()) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            double[] values = f[3].equals("-") ? null : Arrays.stream(f[3].split(" ")).mapToDouble(OnnxConformanceTest::number).toArray();
            long[] perImage = f[4].equals("-") ? null : dims(f[4]);
            byCase.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new Expected(f[1], dims(f[2]), values, perImage));
        }
        return byCase;
    }

    private static long[] dims(String s) {
        return s.isEmpty() ? new long[0] : Arrays.stream(s.split(",")).mapToLong(Long::parseLong).toArray();
    }

    private static double number(String s) {
        return switch (s) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    /** The recorded result per case: "ok", or the refusal message (the file name left out). */
    static Map<String, String> status() throws IOException {
        Map<String, String> s = new TreeMap<>();
        for (String line : Files.readAllLines(DIR.resolve("status.tsv"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", 2);
            s.put(f[0], f[1]);
        }
        return s;
    }

    /** The importer's result for one case: "ok", or the refusal message without the file name. */
    static String run(String name, List<Expected> want, List<String> mismatches) {
        Path file = DIR.resolve(name + ".onnx");
        OnnxImporter.Translated t;
        try {
            t = OnnxImporter.translateForShapes(file);
        } catch (InputException e) {
            String m = e.getMessage();
            assertTrue(m.startsWith(file + ": "), "the refusal names the file: " + m);
            assertTrue(!m.contains("\n"), "one line: " + m);
            String why = m.substring(file.toString().length() + 2);
            // the list of supported operators grows; the refusal is the same
            int list = why.indexOf("; supported: ");
            return list < 0 ? why : why.substring(0, list);
        }
        for (Expected e : want) {
            Val v = t.outputs().get(e.output());
            if (v == null) {
                mismatches.add(name + ": output '" + e.output() + "' is not defined");
                continue;
            }
            long[] dims = t.staticBatch() <= 1 ? e.dims() : e.perImage() != null ? e.perImage() : leadingOne(e.dims(), t.staticBatch());
            if (!Arrays.equals(dims, v.dims)) {
                mismatches.add(name + ": output '" + e.output() + "' has dims " + Arrays.toString(v.dims) + ", ONNX gives "
                        + Arrays.toString(e.dims()) + (t.staticBatch() > 1 ? " (static batch " + t.staticBatch() + " imported per image)" : ""));
                continue;
            }
            if (e.values() != null && v.isConstant() && v.data != null && !close(e.values(), v.data)) {
                mismatches.add(name + ": output '" + e.output() + "' folds to " + Arrays.toString(v.data) + ", ONNX gives "
                        + Arrays.toString(e.values()));
            }
        }
        return "ok";
    }

    /** Where ONNX's shape inference gave no per-image dims: a leading static batch read as 1. */
    private static long[] leadingOne(long[] dims, long batch) {
        long[] d = dims.clone();
        if (d.length > 0 && d[0] == batch) {
            d[0] = 1;
        }
        return d;
    }

    private static boolean close(double[] want, double[] got) {
        if (want.length != got.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            double a = want[i];
            double b = got[i];
            boolean same = (Double.isNaN(a) && Double.isNaN(b)) || a == b
                    || Math.abs(a - b) <= 1e-4 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
            if (!same) {
                return false;
            }
        }
        return true;
    }

    @Test
    void operatorListIsTheRegistrys() throws IOException {
        List<String> listed = Files.readAllLines(DIR.resolve("operators.txt")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).sorted().toList();
        assertEquals(OperatorRegistry.supported(), listed, "operators.txt is not the importer's registry: update it and"
                + " re-run tools/onnx-conformance.sh so that the new operator's conformance cases are generated");
    }

    @Test
    void everyCaseImportsWithOnnxShapesOrIsRefusedAsRecorded() throws IOException {
        Map<String, List<Expected>> cases = expected();
        Map<String, String> recorded = status();
        List<String> mismatches = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        Map<String, String> now = new LinkedHashMap<>();
        int ok = 0;
        for (Map.Entry<String, List<Expected>> c : cases.entrySet()) {
            assertTrue(Files.exists(DIR.resolve(c.getKey() + ".onnx")), c.getKey() + ".onnx is missing");
            String result = run(c.getKey(), c.getValue(), mismatches);
            now.put(c.getKey(), result);
            if (result.equals("ok")) {
                ok++;
            } else {
                System.out.println("conformance: refused " + c.getKey() + ": " + result);
            }
            if (!result.equals(recorded.get(c.getKey()))) {
                changed.add(c.getKey() + ": recorded '" + recorded.get(c.getKey()) + "', now '" + result + "'");
            }
        }
        System.out.println("conformance: " + cases.size() + " ONNX node cases: " + ok + " import with ONNX's shapes, "
                + (cases.size() - ok) + " refused");
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " cases import with wrong shapes or values:\n" + String.join("\n", mismatches));
        }
        if (Boolean.getBoolean("conformance.update")) {
            List<String> lines = new ArrayList<>(List.of("# case\tresult (ok, or the importer's one-line refusal); written by "
                    + "OnnxConformanceTest with -Dconformance.update=true"));
            now.forEach((k, v) -> lines.add(k + "\t" + v));
            Files.write(DIR.resolve("status.tsv"), lines);
            return;
        }
        assertEquals(cases.keySet(), recorded.keySet(), "status.tsv lists other cases than expected.tsv");
        if (!changed.isEmpty()) {
            fail(changed.size() + " cases changed (after a deliberate change: -Dconformance.update=true):\n"
                    + String.join("\n", changed));
        }
    }

    @Test
    void supportedCasesBuildANetwork() throws IOException {
        Map<String, String> recorded = status();
        int built = 0;
        for (Map.Entry<String, String> s : recorded.entrySet()) {
            if (!s.getValue().equals("ok")) {
                continue;
            }
            OnnxImporter.Translated t = OnnxImporter.translateForShapes(DIR.resolve(s.getKey() + ".onnx"));
            if (t.network() != null) {
                assertNotNull(t.network().nodes());
                built++;
            }
        }
        assertTrue(built > 0);
    }
}
