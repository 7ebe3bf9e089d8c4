package org.xnornet.infer;

/**
 * Per-thread buffers of the kernels' gathered rows, kept across calls so the hot path allocates nothing once a
 * thread has seen the largest layer. Contents are undefined on entry.
 */
final class RowScratch {
    private static final ThreadLocal<RowScratch> LOCAL = ThreadLocal.withInitial(RowScratch::new);

    private long[] rows = new long[0];
    private final BorderRows border = new BorderRows();
    private int[] counts = new int[0];

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

    /** At least {@code count} ints for popcounts ({@link XnorBlockKernel}). */
    int[] counts(int count) {
        if (counts.length < count) {
            counts = new int[count];
        }
        return counts;
    }
}
