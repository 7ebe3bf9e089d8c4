package org.xnornet.infer;

import org.xnornet.kernel.Parallel;
import org.xnornet.tensor.BitTensor;

/**
 * Binary dense layer by XNOR and popcount: y[n][o] = Σ_i sign(x[n][i])·sign(w[o][i]), exact integers, the same
 * product as {@link org.xnornet.kernel.XnorGemm} on a {@link BitTensor} of samples, run by the convolution's
 * register-blocked {@link XnorBlockKernel} (a dense layer is a 1×1 convolution over a row of samples). Work is split
 * into (tile of samples, group of 64 outputs) units fixed by the shapes, so any thread count gives the same result.
 */
public final class BinaryDense {
    private BinaryDense() {
    }

    /** Writes {@code x.rows() × out} integers (row-major) into {@code y} from {@code yOff}. */
    public static void forward(BitTensor x, PackedDenseWeights w, int[] y, int yOff) {
        FilterBlocks f = w.filters();
        if (x.cols() != f.channels) {
            throw new IllegalArgumentException("dense layer of " + f.channels + " inputs got rows of " + x.cols());
        }
        int rows = x.rows();
        BinaryConvKernel.requireRoom(y, yOff, (long) rows * f.out);
        int tile = BinaryConvKernel.tilePixels(f.rowWords, rows);
        int tiles = (rows + tile - 1) / tile;
        int groups = (f.blocks + BinaryConvKernel.BLOCKS_PER_UNIT - 1) / BinaryConvKernel.BLOCKS_PER_UNIT;
        int out = f.out;
        Parallel.forRange(tiles * groups, 1, (from, to) -> {
            long[] rowsOfTile = RowScratch.get().rows(tile, f.rowWords);
            int copied = -1;
            for (int u = from; u < to; u++) {
                int r0 = (u / groups) * tile;
                int count = Math.min(tile, rows - r0);
                if (r0 != copied) {
                    for (int r = 0; r < count; r++) {
                        RowGroups.put(x.words(), (r0 + r) * f.rowWords, f.rowWords, rowsOfTile,
                                RowGroups.index(r, 0, f.rowWords));
                    }
                    copied = r0;
                }
                int blockFrom = (u % groups) * BinaryConvKernel.BLOCKS_PER_UNIT;
                XnorBlockKernel.multiply(rowsOfTile, count, f, blockFrom,
                        Math.min(f.blocks, blockFrom + BinaryConvKernel.BLOCKS_PER_UNIT), y, yOff + r0 * out, 1, out,
                        null, 0, null);
            }
        });
    }
}
