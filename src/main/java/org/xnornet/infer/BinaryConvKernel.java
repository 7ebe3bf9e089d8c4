package org.xnornet.infer;

import org.xnornet.kernel.ConvGeometry;
import org.xnornet.kernel.Parallel;

/**
 * Binary convolution by XNOR and popcount: y[n][o][oy][ox] = Σ over taps inside the image of sign(x)·sign(w), the
 * exact integer training's {@code BinaryConv2d} computes in float on ±1 values (any kernel, stride and padding;
 * padded taps add 0). Work goes in units of (image, tile of output pixels, group of 64 filters): a unit gathers its
 * pixels' receptive fields from the padded {@link PackedActivations} into one row per pixel (cheap: each
 * gathered word then meets every filter of the group) and runs {@link XnorBlockKernel} on them, adding the border
 * correction of {@link PackedConvWeights}. Units are fixed by the shapes and own disjoint outputs, so the result is
 * the same on any number of threads of the shared {@link Parallel} pool. Gather buffers ({@link RowGroups}) are
 * per-thread and reused ({@link RowScratch}).
 */
public final class BinaryConvKernel {
    /** Words of gathered receptive fields a unit works on: 16 KiB, so they stay in L1 beside a block of filters. */
    static final int TILE_WORDS = 2048;
    /** Filter blocks (of eight) per unit: 64 filters, whose words a unit streams once per tile. */
    static final int BLOCKS_PER_UNIT = 8;

    private BinaryConvKernel() {
    }

    /**
     * Output pixels per unit for rows of {@code rowWords} words: about {@link #TILE_WORDS} words, split evenly over
     * the image's tiles and rounded up to whole {@link RowGroups}, so that no tile is mostly padding.
     */
    static int tilePixels(int rowWords, int outPixels) {
        int most = Math.max(RowGroups.ROWS, TILE_WORDS / rowWords);
        int tiles = (outPixels + most - 1) / most;
        return RowGroups.padded((outPixels + tiles - 1) / tiles);
    }

    /**
     * Writes the {@code batch × out × outHeight × outWidth} integer outputs (NCHW) into {@code y} from {@code yOff}.
     * {@code x} must have the geometry's channels, size and padding.
     */
    public static void forward(PackedActivations x, PackedConvWeights w, int[] y, int yOff) {
        forward(x, 0, x.batch(), w, y, yOff);
    }

    /**
     * As {@link #forward(PackedActivations, PackedConvWeights, int[], int)} for images [first, first + count) of
     * {@code x} only, image {@code first}'s outputs at {@code yOff}: a packed network runs a batch in chunks of images
     * whose outputs stay in cache for the stage that reads them.
     */
    public static void forward(PackedActivations x, int first, int count, PackedConvWeights w, int[] y, int yOff) {
        ConvGeometry g = w.geometry();
        if (first < 0 || count < 1 || first + count > x.batch()) {
            throw new IllegalArgumentException("images [" + first + ", " + (first + count) + ") of a batch of "
                    + x.batch());
        }
        if (x.channels() != g.channels() || x.height() != g.height() || x.width() != g.width()
                || x.padding() != g.padding()) {
            throw new IllegalArgumentException("packed input " + x.channels() + "x" + x.height() + "x" + x.width()
                    + " padding " + x.padding() + " does not fit convolution " + g);
        }
        FilterBlocks f = w.filters();
        int out = f.out;
        int pixels = g.outPixels();
        requireRoom(y, yOff, (long) count * out * pixels);
        int tile = tilePixels(f.rowWords, pixels);
        int tiles = (pixels + tile - 1) / tile;
        int groups = (f.blocks + BLOCKS_PER_UNIT - 1) / BLOCKS_PER_UNIT;
        Parallel.forRange(count * tiles * groups, 1, (from, to) -> {
            RowScratch scratch = RowScratch.get();
            long[] fields = scratch.rows(tile, f.rowWords);
            BorderRows border = scratch.border();
            int gathered = -1;
            for (int u = from; u < to; u++) {
                int imageTile = u / groups;
                int group = u % groups;
                int n = imageTile / tiles;
                int p0 = (imageTile % tiles) * tile;
                int rows = Math.min(tile, pixels - p0);
                if (imageTile != gathered) {
                    gather(x, first + n, p0, rows, w, fields, border);
                    gathered = imageTile;
                }
                int blockFrom = group * BLOCKS_PER_UNIT;
                XnorBlockKernel.multiply(fields, rows, f, blockFrom, Math.min(f.blocks, blockFrom
                        + BLOCKS_PER_UNIT), y, yOff + n * out * pixels + p0, pixels, 1, w.correction(), w.classes(),
                        border);
            }
        });
    }

    static void requireRoom(int[] y, int yOff, long needed) {
        if (yOff < 0 || y.length - (long) yOff < needed) {
            throw new IllegalArgumentException("output needs " + needed + " ints from offset " + yOff + ", array has "
                    + y.length);
        }
    }

    /**
     * Copies the receptive fields of output pixels [p0, p0 + count) of image n into rows, and lists those that need a
     * border correction.
     */
    private static void gather(PackedActivations x, int n, int p0, int count, PackedConvWeights w, long[] fields,
                               BorderRows border) {
        border.clear(count);
        ConvGeometry g = w.geometry();
        int wpp = x.wordsPerPixel();
        int paddedWidth = g.width() + 2 * g.padding();
        int rowWords = paddedWidth * wpp;
        int image = n * (g.height() + 2 * g.padding()) * rowWords;
        int span = g.kernelW() * wpp;
        int kh = g.kernelH();
        int ow = g.outWidth();
        int s = g.stride();
        long[] a = x.words();
        for (int p = p0; p < p0 + count; p++) {
            int oy = p / ow;
            int ox = p % ow;
            int src = image + oy * s * rowWords + ox * s * wpp;
            int dst = RowGroups.index(p - p0, 0, w.filters().rowWords);
            for (int ki = 0; ki < kh; ki++, src += rowWords) {
                dst = RowGroups.put(a, src, span, fields, dst);
            }
            int cls = w.pixelClass(oy, ox);
            if (w.corrects(cls)) {
                border.add(p - p0, cls);
            }
        }
    }
}
