package org.xnornet.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one thread pool every kernel shares. Work is split into contiguous index ranges; callers only hand
 * it work whose per-element result does not depend on the split, so results are bit-identical for any
 * thread count. The count comes from {@code -Dxnornet.threads} (default: available processors) and can be
 * changed with {@link #setThreads(int)}.
 */
public final class Parallel {
    /** A body that handles the half-open index range [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static volatile int threads = Integer.getInteger("xnornet.threads",
            Runtime.getRuntime().availableProcessors());
    private static volatile ExecutorService pool;
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

    private Parallel() {
    }

    public static int threads() {
        return threads;
    }

    /** Sets the number of kernel threads (≥ 1); the pool is rebuilt lazily. */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("thread count must be ≥ 1, was " + n);
        }
        if (n != threads) {
            threads = n;
            if (pool != null) {
                pool.shutdown();
                pool = null;
            }
        }
    }

    private static synchronized ExecutorService pool() {
        if (pool == null) {
            AtomicInteger id = new AtomicInteger();
            ThreadFactory factory = r -> {
                Thread t = new Thread(r, "xnornet-kernel-" + id.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            pool = Executors.newFixedThreadPool(threads, factory);
        }
        return pool;
    }

    /**
     * Runs {@code body} over [0, n) split into at most {@link #threads()} ranges of at least
     * {@code grain} indices. Nested calls run inline on the calling thread.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int parts = Math.min(threads, Math.max(1, n / Math.max(1, grain)));
        if (parts <= 1 || INSIDE.get()) {
            body.run(0, n);
            return;
        }
        ExecutorService executor = pool();
        List<Future<?>> futures = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            int from = (int) ((long) n * p / parts);
            int to = (int) ((long) n * (p + 1) / parts);
            futures.add(executor.submit(() -> {
                INSIDE.set(true);
                try {
                    body.run(from, to);
                } finally {
                    INSIDE.set(false);
                }
            }));
        }
        INSIDE.set(true);
        try {
            body.run(0, (int) ((long) n / parts));
        } finally {
            INSIDE.set(false);
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for kernel threads", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            }
        }
    }
}
