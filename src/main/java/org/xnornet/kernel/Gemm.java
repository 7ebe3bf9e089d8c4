package org.xnornet.kernel;

import java.util.logging.Logger;

/**
 * Entry point for GEMM. Chooses the backend once: a native BLAS through netlib when the machine has one
 * (OpenBLAS reaches several times our Java kernel, see docs/PERFORMANCE.md), otherwise {@link JavaGemm}.
 * {@code -Dxnornet.gemm=java|netlib} forces a choice.
 */
public final class Gemm {
    private static final Logger LOG = Logger.getLogger(Gemm.class.getName());
    private static volatile GemmBackend backend = choose(System.getProperty("xnornet.gemm", "auto"));

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

    public static void setBackend(GemmBackend b) {
        backend = b;
    }

    /** Row-major C = alpha·op(A)·op(B) + beta·C. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        backend.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }
}
