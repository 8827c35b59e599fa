package org.compass.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a file given as a problem file is binary (an ONNX model without its extension, say) rather than text. */
final class BinarySniff {

    /** Bytes read from the file's start: enough for a protobuf's header, a few lines of YAML. */
    private static final int HEAD = 4096;

    private BinarySniff() {
    }

    /**
     * Whether the file's first {@value #HEAD} bytes hold a NUL byte or are not UTF-8 (a multi-byte character cut at the
     * end of them is not counted against it); false when the file cannot be read (its reader says why).
     */
    static boolean looksBinary(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(HEAD);
        } catch (IOException e) {
            return false;
        }
        for (byte b : head) {
            if (b == 0) {
                return true;
            }
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return utf8.decode(ByteBuffer.wrap(head), CharBuffer.allocate(head.length), false).isError();
    }
}
