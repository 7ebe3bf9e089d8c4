package org.xnornet.infer;

/**
 * How {@link XnorBlockKernel} counts differing bits: for rows a_p ({@code words} words each, laid out in
 * {@link RowGroups}) and one block of eight interleaved filters w ({@link FilterBlocks}), the ±1 dot product of row p
 * and filter j is n − 2·Σ_i popcount(a_p[i] XOR w[i·8 + j]), written straight into the layer's output. A path also
 * packs float activations into sign bits ({@link #packSigns}), the other per-element step of a binary layer. Every
 * implementation returns the same integers and bits; they differ only in speed ({@link PopcountPaths} picks one at
 * run time).
 */
interface PopcountKernel {
    /** A short name for logs and benchmarks: "scalar" or "vector". */
    String name();

    /**
     * Writes row p's product with filter j, n − 2·count, at {@code y[yOff + j·outStride + p·rowStride]} for filters
     * j &lt; {@code live} (at most 8) and rows p &lt; {@code rows} of {@code a} against the block {@code w}.
     */
    void outputBlock(long[] a, int rows, long[] w, int words, int n, int live, int[] y, int yOff, int outStride,
                     int rowStride);

    /**
     * Packs pixels [from, from + count) of one image's NCHW planes into {@link PackedActivations} words: channel c's
     * plane starts at {@code x[src + c·plane]}, pixel p = y·width + px; its word for channels [64g, 64g + 64) goes to
     * {@code words[dst + y·rowWords + px·wpp + g]}, bit c mod 64 set where training's sign of norm(x) (x itself where
     * {@code norm} is null) is +1 ({@link SignBits}), bits past {@code channels} clear.
     */
    void packSigns(float[] x, int src, int plane, int channels, int from, int count, int width, EvalNorm norm,
                   long[] words, int dst, int rowWords, int wpp);
}
