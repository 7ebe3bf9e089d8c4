package org.xnornet.infer;

/**
 * Binary filters packed for {@link XnorBlockKernel}: filter o's row of {@code rowWords = taps × ⌈channels/64⌉}
 * words (tap-major, channels packed 64 to a word, bit set for +1, bits past the channel count clear), eight filters
 * interleaved word by word in one array per block ({@code blockWords[o / 8][k·8 + o mod 8]}), so that one index walks
 * eight filters at once. Filters past {@code out} in the last block are all −1; their results are never stored.
 * {@code tapSums[o·taps + t]} = Σ over channels of sign(w) at tap t: what a −1 border pixel adds at that tap, negated.
 */
final class FilterBlocks {
    static final int BLOCK = 8;

    final int out;
    final int channels;
    final int taps;
    final int wordsPerPixel;
    final int rowWords;
    final int blocks;
    final long[][] blockWords;
    final int[] tapSums;

    private FilterBlocks(int out, int channels, int taps) {
        if (out < 1 || channels < 1 || taps < 1) {
            throw new IllegalArgumentException("invalid filter shape: " + out + " filters of " + channels
                    + " channels x " + taps + " taps");
        }
        this.out = out;
        this.channels = channels;
        this.taps = taps;
        this.wordsPerPixel = (channels + 63) >>> 6;
        this.rowWords = Math.multiplyExact(taps, wordsPerPixel);
        this.blocks = (out + BLOCK - 1) / BLOCK;
        this.blockWords = new long[blocks][Math.multiplyExact(BLOCK, rowWords)];
        this.tapSums = new int[out * taps];
    }

    /** Packs training's signs ({@link SignBits}) of float filters laid out {@code [out][channels][taps]}. */
    static FilterBlocks pack(float[] w, int wOff, int out, int channels, int taps) {
        FilterBlocks f = new FilterBlocks(out, channels, taps);
        for (int o = 0; o < out; o++) {
            long[] block = f.blockWords[o / BLOCK];
            for (int c = 0; c < channels; c++) {
                int src = wOff + (o * channels + c) * taps;
                for (int t = 0; t < taps; t++) {
                    long bit = SignBits.bit(w[src + t]);
                    int k = t * f.wordsPerPixel + (c >>> 6);
                    block[k * BLOCK + o % BLOCK] |= bit << (c & 63);
                    f.tapSums[o * taps + t] += (int) (2 * bit - 1);
                }
            }
        }
        return f;
    }
}
