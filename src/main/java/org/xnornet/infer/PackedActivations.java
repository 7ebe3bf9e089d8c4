package org.xnornet.infer;

import org.xnornet.kernel.Parallel;

/**
 * A batch of binary feature maps, channels packed 64 to a {@code long} per pixel (NHWC-words): word
 * {@code ((n·(H+2p) + y)·(W+2p) + x)·words + c/64}, bit {@code c mod 64}, set for +1. The maps carry a border of
 * {@code p} pixels whose words are 0 (all −1), the zero padding of the convolution that reads them, so its loops
 * never test bounds; {@link PackedConvWeights} corrects the border taps to the 0 training pads with. Bits of
 * channels past the channel count are clear, so they agree with the weights' clear bits and count nothing.
 */
public final class PackedActivations {
    private final int batch;
    private final int channels;
    private final int height;
    private final int width;
    private final int padding;
    private final int wordsPerPixel;
    private final long[] words;
    /** Pixels of an image packed per unit of work: four of the vector path's 64-pixel blocks. */
    private static final int PACK_PIXELS = 256;

    public PackedActivations(int batch, int channels, int height, int width, int padding) {
        if (batch < 1 || channels < 1 || height < 1 || width < 1 || padding < 0) {
            throw new IllegalArgumentException("invalid packed activation shape " + batch + "x" + channels + "x"
                    + height + "x" + width + " padding " + padding);
        }
        this.batch = batch;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.padding = padding;
        this.wordsPerPixel = (channels + 63) >>> 6;
        this.words = new long[Math.multiplyExact(batch * (height + 2 * padding) * (width + 2 * padding),
                wordsPerPixel)];
    }

    /** {@code previous} if it has this shape (its border is still 0), else a new one: buffers live across calls. */
    public static PackedActivations reuse(PackedActivations previous, int batch, int channels, int height, int width,
                                          int padding) {
        if (previous != null && previous.batch == batch && previous.channels == channels
                && previous.height == height && previous.width == width && previous.padding == padding) {
            return previous;
        }
        return new PackedActivations(batch, channels, height, width, padding);
    }

    /** Packs a new buffer from NCHW floats. */
    public static PackedActivations pack(float[] x, int xOff, int batch, int channels, int height, int width,
                                         int padding) {
        PackedActivations p = new PackedActivations(batch, channels, height, width, padding);
        p.packFrom(x, xOff);
        return p;
    }

    /**
     * Overwrites the interior with the signs of {@code batch × channels × height × width} NCHW floats from
     * {@code xOff} (training's convention, {@link SignBits}); the border stays 0. Parallel over image rows.
     */
    public void packFrom(float[] x, int xOff) {
        packFrom(x, xOff, null);
    }

    /** As {@link #packFrom(float[], int)}, packing the signs of {@code norm(x)} when {@code norm} is not null. */
    void packFrom(float[] x, int xOff, EvalNorm norm) {
        int plane = height * width;
        int paddedWidth = width + 2 * padding;
        int wpp = wordsPerPixel;
        PopcountKernel path = PopcountPaths.active();
        int bands = (plane + PACK_PIXELS - 1) / PACK_PIXELS;
        Parallel.forRange(batch * bands, 1, (from, to) -> {
            for (int u = from; u < to; u++) {
                int n = u / bands;
                int p0 = u % bands * PACK_PIXELS;
                int dst = ((n * (height + 2 * padding) + padding) * paddedWidth + padding) * wpp;
                path.packSigns(x, xOff + n * channels * plane, plane, channels, p0, Math.min(PACK_PIXELS, plane - p0),
                        width, norm, words, dst, paddedWidth * wpp, wpp);
            }
        });
    }

    public int batch() {
        return batch;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int padding() {
        return padding;
    }

    public int wordsPerPixel() {
        return wordsPerPixel;
    }

    /** The packed words, border included (layout in the class comment). */
    public long[] words() {
        return words;
    }
}
