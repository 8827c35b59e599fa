package org.compass.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.compass.model.InputException;

/**
 * Writes files all at once: to a temporary file in the same folder, then renamed over the target. A symbolic
 * link is written through (its target is replaced, the link stays); a FIFO, a device or {@code /dev/fd/N} is
 * streamed to, since renaming over it would replace it with a regular file. Errors name the path given and
 * the operating system's reason.
 */
final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Checks, before any solving, that {@code path} can be written: its folder exists, it is not a folder, and a
     * file can be created beside it (a temporary one, removed at once).
     *
     * @param option the option that named the path, for the message (e.g. "--json")
     */
    static void checkWritable(String option, Path path) {
        Path abs = target(path);
        if (Files.exists(abs) && !Files.isRegularFile(abs) && !Files.isDirectory(abs)) {
            return; // a FIFO or device: streamed to
        }
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new InputException(option + " " + path + ": folder " + dir + " does not exist; create it first");
        }
        if (Files.isDirectory(abs)) {
            throw new InputException(option + " " + path + ": is a folder; give a file name");
        }
        if (!Files.isWritable(dir)) {
            throw new InputException(option + " " + path + ": cannot write in folder " + dir + ": permission denied");
        }
        // the permission bits do not tell everything (root passes them; /sys and /proc refuse new files anyway):
        // create the temporary file the write will use, and remove it at once
        try {
            Files.delete(Files.createTempFile(dir, "." + abs.getFileName(), ".tmp"));
        } catch (IOException e) {
            throw new InputException(option + " " + path + ": cannot write in folder " + dir + ": " + reason(e));
        }
    }

    /** The file a path names: a symbolic link's final target (resolved even when it does not exist yet). */
    static Path target(Path path) {
        Path abs = path.toAbsolutePath();
        for (int i = 0; i < 40 && Files.isSymbolicLink(abs); i++) {
            try {
                abs = abs.resolveSibling(Files.readSymbolicLink(abs)).normalize();
            } catch (IOException e) {
                return abs;
            }
        }
        return abs;
    }

    /** Writes text to the path atomically; a missing folder is an input error naming the path. */
    static void write(Path path, String text) {
        Path abs = target(path);
        if (Files.exists(abs) && !Files.isRegularFile(abs) && !Files.isDirectory(abs)) {
            try {
                Files.writeString(abs, text, StandardCharsets.UTF_8, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new InputException(path + ": cannot write: " + reason(e));
            }
            return;
        }
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new InputException(path + ": folder " + dir + " does not exist");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            // temporary files are created owner-only; results are meant to be shared like any output file
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new InputException(path + ": cannot write: " + reason(e));
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the rename already succeeded or the write failed and was reported
                }
            }
        }
    }

    /** The operating system's reason, without the temporary file's name. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return String.valueOf(e.getMessage());
    }
}
