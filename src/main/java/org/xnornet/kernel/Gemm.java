package org.xnornet.kernel;

import java.util.logging.Logger;

/**
 * Entry point for GEMM. Chooses the backend once: a native BLAS through netlib when the machine has one
 * (OpenBLAS reaches several times our Java kernel, see docs/PERFORMANCE.md), otherwise {@link JavaGemm}.
 * {@code -Dxnornet.gemm=java|netlib} forces a choice.
 *
 * <p>When the native BLAS runs each call on the calling thread alone ({@code OPENBLAS_NUM_THREADS=1}, which the
 * launcher and the test runs set), a large call is split into row or column bands on our {@link Parallel} pool, and
 * {@link #singleThreadedCalls} tells kernels with many independent GEMMs (Winograd's positions) to run them side by
 * side on the pool instead: both measured faster than OpenBLAS's own threads here (docs/PERFORMANCE.md). A band is
 * computed exactly as the whole call would compute it, so results do not depend on the split.
 */
public final class Gemm {
    private static final Logger LOG = Logger.getLogger(Gemm.class.getName());
    private static volatile GemmBackend backend = choose(System.getProperty("xnornet.gemm", "auto"));
    /** Whether OpenBLAS was started with one thread per call. */
    private static final boolean ONE_BLAS_THREAD = "1".equals(System.getenv("OPENBLAS_NUM_THREADS"));
    /** Calls below this many multiply-adds are not worth splitting. */
    private static final long SPLIT_WORK = 1L << 20;
    /** Columns (or rows) of C per band of a split call. */
    static final int BAND = 256;

    private Gemm() {
    }

    static GemmBackend choose(String wanted) {
        switch (wanted) {
            case "java":
                return new JavaGemm();
            case "netlib":
                return NetlibGemm.preferred();
            case "auto":
                try {
                    NetlibGemm netlib = NetlibGemm.preferred();
                    if (netlib.isNative()) {
                        return netlib;
                    }
                } catch (LinkageError | RuntimeException e) {
                    LOG.fine(() -> "native BLAS unavailable: " + e);
                }
                return new JavaGemm();
            default:
                throw new IllegalArgumentException("xnornet.gemm must be auto, java or netlib, was '" + wanted + "'");
        }
    }

    public static GemmBackend backend() {
        return backend;
    }

    /** The backend's name, with its native library files in parentheses where it names them: for reports. */
    public static String describe() {
        GemmBackend be = backend;
        String library = be.library();
        return library.isEmpty() ? be.name() : be.name() + " (" + library + ")";
    }

    public static void setBackend(GemmBackend b) {
        backend = b;
    }

    /**
     * Whether one call runs on its calling thread alone, so that independent calls are best run side by side on the
     * {@link Parallel} pool: our Java kernel called from a pool thread, and OpenBLAS with one thread per call.
     */
    public static boolean singleThreadedCalls() {
        return ONE_BLAS_THREAD || backend instanceof JavaGemm;
    }

    /**
     * The width of the column bands {@link #sgemm} computes an m×n×k product in (n where it makes one call, or splits
     * by rows): a caller that builds B band by band and calls {@code sgemm} once per band of this width, C's band at
     * its column, gets the values of the whole call.
     */
    public static int columnBand(int m, int n, int k) {
        GemmBackend be = backend;
        if (!ONE_BLAS_THREAD || be instanceof JavaGemm || (long) m * n * k < SPLIT_WORK || n < m) {
            return n;
        }
        return BAND;
    }

    /** Row-major C = alpha·op(A)·op(B) + beta·C. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        GemmBackend be = backend;
        if (!ONE_BLAS_THREAD || be instanceof JavaGemm || (long) m * n * k < SPLIT_WORK) {
            be.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        inBands(be, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * The same product as bands of {@link #BAND} columns (or rows, when C is taller than wide), one call each, on the
     * {@link Parallel} pool. OpenBLAS's result for an element depends on where it falls in the call, so the bands
     * are fixed by the shape alone: the result does not depend on the thread count (it may differ from one whole call
     * in the last bits).
     */
    static void inBands(GemmBackend be, boolean transA, boolean transB, int m, int n, int k, float alpha,
                        float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float beta, float[] c, int cOff, int ldc) {
        boolean columns = n >= m;
        int side = columns ? n : m;
        // inside a pool thread this runs as one range of bands
        Parallel.forRange((side + BAND - 1) / BAND, 1, (first, last) -> {
            for (int band = first; band < last; band++) {
                int from = band * BAND;
                int size = Math.min(BAND, side - from);
                if (columns) {
                    be.sgemm(transA, transB, m, size, k, alpha, a, aOff, lda,
                            b, transB ? bOff + from * ldb : bOff + from, ldb, beta, c, cOff + from, ldc);
                } else {
                    be.sgemm(transA, transB, size, n, k, alpha, a, transA ? aOff + from : aOff + from * lda, lda,
                            b, bOff, ldb, beta, c, cOff + from * ldc, ldc);
                }
            }
        });
    }
}
