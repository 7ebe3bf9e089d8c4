package org.xnornet.kernel;

/**
 * Per-thread reusable scratch arrays for kernels whose temporaries are large (im2col patch matrices reach
 * 64 MiB). Reusing them avoids allocating, zeroing and collecting that memory on every call. A slot's
 * contents are undefined on entry and valid only until the same thread asks for that slot again.
 */
public final class Scratch {
    /** Slots used by {@link Conv}: the patch matrix and the output-shaped matrix. */
    static final int PATCH = 0;
    static final int OUTPUT = 1;
    /** Slot for flipped weights of the transposed convolution in {@link Conv#backward}. */
    static final int WEIGHT = 2;
    /** Slots used by {@link Winograd3x3}: transformed filters, and one padded input plane per worker thread. */
    static final int WINOGRAD_FILTER = 3;
    static final int PLANE = 4;
    private static final int SLOTS = 5;

    private static final ThreadLocal<float[][]> ARRAYS = ThreadLocal.withInitial(() -> new float[SLOTS][]);

    private Scratch() {
    }

    /** An array of at least {@code size} floats for this thread's {@code slot}. */
    static float[] floats(int slot, int size) {
        float[][] arrays = ARRAYS.get();
        float[] a = arrays[slot];
        if (a == null || a.length < size) {
            a = new float[size];
            arrays[slot] = a;
        }
        return a;
    }
}
