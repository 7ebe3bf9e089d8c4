package org.xnornet.kernel;

/**
 * Pure-Java blocked GEMM. Panels of op(B) are packed into a contiguous k×n block and op(A) rows are
 * packed per block of k, then a 4-row micro-kernel streams the packed B row so the JIT vectorises the
 * inner loop. Rows of C are split across the {@link Parallel} pool; each element's k-sum runs in a fixed
 * order, so results do not depend on the thread count.
 */
public final class JavaGemm implements GemmBackend {
    private static final int KC = 256;
    private static final int NC = 1024;
    private static final int ROWS = 4;

    @Override
    public String name() {
        return "java-blocked";
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        scaleC(m, n, beta, c, cOff, ldc);
        if (k == 0 || alpha == 0f) {
            return;
        }
        int nc = Math.min(NC, n);
        int kc = Math.min(KC, k);
        float[][] packedB = new float[kc][nc];
        for (int j0 = 0; j0 < n; j0 += nc) {
            int nb = Math.min(nc, n - j0);
            for (int p0 = 0; p0 < k; p0 += kc) {
                int kb = Math.min(kc, k - p0);
                packB(transB, b, bOff, ldb, p0, kb, j0, nb, packedB);
                int jStart = j0;
                int pStart = p0;
                int rowBlocks = (m + ROWS - 1) / ROWS;
                Parallel.forRange(rowBlocks, 1, (from, to) -> {
                    float[] packedA = new float[ROWS * kb];
                    float[][] acc = new float[ROWS][nb];
                    for (int rb = from; rb < to; rb++) {
                        int i0 = rb * ROWS;
                        int rows = Math.min(ROWS, m - i0);
                        packA(transA, a, aOff, lda, i0, rows, pStart, kb, alpha, packedA);
                        kernel(rows, kb, nb, packedA, packedB, c, cOff + i0 * ldc + jStart, ldc, acc);
                    }
                });
            }
        }
    }

    private static void scaleC(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, row, row + n, 0f);
            } else {
                for (int j = 0; j < n; j++) {
                    c[row + j] *= beta;
                }
            }
        }
    }

    /** Rows p0..p0+kb of op(B), columns j0..j0+nb, one array per row (see {@link #kernel} for why). */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kb, int j0, int nb,
                              float[][] packed) {
        for (int p = 0; p < kb; p++) {
            float[] row = packed[p];
            if (!transB) {
                System.arraycopy(b, bOff + (p0 + p) * ldb + j0, row, 0, nb);
            } else {
                int src = bOff + j0 * ldb + p0 + p;
                for (int j = 0; j < nb; j++) {
                    row[j] = b[src + j * ldb];
                }
            }
        }
    }

    private static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int rows, int p0, int kb,
                              float alpha, float[] packed) {
        java.util.Arrays.fill(packed, 0f);
        for (int r = 0; r < rows; r++) {
            for (int p = 0; p < kb; p++) {
                float v = transA ? a[aOff + (p0 + p) * lda + i0 + r] : a[aOff + (i0 + r) * lda + p0 + p];
                packed[r * kb + p] = alpha * v;
            }
        }
    }

    /**
     * C[rows × nb] += packedA[rows × kb] · packedB[kb × nb]. Each C row is accumulated in its own scratch array and
     * each B row is its own array, so every access in the inner loop is the loop index alone: HotSpot's C2 (Java 17)
     * vectorises a loop only when all its accesses share one offset, and with a B row at p·nb it stayed scalar
     * (4–5× slower).
     */
    private static void kernel(int rows, int kb, int nb, float[] pa, float[][] pb, float[] c, int cBase, int ldc,
                               float[][] acc) {
        float[] r0 = acc[0];
        float[] r1 = acc[1];
        float[] r2 = acc[2];
        float[] r3 = acc[3];
        java.util.Arrays.fill(r0, 0, nb, 0f);
        java.util.Arrays.fill(r1, 0, nb, 0f);
        java.util.Arrays.fill(r2, 0, nb, 0f);
        java.util.Arrays.fill(r3, 0, nb, 0f);
        for (int p = 0; p < kb; p++) {
            float a0 = pa[p];
            float a1 = rows > 1 ? pa[kb + p] : 0f;
            float a2 = rows > 2 ? pa[2 * kb + p] : 0f;
            float a3 = rows > 3 ? pa[3 * kb + p] : 0f;
            float[] bRow = pb[p];
            for (int j = 0; j < nb; j++) {
                float bv = bRow[j];
                r0[j] += a0 * bv;
                r1[j] += a1 * bv;
                r2[j] += a2 * bv;
                r3[j] += a3 * bv;
            }
        }
        for (int r = 0; r < rows; r++) {
            float[] src = acc[r];
            int cr = cBase + r * ldc;
            for (int j = 0; j < nb; j++) {
                c[cr + j] += src[j];
            }
        }
    }
}
