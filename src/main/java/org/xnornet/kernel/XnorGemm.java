package org.xnornet.kernel;

import org.xnornet.tensor.BitTensor;

/**
 * Binary matrix product by XNOR and popcount: for ±1 rows a and b of length n,
 * a·b = n − 2·popcount(a XOR b). Both operands are packed row-wise along the shared dimension, so
 * C[i][j] = A.row(i) · B.row(j). Integer arithmetic, hence exact and order-free.
 */
public final class XnorGemm {
    private XnorGemm() {
    }

    /** C (rows(A) × rows(B), row-major) = A · Bᵀ over ±1 values; both must have the same column count. */
    public static void multiply(BitTensor a, BitTensor b, float[] c, int cOff) {
        if (a.cols() != b.cols()) {
            throw new IllegalArgumentException("XNOR GEMM needs equal row lengths, got " + a.cols() + " and "
                    + b.cols());
        }
        int words = a.wordsPerRow();
        int n = a.cols();
        long[] aw = a.words();
        long[] bw = b.words();
        int bRows = b.rows();
        Parallel.forRange(a.rows(), 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                int ai = i * words;
                for (int j = 0; j < bRows; j++) {
                    int bj = j * words;
                    int diff = 0;
                    for (int w = 0; w < words; w++) {
                        diff += Long.bitCount(aw[ai + w] ^ bw[bj + w]);
                    }
                    c[cOff + i * bRows + j] = n - 2 * diff;
                }
            }
        });
    }
}
