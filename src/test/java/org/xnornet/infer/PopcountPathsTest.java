package org.xnornet.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xnornet.kernel.ConvGeometry;

/**
 * The scalar and vector popcount paths give identical integers: block by block on every row length from 1 to 80
 * words (the vector path's groups of four and their remainders) and on all-ones words (the counts' maximum), and
 * through whole convolutions. On Java 17 the vector path is absent and only the selection is checked; the build's
 * second Surefire run (JDK 25 with the module, {@code xnornet.expectVectorPath=true}) requires it to be present.
 */
class PopcountPathsTest {
    @AfterEach
    void restore() {
        PopcountPaths.use("auto");
    }

    @Test
    void vectorPathIsPresentWhereTheBuildExpectsIt() {
        if (Boolean.getBoolean("xnornet.expectVectorPath")) {
            assertNotNull(PopcountPaths.vector(), "vector path missing: " + PopcountPaths.vectorUnavailableReason());
            assertNull(PopcountPaths.vectorUnavailableReason());
            assertEquals(PopcountPaths.vector().name(), PopcountPaths.activeName());
        } else if (PopcountPaths.vector() == null) {
            assertNotNull(PopcountPaths.vectorUnavailableReason());
            assertEquals("scalar", PopcountPaths.activeName());
            var e = assertThrows(IllegalArgumentException.class, () -> PopcountPaths.use("vector"));
            assertEquals("the vector popcount path is not available: " + PopcountPaths.vectorUnavailableReason(),
                    e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> PopcountPaths.use("fast"));
        PopcountPaths.use("scalar");
        assertEquals("scalar", PopcountPaths.activeName());
    }

    @Test
    void bothVectorShapesCountLikeScalarOnEveryRowLength() {
        PopcountKernel vector = PopcountPaths.vector();
        assumeTrue(vector != null, "no vector path on this JVM");
        SplittableRandom rng = new SplittableRandom(5);
        // The 512-bit shape is emulated where the CPU lacks it: slow, but its integers must be the same.
        for (PopcountKernel k : new PopcountKernel[] {vector, shape(false), shape(true)}) {
            for (int words = 1; words <= 80; words++) {
                int rows = 1 + rng.nextInt(4 * RowGroups.ROWS);
                int padded = RowGroups.padded(rows);
                long[] a = new long[padded * words];
                long[] w = new long[words * FilterBlocks.BLOCK];
                boolean ones = words % 9 == 0;
                for (int i = 0; i < a.length; i++) {
                    a[i] = ones ? -1L : rng.nextLong();
                }
                for (int i = 0; i < w.length; i++) {
                    w[i] = ones ? 0L : rng.nextLong();
                }
                // filters along y (a convolution's planes) or across it (a dense layer's rows), some left out
                int live = 1 + rng.nextInt(FilterBlocks.BLOCK);
                int rowStride = rng.nextInt(3) == 0 ? live + 1 : 1;
                int outStride = rowStride == 1 ? rows + 2 : 1;
                int n = 64 * words;
                int[] expected = new int[3 + rows * rowStride * FilterBlocks.BLOCK + FilterBlocks.BLOCK * outStride];
                java.util.Arrays.fill(expected, 7);
                int[] got = expected.clone();
                PopcountPaths.SCALAR.outputBlock(a, rows, w, words, n, live, expected, 3, outStride, rowStride);
                k.outputBlock(a, rows, w, words, n, live, got, 3, outStride, rowStride);
                assertArrayEquals(expected, got, k.name() + " at " + words + " words, " + rows + " rows, " + live
                        + " filters, row stride " + rowStride);
                if (ones) {
                    assertEquals(-n, got[3], "all bits differ");
                }
            }
        }
    }

    /** The vector class is built for Java 21, so this Java 17 test reaches its shapes by reflection. */
    private static PopcountKernel shape(boolean wide) {
        try {
            var c = Class.forName("org.xnornet.infer.VectorPopcount").getDeclaredConstructor(boolean.class);
            return (PopcountKernel) c.newInstance(wide);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void convolutionsAreEqualOnBothPaths() {
        assumeTrue(PopcountPaths.vector() != null, "no vector path on this JVM");
        SplittableRandom rng = new SplittableRandom(9);
        int[][] shapes = {{3, 9, 7, 3, 1, 1, 5}, {65, 7, 7, 3, 2, 1, 17}, {130, 5, 9, 3, 1, 0, 8}, {256, 4, 4, 3, 1, 1, 9},
            {64, 6, 6, 1, 2, 0, 64}, {200, 3, 3, 5, 1, 2, 3}};
        for (int[] s : shapes) {
            ConvGeometry g = new ConvGeometry(s[0], s[1], s[2], s[3], s[3], s[4], s[5]);
            int out = s[6];
            int batch = 2;
            float[] x = new float[batch * s[0] * s[1] * s[2]];
            float[] w = new float[out * s[0] * s[3] * s[3]];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rng.nextGaussian();
            }
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) rng.nextGaussian();
            }
            PackedConvWeights pw = PackedConvWeights.pack(w, 0, out, g);
            PackedActivations pa = new PackedActivations(batch, s[0], s[1], s[2], s[5]);
            pa.packFrom(x, 0);
            int[] scalar = new int[batch * out * g.outPixels()];
            int[] vector = new int[scalar.length];
            PopcountPaths.use("scalar");
            BinaryConvKernel.forward(pa, pw, scalar, 0);
            PopcountPaths.use("vector");
            BinaryConvKernel.forward(pa, pw, vector, 0);
            assertArrayEquals(scalar, vector, g.toString());
        }
    }

    @Test
    void signPackingIsEqualOnBothPaths() {
        assumeTrue(PopcountPaths.vector() != null, "no vector path on this JVM");
        SplittableRandom rng = new SplittableRandom(21);
        float[] special = {0f, -0f, Float.NaN, Float.intBitsToFloat(0xffc00000), Float.NEGATIVE_INFINITY};
        // {channels, height, width, padding}: widths across the 64-pixel blocks, channels across the words
        int[][] shapes = {{3, 5, 7, 1}, {64, 3, 64, 0}, {65, 2, 67, 1}, {130, 3, 129, 2}, {1, 1, 1, 0}};
        for (int[] s : shapes) {
            int batch = 2;
            float[] x = new float[batch * s[0] * s[1] * s[2]];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextInt(5) == 0 ? special[rng.nextInt(special.length)] : (float) rng.nextGaussian();
            }
            float[][] terms = new float[4][s[0]];
            for (int c = 0; c < s[0]; c++) {
                terms[0][c] = (float) rng.nextGaussian();
                terms[1][c] = (float) rng.nextDouble(0.1, 2);
                terms[2][c] = c % 5 == 0 ? -(float) rng.nextDouble() : (float) rng.nextGaussian();
                terms[3][c] = c % 7 == 0 ? -0f : (float) rng.nextGaussian();
            }
            for (EvalNorm norm : new EvalNorm[] {null, EvalNorm.ofTerms(terms)}) {
                PackedActivations scalar = new PackedActivations(batch, s[0], s[1], s[2], s[3]);
                PackedActivations vector = new PackedActivations(batch, s[0], s[1], s[2], s[3]);
                PopcountPaths.use("scalar");
                scalar.packFrom(x, 0, norm);
                PopcountPaths.use("vector");
                vector.packFrom(x, 0, norm);
                assertArrayEquals(scalar.words(), vector.words(), java.util.Arrays.toString(s) + (norm == null
                        ? "" : " with a batch norm"));
            }
        }
    }

    /** The load-time self-check must catch a path whose packing differs in one bit. */
    @Test
    void theSelfCheckRejectsAPathThatPacksDifferently() {
        PopcountKernel wrong = new PopcountKernel() {
            @Override
            public String name() {
                return "wrong";
            }

            @Override
            public void outputBlock(long[] a, int rows, long[] w, int words, int n, int live, int[] y, int yOff,
                                    int outStride, int rowStride) {
                PopcountPaths.SCALAR.outputBlock(a, rows, w, words, n, live, y, yOff, outStride, rowStride);
            }

            @Override
            public void packSigns(float[] x, int src, int plane, int channels, int from, int count, int width,
                                  EvalNorm norm, long[] words, int dst, int rowWords, int wpp) {
                PopcountPaths.SCALAR.packSigns(x, src, plane, channels, from, count, width, norm, words, dst,
                        rowWords, wpp);
                if (channels == 65 && width == 67) {
                    words[dst + 66 * wpp + 1] ^= 1L;
                }
            }
        };
        assertFalse(PopcountPaths.sameAsScalar(wrong));
        assertTrue(PopcountPaths.sameAsScalar(PopcountPaths.SCALAR));
    }
}
