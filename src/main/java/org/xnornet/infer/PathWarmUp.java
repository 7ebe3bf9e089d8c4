package org.xnornet.infer;

import java.util.SplittableRandom;
import org.xnornet.kernel.JitWarmUp;

/**
 * Runs a popcount path on small inputs of every shape its branches distinguish, enough times for the JIT to compile
 * it, before the first real layer does. Until C2 has compiled a Vector API method, its vectors are plain Java
 * objects, a hundred times slower than the scalar path and allocating all the while; and compiled code that meets a
 * branch its profile never saw (a partial group of rows, fewer than eight live filters, a strided output, a fused
 * batch norm) drops back to that state until it is compiled again. Measured on Zen 4 with the packed ResNet-18 at
 * batch 32, separate processes alternated: the first forward, the path's loading included, took 4.5–5.0 s without
 * this and 1.9–2.4 s with it, and the shape traps that used to recompile {@code popcnt512} three times in the first
 * seconds no longer occur. The calls go in rounds that each
 * cover every shape, until a round runs several times faster than the slowest (the compiled code has taken over)
 * once C2's invocation threshold is behind, so the cost is what the JIT needs and no more. Outputs go to scratch
 * arrays; nothing is shared.
 */
final class PathWarmUp {
    /** Calls of {@link PopcountKernel#outputBlock} per round: every shape below, and each combination of them. */
    static final int ROUND = 420;
    private static final int[] WORDS = {1, 2, 3, 4, 9};
    private static final int[] ROWS = {5, 8, 13, 16, 21, 24, 29};
    private static final int MAX_ROWS = 32;
    private static final int PIXELS = 67;
    private static final int CHANNELS = 130;

    private PathWarmUp() {
    }

    /** Exercises {@code k} on every shape, round after round, until it runs compiled; returns the calls made. */
    static int run(PopcountKernel k) {
        SplittableRandom rng = new SplittableRandom(23);
        int maxWords = WORDS[WORDS.length - 1];
        long[] a = new long[MAX_ROWS * maxWords];
        long[] w = new long[maxWords * FilterBlocks.BLOCK];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextLong();
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextLong();
        }
        int[] y = new int[MAX_ROWS * FilterBlocks.BLOCK * FilterBlocks.BLOCK];
        float[] x = new float[CHANNELS * PIXELS];
        float[][] terms = new float[4][CHANNELS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        for (int c = 0; c < CHANNELS; c++) {
            terms[0][c] = (float) rng.nextGaussian();
            terms[1][c] = 1f;
            terms[2][c] = (float) rng.nextGaussian();
            terms[3][c] = (float) rng.nextGaussian();
        }
        EvalNorm norm = EvalNorm.ofTerms(terms);
        long[] bits = new long[PIXELS * 3];
        int rounds = JitWarmUp.untilCompiled(round -> {
            for (int c = round * ROUND; c < (round + 1) * ROUND; c++) {
                call(k, c, a, w, y, x, norm, bits);
            }
        });
        return rounds * ROUND;
    }

    /** Call {@code c} of the cycle: rows × words, then live filters and output stride; a packing every other call. */
    private static void call(PopcountKernel k, int c, long[] a, long[] w, int[] y, float[] x, EvalNorm norm,
                             long[] bits) {
        int words = WORDS[c % WORDS.length];
        int rows = ROWS[c / WORDS.length % ROWS.length];
        int shape = c / (WORDS.length * ROWS.length);
        int live = shape % 3 == 0 ? 5 : FilterBlocks.BLOCK;
        if (shape % 4 == 0) {
            k.outputBlock(a, rows, w, words, 64 * words, live, y, 0, 1, FilterBlocks.BLOCK);
        } else {
            k.outputBlock(a, rows, w, words, 64 * words, live, y, 0, MAX_ROWS, 1);
        }
        if (c % 2 == 0) {
            int channels = c % 4 == 0 ? 64 : CHANNELS;
            int count = c % 8 < 4 ? 64 : PIXELS;
            k.packSigns(x, 0, PIXELS, channels, 0, count, count, c % 3 == 0 ? norm : null, bits, 0, count * 3,
                    (channels + 63) >>> 6);
        }
    }
}
