package org.xnornet.infer;

/**
 * How {@link XnorBlockKernel} counts differing bits: for rows a_p ({@code words} words each) and one block of eight
 * interleaved filters w ({@link FilterBlocks}), the count of row p and filter j is Σ_i popcount(a_p[i] XOR w[i·8 + j]),
 * stored filter-major at {@code counts[j·rows + p]}, so that the caller's pass over them runs along the rows,
 * contiguous on both sides (the JIT vectorises it). Every implementation returns the same integers; they differ only
 * in speed ({@link PopcountPaths} picks one at run time).
 */
interface PopcountKernel {
    /** A short name for logs and benchmarks: "scalar" or "vector". */
    String name();

    /** Fills {@code counts[j·rows + p]} for filters j < 8 and rows p < {@code rows} of {@code a} against {@code w}. */
    void countBlock(long[][] a, int rows, long[] w, int words, int[] counts);
}
