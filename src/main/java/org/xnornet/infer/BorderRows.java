package org.xnornet.infer;

/**
 * The rows of a tile whose pixels touch the padding, each with its correction class ({@link PackedConvWeights}):
 * the only rows {@link XnorBlockKernel} corrects, so interior pixels (most of a map) cost nothing extra.
 */
final class BorderRows {
    int[] rows = new int[0];
    int[] classes = new int[0];
    int count;

    /** Empties the list, with room for {@code capacity} rows. */
    void clear(int capacity) {
        if (rows.length < capacity) {
            rows = new int[capacity];
            classes = new int[capacity];
        }
        count = 0;
    }

    void add(int row, int cls) {
        rows[count] = row;
        classes[count] = cls;
        count++;
    }
}
