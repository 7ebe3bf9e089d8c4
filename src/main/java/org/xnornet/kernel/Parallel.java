package org.xnornet.kernel;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread pool every kernel shares. Work is split into contiguous index ranges, taken by the threads as
 * they come free, and a call returns as soon as its last range is done; callers only hand it work whose per-element result does not depend on the split or on the thread
 * that runs it, so results are bit-identical for any thread count. The count comes from {@code -Dxnornet.threads} (default: available processors) and can be
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
    /** Chunks per thread a call is split into at most (each at least its grain). */
    static final int CHUNKS_PER_THREAD = 4;

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
     * Runs {@code body} over [0, n): split into up to {@link #CHUNKS_PER_THREAD} chunks per thread of at least
     * {@code grain} indices each, which the threads take in turn as they finish the last, so a thread the host slows
     * down holds up the call by one chunk at most. Nested calls run inline on the calling thread.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int most = Math.max(1, n / Math.max(1, grain));
        int parts = Math.min(threads, most);
        if (parts <= 1 || INSIDE.get()) {
            body.run(0, n);
            return;
        }
        int chunks = Math.min(most, parts * CHUNKS_PER_THREAD);
        Call call = new Call(body, n, chunks, Thread.currentThread());
        ExecutorService executor = pool();
        for (int p = 1; p < parts; p++) {
            executor.execute(call::drain);
        }
        call.drain();
        call.await();
    }

    /**
     * One call's chunks: threads claim them in turn; the caller returns once every chunk is claimed and no thread is
     * still running one, without waiting for a helper that never got to start (it will find nothing left).
     */
    private static final class Call {
        private final RangeBody body;
        private final int n;
        private final int chunks;
        private final Thread caller;
        private final AtomicInteger next = new AtomicInteger();
        /** Threads inside {@link #drain}: each counts itself in before it claims a chunk. */
        private final AtomicInteger active = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Call(RangeBody body, int n, int chunks, Thread caller) {
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            this.caller = caller;
        }

        void drain() {
            active.incrementAndGet();
            INSIDE.set(true);
            try {
                for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                    body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
                }
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
                next.set(chunks); // no thread takes another chunk of a failed call
            } finally {
                INSIDE.set(false);
                if (active.decrementAndGet() == 0) {
                    LockSupport.unpark(caller);
                }
            }
        }

        /** Waits until all chunks are claimed and done (the caller's own drain has claimed the last), then rethrows. */
        void await() {
            while (next.get() < chunks || active.get() != 0) {
                LockSupport.park(this);
            }
            Throwable t = failure.get();
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
        }
    }
}
