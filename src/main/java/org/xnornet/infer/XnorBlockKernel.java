package org.xnornet.infer;

/**
 * The inner loop every binary layer runs: for packed rows a_p (pixels or samples, {@code rowWords} words each, one
 * array per row) and the filters of a {@link FilterBlocks}, y[o][p] = n − 2·Σ_k popcount(a_p[k] XOR f_o[k]) + corr,
 * the ±1 dot product (n = channels × taps) plus a border correction. The counts come from the {@link PopcountKernel}
 * {@link PopcountPaths} selected, a block of eight filters at a time; rows and filter blocks sit in arrays of their
 * own, indexed from 0, which leaves the JIT a register more for the counts (5–9% faster than offsets into one array).
 * Integer arithmetic: exact, and independent of order and of the path.
 */
final class XnorBlockKernel {
    private XnorBlockKernel() {
    }

    /**
     * Computes the filters of blocks [blockFrom, blockTo) against rows [0, rows) of {@code a}, storing filter o, row p
     * at {@code y[yOff + o·outStride + p·rowStride]} for o < out. With {@code corr} non-null, adds
     * {@code corr[o·classes + rowClass[p]]} (the border correction of row p's pixel).
     */
    static void multiply(long[][] a, int rows, FilterBlocks f, int blockFrom, int blockTo, int[] y, int yOff,
                         int outStride, int rowStride, int[] corr, int classes, int[] rowClass) {
        PopcountKernel path = PopcountPaths.active();
        int n = f.channels * f.taps;
        int[] counts = RowScratch.get().counts(rows * FilterBlocks.BLOCK);
        for (int b = blockFrom; b < blockTo; b++) {
            path.countBlock(a, rows, f.blockWords[b], f.rowWords, counts);
            int o0 = b * FilterBlocks.BLOCK;
            int live = Math.min(FilterBlocks.BLOCK, f.out - o0);
            for (int j = 0; j < live; j++) {
                int o = o0 + j;
                int at = yOff + o * outStride;
                if (corr == null) {
                    for (int p = 0; p < rows; p++) {
                        y[at + p * rowStride] = n - 2 * counts[p * FilterBlocks.BLOCK + j];
                    }
                } else {
                    int c = o * classes;
                    for (int p = 0; p < rows; p++) {
                        y[at + p * rowStride] = n - 2 * counts[p * FilterBlocks.BLOCK + j] + corr[c + rowClass[p]];
                    }
                }
            }
        }
    }
}
