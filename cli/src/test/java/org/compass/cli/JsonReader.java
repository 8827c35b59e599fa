package org.compass.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads the command's JSON in tests with a plain, strict {@link ObjectMapper} (not the one that writes it):
 * malformed text or anything after the document fails.
 */
final class JsonReader {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonReader() {
    }

    static JsonNode tree(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(Path file) throws IOException {
        return tree(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Path file) throws IOException {
        return MAPPER.readValue(Files.readString(file), Map.class);
    }
}
