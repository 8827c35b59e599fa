package org.compass.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.compass.model.InputException;

/**
 * An exclusive lock on {@code FILE.lock} beside an output file that a command appends to over a long run
 * ({@code baseline --out}), so that two runs on one file refuse instead of interleaving their rows. The lock
 * is the operating system's ({@link FileChannel#tryLock()}: released when the process ends, even by
 * {@code kill -9}); the lock file itself stays, empty, since deleting it would let a third run lock a new file
 * while a second still holds the old one.
 */
final class OutputLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
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
        return new OutputLock(ch, l);
    }

    /** Releases the lock. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases it as well
        }
        close(channel);
    }

    private static void close(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing was written through it
        }
    }
}
