package org.xnornet.kernel;

/**
 * How {@link Winograd3x3} runs the exact forward of binary layers. On ±1 inputs (zero padding) and ±1 weights,
 * F(4×4, 3×3) with the integer filter transform G' = 24·G ({@link WinogradTransforms#FILTER_INTEGER4}) multiplies
 * integers: |V| ≤ s_k·s_l and |U'| ≤ r_k·r_l at position (k, l), with s and r the row sums of |Bᵀ| and |G'|, so every
 * partial sum of a position's GEMM is an integer of at most channels·c_k·c_l, c = r·s = (60, 120, 120, 42, 42, 240).
 * Floats hold integers exactly up to 2²⁴, so each position's GEMM is split into channel ranges that stay below it (at
 * 512 channels only the corner position (5, 5) needs two), and the output transform runs on the 4096s and the units
 * of those sums separately ({@link WinogradTransforms#splitHighLow}). The result, 576 times the convolution, is
 * exact, and so is its division by 576 ({@link WinogradTransforms#joinHighLow576}). The float F(4×4, 3×3) would
 * differ from im2col by rounding that depends on where an image falls in a GEMM, and a binary layer's next sign would
 * flip on it: a distributed step would no longer equal the local step on the union of the batches.
 */
record WinogradExactSplit(int channels, int[] channelsPerPart, int[] firstExtraSlot, int slots) {
    private static final int[] BOUND = {60, 120, 120, 42, 42, 240};

    static WinogradExactSplit of(int channels) {
        int[] per = new int[36];
        int[] extra = new int[36];
        int slots = 36;
        for (int xi = 0; xi < 36; xi++) {
            per[xi] = (1 << 24) / (BOUND[xi / 6] * BOUND[xi % 6]);
            extra[xi] = slots;
            slots += (channels + per[xi] - 1) / per[xi] - 1;
        }
        return new WinogradExactSplit(channels, per, extra, slots);
    }

    int channelsPerPart(int xi) {
        return channelsPerPart[xi];
    }

    int parts(int xi) {
        return (channels + channelsPerPart[xi] - 1) / channelsPerPart[xi];
    }

    /** Where part {@code part} of position xi's GEMM result lives: its own slot for part 0, extra slots after. */
    int slot(int xi, int part) {
        return part == 0 ? xi : firstExtraSlot[xi] + part - 1;
    }
}
