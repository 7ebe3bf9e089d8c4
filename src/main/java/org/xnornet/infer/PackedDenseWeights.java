package org.xnornet.infer;

/**
 * A binary dense layer's weights {@code [out][in]} packed for {@link BinaryDense}: training's signs
 * ({@link SignBits}), 64 inputs to a word, in the four-filter blocks of the convolution kernel.
 */
public final class PackedDenseWeights {
    private final FilterBlocks filters;

    private PackedDenseWeights(FilterBlocks filters) {
        this.filters = filters;
    }

    /** Packs float weights {@code [out][in]} (row-major) from {@code wOff}. */
    public static PackedDenseWeights pack(float[] w, int wOff, int out, int in) {
        return new PackedDenseWeights(FilterBlocks.pack(w, wOff, out, in, 1));
    }

    public int outFeatures() {
        return filters.out;
    }

    public int inFeatures() {
        return filters.channels;
    }

    FilterBlocks filters() {
        return filters;
    }
}
