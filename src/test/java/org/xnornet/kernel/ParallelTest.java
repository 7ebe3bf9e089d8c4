package org.xnornet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
    private final int before = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(before);
    }

    @Test
    void everyIndexRunsExactlyOnceForAnySplit() {
        for (int threads : new int[] {1, 2, 3}) {
            Parallel.setThreads(threads);
            for (int n : new int[] {1, 2, 3, 7, 8, 9, 64, 1000}) {
                for (int grain : new int[] {1, 3, 100}) {
                    AtomicIntegerArray seen = new AtomicIntegerArray(n);
                    Parallel.forRange(n, grain, (from, to) -> {
                        assertTrue(from < to, "empty range " + from);
                        for (int i = from; i < to; i++) {
                            seen.incrementAndGet(i);
                        }
                    });
                    for (int i = 0; i < n; i++) {
                        assertEquals(1, seen.get(i), threads + " threads, n " + n + ", grain " + grain + ", index " + i);
                    }
                }
            }
        }
    }

    @Test
    void aFailingRangeFailsTheCallWithItsOwnException() {
        Parallel.setThreads(2);
        IllegalStateException boom = new IllegalStateException("boom");
        for (int round = 0; round < 50; round++) {
            // the last index fails: on whichever thread claims it
            var e = assertThrows(IllegalStateException.class, () -> Parallel.forRange(64, 1, (from, to) -> {
                if (to == 64) {
                    throw boom;
                }
            }));
            assertSame(boom, e);
        }
        AtomicIntegerArray seen = new AtomicIntegerArray(10);
        Parallel.forRange(10, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                seen.incrementAndGet(i);
            }
        });
        for (int i = 0; i < 10; i++) {
            assertEquals(1, seen.get(i), "the pool still works after a failure");
        }
    }

    @Test
    void nestedCallsRunInlineOnTheThreadThatMakesThem() {
        Parallel.setThreads(2);
        AtomicIntegerArray seen = new AtomicIntegerArray(16 * 16);
        Parallel.forRange(16, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                int row = i;
                Thread outer = Thread.currentThread();
                Parallel.forRange(16, 1, (f, t) -> {
                    assertSame(outer, Thread.currentThread());
                    for (int j = f; j < t; j++) {
                        seen.incrementAndGet(row * 16 + j);
                    }
                });
            }
        });
        for (int i = 0; i < 256; i++) {
            assertEquals(1, seen.get(i));
        }
    }
}
