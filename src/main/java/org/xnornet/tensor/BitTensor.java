package org.xnornet.tensor;

/**
 * A matrix of ±1 values packed 64 to a {@code long}: bit set means +1, clear means −1, so sign(0) = +1 as
 * in the quantizers. Rows are padded to whole words with clear bits in every row alike; {@link #cols()}
 * keeps the true length so XNOR-popcount dot products can discount the padding.
 */
public final class BitTensor {
    private final int rows;
    private final int cols;
    private final int wordsPerRow;
    private final long[] words;

    public BitTensor(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.wordsPerRow = (cols + 63) >>> 6;
        this.words = new long[rows * wordsPerRow];
    }

    /** Packs the signs of {@code rows × cols} values starting at {@code offset} (row-major). */
    public static BitTensor packSigns(float[] values, int offset, int rows, int cols) {
        BitTensor t = new BitTensor(rows, cols);
        for (int r = 0; r < rows; r++) {
            int base = offset + r * cols;
            int w = r * t.wordsPerRow;
            for (int c = 0; c < cols; c++) {
                if (values[base + c] >= 0f) {
                    t.words[w + (c >>> 6)] |= 1L << (c & 63);
                }
            }
        }
        return t;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int wordsPerRow() {
        return wordsPerRow;
    }

    public long[] words() {
        return words;
    }

    /** The ±1 value at (row, col). */
    public float get(int row, int col) {
        long word = words[row * wordsPerRow + (col >>> 6)];
        return ((word >>> (col & 63)) & 1L) != 0 ? 1f : -1f;
    }

    /** Bytes used by the packed words. */
    public long byteSize() {
        return 8L * words.length;
    }
}
