package org.xnornet.infer;

/**
 * Per-thread buffers of the kernels' gathered rows, kept across calls so the hot path allocates nothing once a
 * thread has seen the largest layer. Contents are undefined on entry.
 */
final class RowScratch {
    private static final ThreadLocal<RowScratch> LOCAL = ThreadLocal.withInitial(RowScratch::new);

    private long[] rows = new long[0];
    private final BorderRows border = new BorderRows();
    private int[] products = new int[0];
    private final int[] groups = new int[2 * RowGroups.ROWS * FilterBlocks.BLOCK];

    private RowScratch() {
    }

    static RowScratch get() {
        return LOCAL.get();
    }

    /** Room for {@code count} rows of {@code words} words each in the {@link RowGroups} layout. */
    long[] rows(int count, int words) {
        long needed = (long) RowGroups.padded(count) * words;
        if (rows.length < needed) {
            rows = new long[Math.toIntExact(needed)];
        }
        return rows;
    }

    /** This thread's list of rows that need a border correction (its user clears it). */
    BorderRows border() {
        return border;
    }

    /** Two groups of rows' products for eight filters: where a kernel spills a partial group. */
    int[] groups() {
        return groups;
    }

    /** At least {@code count} ints for products written through a scratch. */
    int[] products(int count) {
        if (products.length < count) {
            products = new int[count];
        }
        return products;
    }
}
