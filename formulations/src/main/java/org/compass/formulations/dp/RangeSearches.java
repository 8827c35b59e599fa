package org.compass.formulations.dp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.compass.solver.control.TaskFailure;

/**
 * Runs independent replication searches of the lazy DP ({@link RangeOptions}) on a fixed number of threads, in
 * the order given, returning their results in that order. One thread runs them on the caller's thread.
 *
 * <p>Worker threads get the launcher's stack size (8 MiB, as {@code compass-solve} gives the main thread with
 * {@code -Xss8m}), since the depth-first pass recurses once per weighted unit of a range.
 */
final class RangeSearches implements AutoCloseable {

    private static final long STACK_BYTES = 8L << 20;

    private final ExecutorService pool;

    /** @param threads at least 1; more than one starts that many daemon worker threads */
    RangeSearches(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(null, r, "compass-dp-range", STACK_BYTES);
            t.setDaemon(true);
            return t;
        });
    }

    /** Applies {@code search} to each task, in parallel when this has worker threads; results in task order. */
    <T, R> List<R> run(List<T> tasks, Function<T, R> search) {
        List<R> out = new ArrayList<>(tasks.size());
        if (pool == null || tasks.size() == 1) {
            for (T t : tasks) {
                out.add(search.apply(t));
            }
            return out;
        }
        List<Callable<R>> calls = new ArrayList<>(tasks.size());
        for (T t : tasks) {
            calls.add(() -> search.apply(t));
        }
        try {
            for (Future<R> f : pool.invokeAll(calls)) {
                out.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while searching ranges", e);
        } catch (ExecutionException e) {
            throw TaskFailure.cause(e);
        }
        return out;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
