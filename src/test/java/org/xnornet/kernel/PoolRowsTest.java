package org.xnornet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PoolRowsTest {
    private static final float[] SPECIAL = {0f, -0f, Float.NaN, Float.intBitsToFloat(0xffc00001),
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE};

    /** The vector form runs where the build expects it (the vector rerun sets the property). */
    @Test
    void theVectorFormRunsWhereExpected() {
        String expected = Boolean.getBoolean("xnornet.expectVectorPath") ? "vector" : null;
        if (expected != null) {
            assertEquals(expected, PoolRows.active().name());
        }
        if (VectorPath.unavailableReason() != null) {
            assertEquals("scalar", PoolRows.active().name());
        }
    }

    /**
     * The active form against the scalar one on every width from 1 to 70 and two wide rows, specials among the
     * values: the same bits wherever the scalar result is neither zero nor NaN, a zero or a NaN where it is one, and
     * nothing written outside the row's outputs.
     */
    @Test
    void activeFormAgreesWithScalarAndWritesOnlyItsOutputs() {
        SplittableRandom rng = new SplittableRandom(5);
        PoolRows active = PoolRows.active();
        for (int width = 1; width <= 72; width++) {
            check(active, rng, width);
        }
        check(active, rng, 112);
        check(active, rng, 224);
    }

    private static void check(PoolRows active, SplittableRandom rng, int width) {
        float[] x = new float[2 + 3 * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextInt(6) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : (float) rng.nextGaussian();
        }
        float sentinel = 12345f;
        for (boolean smallest : new boolean[] {false, true}) {
            float[] expected = new float[2 * width + 1];
            java.util.Arrays.fill(expected, sentinel);
            float[] got = expected.clone();
            PoolRows.SCALAR.down3(x, 2, width, smallest, expected);
            active.down3(x, 2, width, smallest, got);
            assertAgree(expected, got, "down3 width " + width + (smallest ? " min" : " max"));
            System.arraycopy(expected, 0, got, 0, width);
            PoolRows.SCALAR.across3(expected, width, smallest);
            active.across3(got, width, smallest);
            assertAgree(expected, got, "across3 width " + width + (smallest ? " min" : " max"));
        }
    }

    private static void assertAgree(float[] expected, float[] got, String what) {
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float g = got[i];
            if (e == 0f) {
                assertEquals(0f, Math.abs(g), what + " at " + i);
            } else if (e != e) {
                assertTrue(g != g, what + " at " + i + ": expected a NaN, got " + g);
            } else {
                assertEquals(Float.floatToRawIntBits(e), Float.floatToRawIntBits(g), what + " at " + i);
            }
        }
    }

    /** The self-check that admits a vector form refuses one that loses a NaN or the last column. */
    @Test
    void selfCheckRefusesAWrongForm() {
        assertTrue(PoolRows.Selected.sameAsScalar(PoolRows.SCALAR));
        PoolRows dropsNaN = new PoolRows() {
            @Override
            public void down3(float[] x, int r0, int width, boolean smallest, float[] column) {
                for (int i = 0; i < width; i++) {
                    float a = x[r0 + i];
                    float b = x[r0 + width + i];
                    float c = x[r0 + 2 * width + i];
                    float m = smallest ? (a < b ? a : b) : (a > b ? a : b);
                    column[i] = smallest ? (m < c ? m : c) : (m > c ? m : c);
                }
            }

            @Override
            public void across3(float[] column, int width, boolean smallest) {
                PoolRows.SCALAR.across3(column, width, smallest);
            }

            @Override
            public String name() {
                return "drops NaN";
            }
        };
        assertFalse(PoolRows.Selected.sameAsScalar(dropsNaN));
        PoolRows shortAcross = new PoolRows() {
            @Override
            public void down3(float[] x, int r0, int width, boolean smallest, float[] column) {
                PoolRows.SCALAR.down3(x, r0, width, smallest, column);
            }

            @Override
            public void across3(float[] column, int width, boolean smallest) {
                PoolRows.SCALAR.across3(column, width - 1, smallest);
            }

            @Override
            public String name() {
                return "short";
            }
        };
        assertFalse(PoolRows.Selected.sameAsScalar(shortAcross));
    }
}
