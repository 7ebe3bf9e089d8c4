package org.xnornet.infer;

/**
 * The inner loop every binary layer runs: for packed rows a_p (pixels or samples, {@code rowWords} words each, laid
 * out in {@link RowGroups}) and the filters of a {@link FilterBlocks},
 * y[o][p] = n − 2·Σ_k popcount(a_p[k] XOR f_o[k]) + corr, the ±1 dot product (n = channels × taps) plus a border
 * correction. The products come from the {@link PopcountKernel} {@link PopcountPaths} selected, a block of eight
 * filters at a time, written straight into y; the correction is then added at the border rows alone
 * ({@link BorderRows}). Filter blocks sit in arrays of their own, indexed from 0, which leaves the JIT a register more.
 * Integer arithmetic: exact, and independent of order and of the path.
 */
final class XnorBlockKernel {
    private XnorBlockKernel() {
    }

    /**
     * Computes the filters of blocks [blockFrom, blockTo) against rows [0, rows) of {@code a}, storing filter o, row p
     * at {@code y[yOff + o·outStride + p·rowStride]} for o < out. With {@code border} non-null, adds
     * {@code corr[o·classes + k]} at each of its rows (k the row's class).
     */
    static void multiply(long[] a, int rows, FilterBlocks f, int blockFrom, int blockTo, int[] y, int yOff,
                         int outStride, int rowStride, int[] corr, int classes, BorderRows border) {
        PopcountKernel path = PopcountPaths.active();
        int n = f.channels * f.taps;
        for (int b = blockFrom; b < blockTo; b++) {
            int o0 = b * FilterBlocks.BLOCK;
            int live = Math.min(FilterBlocks.BLOCK, f.out - o0);
            path.outputBlock(a, rows, f.blockWords[b], f.rowWords, n, live, y, yOff + o0 * outStride, outStride,
                    rowStride);
            for (int j = 0; border != null && j < live; j++) {
                int at = yOff + (o0 + j) * outStride;
                int c = (o0 + j) * classes;
                for (int k = 0; k < border.count; k++) {
                    y[at + border.rows[k] * rowStride] += corr[c + border.classes[k]];
                }
            }
        }
    }
}
