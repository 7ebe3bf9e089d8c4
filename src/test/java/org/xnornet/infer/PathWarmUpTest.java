package org.xnornet.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xnornet.kernel.JitWarmUp;

/**
 * The warm-up reaches, within each round, every branch the popcount paths take on shapes (so that no compiled path
 * meets one it never saw), and stops once the calls run fast, not before C2's threshold. A recording kernel stands
 * in for the path where what is under test is which calls the warm-up makes.
 */
class PathWarmUpTest {
    /** Records the shape classes the kernels' branches distinguish during the first round. */
    private static class Recording implements PopcountKernel {
        final Set<String> blocks = new HashSet<>();
        final Set<String> packings = new HashSet<>();
        int calls;

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public void outputBlock(long[] a, int rows, long[] w, int words, int n, int live, int[] y, int yOff,
                                int outStride, int rowStride) {
            if (calls++ < PathWarmUp.ROUND) {
                assertEquals(64 * words, n);
                for (String group : groups(rows)) {
                    blocks.add(group + ", words mod 4 = " + words % 4 + ", live " + live + ", row stride "
                            + rowStride);
                }
            }
        }

        @Override
        public void packSigns(float[] x, int src, int plane, int channels, int from, int count, int width,
                              EvalNorm norm, long[] words, int dst, int rowWords, int wpp) {
            if (calls <= PathWarmUp.ROUND) {
                packings.add("channels mod 64 = " + channels % 64 + ", pixels mod 64 = " + count % 64 + ", norm "
                        + (norm != null));
            }
        }
    }

    /**
     * How {@code popcnt512} walks {@code rows}: pairs of groups while a second group starts inside the rows, then
     * single groups; each stored straight into y when whole, else through a scratch.
     */
    private static Set<String> groups(int rows) {
        Set<String> seen = new HashSet<>();
        int p = 0;
        for (; p + RowGroups.ROWS < rows; p += 2 * RowGroups.ROWS) {
            seen.add(p + 2 * RowGroups.ROWS <= rows ? "pair direct" : "pair spilled");
        }
        for (; p < rows; p += RowGroups.ROWS) {
            seen.add(p + RowGroups.ROWS <= rows ? "single direct" : "single spilled");
        }
        return seen;
    }

    @Test
    void everyRoundCoversEveryShapeClass() {
        Recording k = new Recording();
        PathWarmUp.run(k);
        for (String group : new String[] {"pair direct", "pair spilled", "single direct", "single spilled"}) {
            for (int words = 0; words < 4; words++) {
                for (String outputs : new String[] {"live 5, row stride 1", "live 5, row stride 8",
                    "live 8, row stride 1", "live 8, row stride 8"}) {
                    String shape = group + ", words mod 4 = " + words + ", " + outputs;
                    assertTrue(k.blocks.contains(shape), "not warmed up: " + shape);
                }
            }
        }
        for (int channels : new int[] {0, 2}) {
            for (int pixels : new int[] {0, 3}) {
                for (boolean norm : new boolean[] {false, true}) {
                    String packing = "channels mod 64 = " + channels + ", pixels mod 64 = " + pixels + ", norm " + norm;
                    assertTrue(k.packings.contains(packing), "not warmed up: " + packing);
                }
            }
        }
    }

    @Test
    void stopsSoonAfterTheCallsTurnFastButNotBeforeTheThreshold() {
        // slow for the first 3 000 calls (as before the JIT), then fast: the rounds after turn several times faster
        Recording jit = new Recording() {
            @Override
            public void outputBlock(long[] a, int rows, long[] w, int words, int n, int live, int[] y, int yOff,
                                    int outStride, int rowStride) {
                if (calls++ < 3_000) {
                    long until = System.nanoTime() + 20_000;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                }
            }
        };
        int calls = PathWarmUp.run(jit);
        assertEquals(calls, jit.calls);
        assertTrue(calls >= JitWarmUp.MIN_ROUNDS * PathWarmUp.ROUND, calls + " calls");
        assertTrue(calls < JitWarmUp.MAX_ROUNDS * PathWarmUp.ROUND, calls + " calls: never saw the speed-up");
        assertEquals(0, calls % PathWarmUp.ROUND, "whole rounds");
    }

    @Test
    void theWarmedUpVectorPathAgreesWithScalar() {
        PopcountKernel k = PopcountPaths.vector() != null ? PopcountPaths.vector() : PopcountPaths.SCALAR;
        PathWarmUp.run(k);
        assertTrue(PopcountPaths.sameAsScalar(k), k.name() + " disagrees with scalar once compiled");
    }
}
