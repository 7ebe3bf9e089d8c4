package org.xnornet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.xnornet.tensor.BitTensor;

/** Both GEMM backends against a naive double-precision product, for every transpose combination. */
class GemmTest {
    private static float[] random(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        return a;
    }

    /**
     * Random operands of an m×n×k product with padded leading dimensions, A from offset 5, B from 4 and C from 2, so
     * that kernels reading outside their window change the result.
     */
    private record Operands(float[] a, int lda, float[] b, int ldb, float[] c, int ldc) {
        static Operands of(SplittableRandom rng, boolean ta, boolean tb, int m, int n, int k) {
            int lda = (ta ? m : k) + 3;
            int ldb = (tb ? k : n) + 2;
            int ldc = n + 1;
            float[] a = random(rng, (ta ? k : m) * lda + 5);
            float[] b = random(rng, (tb ? n : k) * ldb + 4);
            return new Operands(a, lda, b, ldb, random(rng, m * ldc + 2), ldc);
        }
    }

    private static void check(GemmBackend backend, boolean ta, boolean tb, int m, int n, int k, float alpha,
                              float beta) {
        Operands o = Operands.of(new SplittableRandom(m * 31L + n * 7L + k), ta, tb, m, n, k);
        int lda = o.lda();
        int ldb = o.ldb();
        int ldc = o.ldc();
        float[] a = o.a();
        float[] b = o.b();
        float[] c = o.c();
        float[] expected = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    float av = ta ? a[5 + p * lda + i] : a[5 + i * lda + p];
                    float bv = tb ? b[4 + j * ldb + p] : b[4 + p * ldb + j];
                    s += (double) av * bv;
                }
                expected[2 + i * ldc + j] = (float) (alpha * s + beta * c[2 + i * ldc + j]);
            }
        }
        backend.sgemm(ta, tb, m, n, k, alpha, a, 5, lda, b, 4, ldb, beta, c, 2, ldc);
        for (int i = 0; i < c.length; i++) {
            assertEquals(expected[i], c[i], 1e-3f * (1 + Math.abs(expected[i])) * Math.sqrt(k + 1) / 4,
                    backend.name() + " ta=" + ta + " tb=" + tb + " " + m + "x" + n + "x" + k + " at " + i);
        }
    }

    @Test
    void javaAndNetlibAgreeWithNaive() {
        GemmBackend[] backends = {new JavaGemm(), NetlibGemm.preferred(), shimmed()};
        int[][] sizes = {{1, 1, 1}, {5, 7, 3}, {13, 1030, 300}, {67, 33, 517}, {4, 4, 0}};
        for (GemmBackend backend : backends) {
            for (int[] s : sizes) {
                for (boolean ta : new boolean[] {false, true}) {
                    for (boolean tb : new boolean[] {false, true}) {
                        check(backend, ta, tb, s[0], s[1], s[2], 1f, 0f);
                        check(backend, ta, tb, s[0], s[1], s[2], 0.5f, 1f);
                    }
                }
            }
        }
    }

    @Test
    void javaGemmIsBitIdenticalForAnyThreadCount() {
        SplittableRandom rng = new SplittableRandom(5);
        int m = 70;
        int n = 300;
        int k = 600;
        float[] a = random(rng, m * k);
        float[] b = random(rng, k * n);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[] c1 = new float[m * n];
            new JavaGemm().sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c1, 0, n);
            Parallel.setThreads(3);
            float[] c3 = new float[m * n];
            new JavaGemm().sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c3, 0, n);
            org.junit.jupiter.api.Assertions.assertArrayEquals(c1, c3);
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void bandsOnThePoolAreRightAndDoNotDependOnTheThreadCount() {
        GemmBackend netlib = NetlibGemm.preferred();
        int before = Parallel.threads();
        try {
            // {m, n, k}: bands of columns, then of rows, each with a short last band
            for (int[] s : new int[][] {{70, 600, 90}, {600, 70, 90}}) {
                for (boolean ta : new boolean[] {false, true}) {
                    for (boolean tb : new boolean[] {false, true}) {
                        float[] first = null;
                        for (int threads : new int[] {1, 2, 3}) {
                            Parallel.setThreads(threads);
                            float[] c = bandedProduct(netlib, ta, tb, s[0], s[1], s[2]);
                            if (first == null) {
                                first = c;
                            } else {
                                org.junit.jupiter.api.Assertions.assertArrayEquals(first, c, java.util.Arrays.toString(s)
                                        + " threads " + threads + " ta=" + ta + " tb=" + tb);
                            }
                        }
                        float[] whole = bandedProduct(null, ta, tb, s[0], s[1], s[2]);
                        for (int i = 0; i < whole.length; i++) {
                            assertEquals(whole[i], first[i], 1e-5f * (1 + Math.abs(whole[i])), "at " + i);
                        }
                    }
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    /** The preferred binding called through {@link NetlibBoundsShim} whether it needs it or not. */
    private static NetlibGemm shimmed() {
        var blas = dev.ludovic.netlib.blas.BLAS.getInstance();
        return new NetlibGemm(blas, NetlibBoundsShim.of(blas));
    }

    @Test
    void theBoundsShimGivesTheBindingsOwnNumbersAndRefusesWhatIsOutOfBounds() {
        for (int[] s : new int[][] {{70, 600, 90}, {600, 70, 90}}) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    org.junit.jupiter.api.Assertions.assertArrayEquals(
                            bandedProduct(NetlibGemm.preferred(), ta, tb, s[0], s[1], s[2]),
                            bandedProduct(shimmed(), ta, tb, s[0], s[1], s[2]));
                }
            }
        }
        float[] x = new float[12];
        org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class,
                () -> shimmed().sgemm(false, false, 3, 4, 1, 1f, x, 0, 1, x, 0, 4, 0f, new float[11], 0, 4));
        org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class,
                () -> shimmed().sgemm(false, false, 3, 4, 2, 1f, x, 8, 2, x, 0, 4, 0f, new float[12], 0, 4));
    }

    /** C = 0.5·op(A)·op(B) + C on fixed random operands, in bands (or, with no backend, as one netlib call). */
    private static float[] bandedProduct(GemmBackend banded, boolean ta, boolean tb, int m, int n, int k) {
        Operands o = Operands.of(new SplittableRandom(m + n), ta, tb, m, n, k);
        if (banded == null) {
            NetlibGemm.preferred().sgemm(ta, tb, m, n, k, 0.5f, o.a(), 5, o.lda(), o.b(), 4, o.ldb(), 1f, o.c(), 2,
                    o.ldc());
        } else {
            Gemm.inBands(banded, ta, tb, m, n, k, 0.5f, o.a(), 5, o.lda(), o.b(), 4, o.ldb(), 1f, o.c(), 2, o.ldc());
        }
        return o.c();
    }

    @Test
    void xnorPopcountEqualsFloatProductOfSigns() {
        SplittableRandom rng = new SplittableRandom(8);
        int m = 9;
        int n = 11;
        int k = 131;
        float[] a = random(rng, m * k);
        float[] b = random(rng, n * k);
        a[3] = 0f;
        b[7] = 0f;
        float[] c = new float[m * n];
        XnorGemm.multiply(BitTensor.packSigns(a, 0, m, k), BitTensor.packSigns(b, 0, n, k), c, 0);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int s = 0;
                for (int p = 0; p < k; p++) {
                    s += (a[i * k + p] >= 0 ? 1 : -1) * (b[j * k + p] >= 0 ? 1 : -1);
                }
                assertEquals(s, c[i * n + j], 0f);
            }
        }
    }
}
