package org.compass.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The supported operators are the registry's, sorted, each in one family and each documented. */
class OperatorRegistryTest {

    @Test
    void supportedListIsTheRegistrysSorted() {
        List<String> names = OperatorRegistry.supported();
        assertEquals(names.stream().sorted().toList(), names);
        assertTrue(names.containsAll(List.of("Conv", "MatMul", "Gemm", "HardSwish", "LeakyRelu", "PRelu", "ReduceSum",
                "InstanceNormalization", "Gather")), names.toString());
    }

    @Test
    void everyOperatorIsInTheDocumentation() throws IOException {
        Path doc = Path.of("../docs/onnx.md");
        String text = Files.readString(doc);
        for (String op : OperatorRegistry.supported()) {
            assertTrue(Pattern.compile("\\b" + op + "\\b").matcher(text).find(), op + " is not in " + doc);
        }
    }
}
