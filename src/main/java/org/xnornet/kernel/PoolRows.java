package org.xnornet.kernel;

import java.util.SplittableRandom;

/**
 * The two row loops of {@link Pool#extremaPlane}, the float max (or min) pooling of evaluation. A scalar form runs on
 * every JVM but is not vectorised by C2 (its store may alias its loads at other offsets, see {@link VectorPath}): about
 * 1 ns an element on Zen 4. The Vector API form ({@code VectorPoolRows}) is used where this JVM runs it, after it has
 * matched the scalar form on a self-check and run until compiled. Both give every extremum's exact bits where it is
 * neither zero nor NaN; a zero may be either zero and a NaN any NaN of the window, which {@link Pool}'s callers
 * rescan, so which form runs changes speed only.
 */
public interface PoolRows {
    /** column[i] = the extremum of x[r0 + i], x[r0 + width + i] and x[r0 + 2·width + i], for i &lt; width. */
    void down3(float[] x, int r0, int width, boolean smallest, float[] column);

    /** column[width + i] = the extremum of column[i], column[i + 1] and column[i + 2], for i + 2 &lt; width. */
    void across3(float[] column, int width, boolean smallest);

    /** "scalar" or "vector". */
    String name();

    /** The form this JVM runs: vector where available and checked, else scalar. */
    static PoolRows active() {
        return Selected.ACTIVE;
    }

    /** The scalar form. */
    PoolRows SCALAR = new PoolRows() {
        @Override
        public void down3(float[] x, int r0, int width, boolean smallest, float[] column) {
            int r1 = r0 + width;
            int r2 = r1 + width;
            if (smallest) {
                for (int ix = 0; ix < width; ix++) {
                    column[ix] = Math.min(Math.min(x[r0 + ix], x[r1 + ix]), x[r2 + ix]);
                }
            } else {
                for (int ix = 0; ix < width; ix++) {
                    column[ix] = Math.max(Math.max(x[r0 + ix], x[r1 + ix]), x[r2 + ix]);
                }
            }
        }

        @Override
        public void across3(float[] column, int width, boolean smallest) {
            if (smallest) {
                for (int ix = 0; ix + 2 < width; ix++) {
                    column[width + ix] = Math.min(Math.min(column[ix], column[ix + 1]), column[ix + 2]);
                }
            } else {
                for (int ix = 0; ix + 2 < width; ix++) {
                    column[width + ix] = Math.max(Math.max(column[ix], column[ix + 1]), column[ix + 2]);
                }
            }
        }

        @Override
        public String name() {
            return "scalar";
        }
    };

    /** Loads, checks and warms the vector form once. */
    final class Selected {
        /** Widths the check and warm-up cover: whole vectors, tails, rows narrower than one vector. */
        private static final int[] WIDTHS = {112, 56, 29, 17, 8, 3};
        /** Calls of each pass per warm-up round. */
        private static final int ROUND = 480;
        static final PoolRows ACTIVE = select();

        private Selected() {
        }

        private static PoolRows select() {
            PoolRows v = VectorPath.load("org.xnornet.kernel.VectorPoolRows", PoolRows.class);
            try {
                if (v == null || !sameAsScalar(v)) {
                    return SCALAR;
                }
            } catch (RuntimeException e) {
                return SCALAR;
            }
            warmUp(v);
            return v;
        }

        /**
         * Both forms on random rows with signed zeros, NaNs and infinities among the values: equal wherever the
         * scalar result is neither zero nor NaN, a zero where it is zero and a NaN where it is NaN.
         */
        static boolean sameAsScalar(PoolRows v) {
            SplittableRandom rng = new SplittableRandom(29);
            float[] special = {0f, -0f, Float.NaN, Float.intBitsToFloat(0xffc00000), Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE};
            for (int width : WIDTHS) {
                for (int round = 0; round < 8; round++) {
                    float[] x = new float[1 + 3 * width];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = rng.nextInt(5) == 0 ? special[rng.nextInt(special.length)] : (float) rng.nextGaussian();
                    }
                    for (boolean smallest : new boolean[] {false, true}) {
                        float[] expected = new float[2 * width];
                        float[] got = new float[2 * width];
                        SCALAR.down3(x, 1, width, smallest, expected);
                        v.down3(x, 1, width, smallest, got);
                        // both across passes start from the scalar column
                        float[] across = expected.clone();
                        SCALAR.across3(expected, width, smallest);
                        v.across3(across, width, smallest);
                        System.arraycopy(across, width, got, width, width);
                        if (!agree(expected, got)) {
                            return false;
                        }
                    }
                }
            }
            return true;
        }

        private static boolean agree(float[] expected, float[] got) {
            for (int i = 0; i < expected.length; i++) {
                float e = expected[i];
                float g = got[i];
                boolean same = e == 0f ? g == 0f
                        : e != e ? g != g : Float.floatToRawIntBits(e) == Float.floatToRawIntBits(g);
                if (!same) {
                    return false;
                }
            }
            return true;
        }

        /** Runs {@code v} on every width, round after round, until {@link JitWarmUp} counts it compiled. */
        private static void warmUp(PoolRows v) {
            float[] x = new float[3 * WIDTHS[0]];
            SplittableRandom rng = new SplittableRandom(31);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rng.nextGaussian();
            }
            float[] column = new float[2 * WIDTHS[0]];
            JitWarmUp.untilCompiled(round -> {
                for (int c = 0; c < ROUND; c++) {
                    int width = WIDTHS[c % WIDTHS.length];
                    boolean smallest = c / WIDTHS.length % 2 == 0;
                    v.down3(x, 0, width, smallest, column);
                    v.across3(column, width, smallest);
                }
            });
        }
    }
}
