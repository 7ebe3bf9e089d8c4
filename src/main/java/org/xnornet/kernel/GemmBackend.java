package org.xnornet.kernel;

/**
 * A single-precision GEMM on row-major matrices: C = alpha·op(A)·op(B) + beta·C, with op(X) = X or Xᵀ.
 * Implementations must not split the k-sum across threads, so each element of C is summed in the same
 * order whatever the thread count.
 */
public interface GemmBackend {
    String name();

    /** The native library files behind this backend, where there are any and they can be told; else "". */
    default String library() {
        return "";
    }

    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
               float beta, float[] c, int cOff, int ldc);
}
