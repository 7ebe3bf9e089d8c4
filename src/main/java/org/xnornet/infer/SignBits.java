package org.xnornet.infer;

import org.xnornet.tensor.BitTensor;

/**
 * The sign convention of training's sign quantizer ({@link org.xnornet.kernel.Im2Col#sign}) as one bit: 1 for +1,
 * 0 for −1. It reads the sign bit of {@code v + 0f}, exactly as training does, so +0 and −0 give +1, and a NaN gives
 * the sign its sign bit says (training's ±1 for that NaN), which a comparison {@code v >= 0} would not.
 */
public final class SignBits {
    private SignBits() {
    }

    /** 1 where training's sign(v) is +1, else 0. */
    public static long bit(float v) {
        return (~Float.floatToRawIntBits(v + 0f)) >>> 31;
    }

    /**
     * Packs the signs of {@code rows × cols} row-major values from {@code offset}, with this convention (unlike
     * {@link BitTensor#packSigns}, which sends every NaN to −1): a dense layer's input or weights.
     */
    public static BitTensor packRows(float[] values, int offset, int rows, int cols) {
        BitTensor t = new BitTensor(rows, cols);
        long[] words = t.words();
        int wpr = t.wordsPerRow();
        for (int r = 0; r < rows; r++) {
            int base = offset + r * cols;
            for (int c = 0; c < cols; c++) {
                words[r * wpr + (c >>> 6)] |= bit(values[base + c]) << (c & 63);
            }
        }
        return t;
    }
}
