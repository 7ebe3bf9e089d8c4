package org.xnornet.infer;

/**
 * Per-thread buffers of the kernels' gathered rows, kept across calls so the hot path allocates nothing once a
 * thread has seen the largest layer. Contents are undefined on entry.
 */
final class RowScratch {
    private static final ThreadLocal<RowScratch> LOCAL = ThreadLocal.withInitial(RowScratch::new);

    private long[][] rows = new long[0][];
    private final BorderRows border = new BorderRows();
    private int[] counts = new int[0];

    private RowScratch() {
    }

    static RowScratch get() {
        return LOCAL.get();
    }

    /** At least {@code count} rows of at least {@code words} words each. */
    long[][] rows(int count, int words) {
        if (rows.length < count || rows[0].length < words) {
            rows = new long[Math.max(count, rows.length)][Math.max(words, rows.length == 0 ? 0 : rows[0].length)];
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
