package org.compass.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.UUID;
import org.compass.model.InputException;

/**
 * An exclusive lock on {@code FILE.lock} beside an output file that a command appends to over a long run
 * ({@code baseline --out}), so that two runs on one file refuse instead of interleaving their rows. The lock
 * is the operating system's ({@link FileChannel#tryLock()}: released when the process ends, even by
 * {@code kill -9}).
 *
 * <p>The lock file lasts only as long as the run: {@link #close} deletes it while still holding the lock, on
 * success and on error alike (a {@code kill -9} leaves it, empty of any lock, and the next run takes it over and
 * removes it). Deleting is safe because a run counts as holding the lock only once the path names the very file
 * it locked: after locking, it writes a token of its own into the file and reads it back through the path. A run
 * that locked a file another run had just deleted reads no token (or another's) and starts over on the new file.
 */
final class OutputLock implements AutoCloseable {

    /** How often a run starts over after finding its locked file deleted under it (each retry means another run finished). */
    private static final int ATTEMPTS = 100;

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    /**
     * The file opened again through its path to read the token back, kept open until the lock is released: on
     * POSIX systems closing any descriptor of a file drops the process's locks on it.
     */
    private final FileChannel check;

    private OutputLock(Path file, FileChannel channel, FileLock lock, FileChannel check) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.check = check;
    }

    /** The lock file of an output: its final target's name with {@code .lock} appended. */
    static Path lockFile(Path output) {
        Path target = AtomicFiles.target(output);
        return target.resolveSibling(target.getFileName() + ".lock");
    }

    /**
     * Takes the lock of {@code output} without waiting.
     *
     * @param option the option that named the output, for messages (e.g. "--out")
     * @throws InputException when another run holds it, or the lock file cannot be created
     */
    static OutputLock acquire(String option, Path output) {
        Path file = lockFile(output);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            FileChannel ch;
            try {
                ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new InputException(option + " " + output + ": cannot create the lock file " + file + ": "
                        + AtomicFiles.reason(e));
            }
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // held by this JVM
            } catch (IOException e) {
                close(ch);
                throw new InputException(option + " " + output + ": cannot lock " + file + ": " + AtomicFiles.reason(e));
            }
            if (l == null) {
                close(ch);
                throw new InputException(option + " " + output + ": another run is writing to it (it holds " + file
                        + "); wait for it to finish or choose another " + option);
            }
            FileChannel check = stillNamed(file, ch);
            if (check != null) {
                return new OutputLock(file, ch, l, check);
            }
            // the run that held it deleted the file between our open and our lock: start over on the new one
            release(l);
            close(ch);
        }
        throw new InputException(option + " " + output + ": cannot lock " + file + ": it was replaced " + ATTEMPTS
                + " times while locking; are many runs writing to it?");
    }

    /**
     * Whether {@code file} still names the file open in {@code ch}: a token written through {@code ch} is read back
     * through the path. Returns the channel it read through (to be closed only with the lock), or null when the
     * path names another file or none.
     */
    private static FileChannel stillNamed(Path file, FileChannel ch) {
        byte[] token = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
        FileChannel read = null;
        try {
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(token), 0);
            ch.force(false);
            read = FileChannel.open(file, StandardOpenOption.READ);
            ByteBuffer back = ByteBuffer.allocate(token.length + 1);
            while (back.hasRemaining() && read.read(back, back.position()) > 0) {
                // reads until the token's length and one byte more, or the end
            }
            if (back.position() == token.length && Arrays.equals(Arrays.copyOf(back.array(), token.length), token)) {
                return read;
            }
            close(read);
            return null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            if (read != null) {
                close(read);
            }
            throw new InputException(file + ": cannot write the lock file: " + AtomicFiles.reason(e));
        }
    }

    /** Deletes the lock file, then releases the lock (in this order, so no other run can hold a file about to go). */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a lock file left behind is taken over by the next run
        }
        release(lock);
        close(check);
        close(channel);
    }

    private static void release(FileLock l) {
        try {
            l.release();
        } catch (IOException e) {
            // closing the channel releases it as well
        }
    }

    private static void close(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing was written through it
        }
    }
}
