package org.xnornet.infer;

/**
 * The layout of the rows {@link XnorBlockKernel} multiplies (gathered receptive fields, or samples): rows in groups of
 * eight, each group word-major with its eight rows side by side, so that word i of row p sits at
 * {@code ((p / 8)·words + i)·8 + p mod 8}. One 512-bit load then holds word i of eight rows, and a scalar path reads a
 * row with a stride of eight. A buffer holds its rows rounded up to a multiple of eight; what the padding rows hold is
 * undefined, and their results are never stored.
 */
final class RowGroups {
    /** Rows side by side in a group. */
    static final int ROWS = 8;

    private RowGroups() {
    }

    /** Rows rounded up to whole groups. */
    static int padded(int rows) {
        return (rows + ROWS - 1) & -ROWS;
    }

    /**
     * Copies {@code count} words from {@code src} into a row from its position {@code at} on (an {@link #index}),
     * word after word eight apart; returns the position after the last.
     */
    static int put(long[] src, int srcOff, int count, long[] rows, int at) {
        for (int i = 0; i < count; i++, at += ROWS) {
            rows[at] = src[srcOff + i];
        }
        return at;
    }

    /** Where word i of row p sits, for rows of {@code words} words. */
    static int index(int p, int i, int words) {
        return ((p >>> 3) * words + i) * ROWS + (p & (ROWS - 1));
    }
}
