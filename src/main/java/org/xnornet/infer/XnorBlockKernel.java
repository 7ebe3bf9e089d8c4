package org.xnornet.infer;

/**
 * The inner loop every binary layer runs: for packed rows a_p (pixels or samples, {@code rowWords} words each, one
 * array per row) and the filters of a {@link FilterBlocks}, y[o][p] = n − 2·Σ_k popcount(a_p[k] XOR f_o[k]) + corr,
 * the ±1 dot product (n = channels × taps) plus a border correction. Register-blocked: eight filters per pass, so
 * each loaded activation word meets eight filters while the eight counts stay in registers (four filters × two or
 * three rows ran no faster: C2 spills their accumulators). Rows and filter blocks sit in arrays of their own, indexed
 * from 0, which leaves C2 a register more for the counts (5–9% faster than offsets into one array). Integer
 * arithmetic: exact, and independent of order.
 */
final class XnorBlockKernel {
    private XnorBlockKernel() {
    }

    /**
     * Computes the filters of blocks [blockFrom, blockTo) against rows [0, rows) of {@code a}, storing filter o, row p
     * at {@code y[yOff + o·outStride + p·rowStride]} for o < out. With {@code corr} non-null, adds {@code corr[o·classes + rowClass[p]]} (the border correction of row p's pixel).
     */
    static void multiply(long[][] a, int rows, FilterBlocks f, int blockFrom, int blockTo, int[] y, int yOff,
                         int outStride, int rowStride, int[] corr, int classes, int[] rowClass) {
        int k = f.rowWords;
        int n = f.channels * f.taps;
        for (int b = blockFrom; b < blockTo; b++) {
            long[] w = f.blockWords[b];
            int o = b * FilterBlocks.BLOCK;
            int live = Math.min(FilterBlocks.BLOCK, f.out - o);
            for (int p = 0; p < rows; p++) {
                long[] row = a[p];
                int c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0;
                for (int i = 0; i < k; i++) {
                    long x = row[i];
                    int wi = i * FilterBlocks.BLOCK;
                    c0 += Long.bitCount(x ^ w[wi]);
                    c1 += Long.bitCount(x ^ w[wi + 1]);
                    c2 += Long.bitCount(x ^ w[wi + 2]);
                    c3 += Long.bitCount(x ^ w[wi + 3]);
                    c4 += Long.bitCount(x ^ w[wi + 4]);
                    c5 += Long.bitCount(x ^ w[wi + 5]);
                    c6 += Long.bitCount(x ^ w[wi + 6]);
                    c7 += Long.bitCount(x ^ w[wi + 7]);
                }
                int at = yOff + o * outStride + p * rowStride;
                int c = corr == null ? -1 : (o * classes + rowClass[p]);
                y[at] = value(n, c0, corr, c);
                if (live > 1) {
                    y[at + 1 * outStride] = value(n, c1, corr, c < 0 ? c : c + 1 * classes);
                }
                if (live > 2) {
                    y[at + 2 * outStride] = value(n, c2, corr, c < 0 ? c : c + 2 * classes);
                }
                if (live > 3) {
                    y[at + 3 * outStride] = value(n, c3, corr, c < 0 ? c : c + 3 * classes);
                }
                if (live > 4) {
                    y[at + 4 * outStride] = value(n, c4, corr, c < 0 ? c : c + 4 * classes);
                }
                if (live > 5) {
                    y[at + 5 * outStride] = value(n, c5, corr, c < 0 ? c : c + 5 * classes);
                }
                if (live > 6) {
                    y[at + 6 * outStride] = value(n, c6, corr, c < 0 ? c : c + 6 * classes);
                }
                if (live > 7) {
                    y[at + 7 * outStride] = value(n, c7, corr, c < 0 ? c : c + 7 * classes);
                }
            }
        }
    }

    /** The dot product n − 2·(differing bits), plus correction {@code corr[c]} when c ≥ 0. */
    private static int value(int n, int differing, int[] corr, int c) {
        return n - 2 * differing + (c < 0 ? 0 : corr[c]);
    }
}
