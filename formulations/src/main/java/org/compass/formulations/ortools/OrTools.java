package org.compass.formulations.ortools;

import com.google.ortools.Loader;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverSolutionCallback;
import com.google.ortools.sat.CpSolverStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;
import org.compass.solver.control.Cancellation;

/**
 * Loads OR-Tools' native libraries once per JVM, in one place.
 *
 * <p>OR-Tools' own loader copies about 69 MB into a fresh {@code /tmp/ortools-java*} folder in every JVM
 * (left behind after a crash). Here the bundled natives are unpacked once into
 * {@code ~/.cache/compass/ortools-<version>-<platform>/} (or {@code $COMPASS_CACHE}) and loaded from there;
 * the folder is published by an atomic rename, so concurrent JVMs never see half a copy. If that fails
 * (no writable home, an unknown platform) it falls back to {@link Loader#loadNativeLibraries()}.
 */
public final class OrTools {

    private OrTools() {
    }

    /** Loads the natives if this JVM has not yet; cheap after the first call. */
    public static void ensureLoaded() {
        if (Holder.FOLDER == null) {
            throw new IllegalStateException("OR-Tools natives failed to load");
        }
    }

    /** Where the natives were loaded from ("bundled temp folder" for OR-Tools' own loader). */
    public static String origin() {
        return Holder.FOLDER;
    }

    /**
     * {@code solver.solve(model, callback)} that stops when {@code cancel} is cancelled, as at its time limit.
     *
     * <p>CP-SAT's own SIGINT handler ({@code catch_sigint_signal}, on by default) aborts the JVM with
     * {@code std::bad_function_call} in OR-Tools 9.15, so it is switched off here and signals are left to the
     * JVM; a cancellation reaches the solve through {@link CpSolver#stopSearch()}.
     *
     * @param callback called on every solution, or null
     */
    public static CpSolverStatus solve(CpSolver solver, CpModel model, CpSolverSolutionCallback callback,
                                       Cancellation cancel) {
        solver.getParameters().setCatchSigintSignal(false);
        try (Cancellation.Registration r = stopOnCancel(cancel, solver::stopSearch)) {
            return callback == null ? solver.solve(model) : solver.solve(model, callback);
        }
    }

    /**
     * While the returned registration is open, a cancellation of {@code cancel} calls {@code stop} (a native
     * solver's stop request, such as {@code MPSolver::interruptSolve}) every 50 ms from a daemon thread: a stop
     * request that arrives just before the native solve starts is lost by some solvers, so it is repeated until
     * the solve returns. Closing the registration waits for a running {@code stop} to finish and prevents further
     * calls, so the solver may be deleted right after.
     */
    public static Cancellation.Registration stopOnCancel(Cancellation cancel, Runnable stop) {
        Object lock = new Object();
        boolean[] open = {true};
        Cancellation.Registration r = cancel.onCancel(() -> {
            Thread t = new Thread(() -> {
                while (true) {
                    synchronized (lock) {
                        if (!open[0]) {
                            return;
                        }
                        stop.run();
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "compass-stop-solver");
            t.setDaemon(true);
            t.start();
        });
        return () -> {
            synchronized (lock) {
                open[0] = false;
            }
            r.close();
        };
    }

    /** Initialized once by the JVM's class initialization, which is thread-safe. */
    private static final class Holder {
        static final String FOLDER = load();
    }

    private static String load() {
        String resource = resourceFolder();
        if (resource != null) {
            try {
                Path dir = unpackedCache(resource);
                if (dir != null) {
                    System.load(dir.resolve(System.mapLibraryName("jniortools")).toAbsolutePath().toString());
                    return dir.toString();
                }
            } catch (IOException | UncheckedIOException | UnsatisfiedLinkError | SecurityException e) {
                // fall through to OR-Tools' own loader, which copies to a temp folder
            }
        }
        Loader.loadNativeLibraries();
        return "bundled temp folder";
    }

    private static String resourceFolder() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) {
            return "ortools-linux-x86-64";
        }
        return null;
    }

    private static Path unpackedCache(String resource) throws IOException {
        ClassLoader cl = OrTools.class.getClassLoader();
        String version = "unknown";
        try (InputStream in = cl.getResourceAsStream("META-INF/maven/com.google.ortools/" + resource + "/pom.properties")) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            version = p.getProperty("version", version);
        }
        URL url = cl.getResource(resource + "/");
        if (url == null) {
            return null;
        }
        String env = System.getenv("COMPASS_CACHE");
        Path root = env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "compass");
        Path target = root.resolve("ortools-" + version + "-" + resource.substring("ortools-".length()));
        if (Files.isRegularFile(target.resolve(System.mapLibraryName("jniortools")))) {
            return target;
        }
        Files.createDirectories(root);
        Path temp = Files.createTempDirectory(root, ".ortools-unpack-");
        try {
            copyTree(url, temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                if (!Files.isRegularFile(target.resolve(System.mapLibraryName("jniortools")))) {
                    throw raced;
                }
            }
        } finally {
            deleteTree(temp);
        }
        return target;
    }

    private static void copyTree(URL url, Path to) throws IOException {
        URI uri;
        try {
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        if ("jar".equals(uri.getScheme())) {
            FileSystem fs;
            boolean close = false;
            try {
                fs = FileSystems.newFileSystem(uri, Collections.emptyMap());
                close = true;
            } catch (FileSystemAlreadyExistsException e) {
                fs = FileSystems.getFileSystem(uri);
            }
            try {
                copyDir(fs.provider().getPath(uri), to);
            } finally {
                if (close) {
                    fs.close();
                }
            }
        } else {
            copyDir(Path.of(uri), to);
        }
    }

    private static void copyDir(Path from, Path to) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(from)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            Path dest = to.resolve(from.relativize(f).toString());
            Files.createDirectories(dest.getParent());
            Files.copy(f, dest, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
