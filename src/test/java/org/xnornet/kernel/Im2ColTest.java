package org.xnornet.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The band-by-band patch matrix (from an image's stride phases) against {@link Im2Col#im2col}, value for value. */
class Im2ColTest {
    @ParameterizedTest(name = "{0}x{1}x{2} kernel {3} stride {4} padding {5}, bands of {6}")
    @CsvSource({
        "3, 23, 23, 7, 2, 3, 37",   // a ResNet stem's shape, small: bands end mid-row
        "3, 23, 23, 7, 2, 3, 1",
        "2, 17, 19, 11, 4, 2, 50",  // AlexNet's conv1 shape, small, a width that is not square
        "4, 9, 8, 3, 1, 1, 16",
        "1, 10, 10, 3, 3, 0, 5",
        "2, 6, 7, 5, 2, 4, 7",      // padding wider than the stride: rows and runs wholly in the border
    })
    void bandsFromPhasesEqualIm2col(int channels, int height, int width, int kernel, int stride, int padding,
                                    int band) {
        ConvGeometry g = new ConvGeometry(channels, height, width, kernel, kernel, stride, padding);
        SplittableRandom rng = new SplittableRandom(channels * 31 + kernel);
        int batch = 2;
        float[] x = new float[batch * channels * height * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        int k = g.patchSize();
        int pixels = g.outPixels();
        float[] phases = new float[Im2Col.phasesSize(g) + 3];
        for (int n = 0; n < batch; n++) {
            float[] whole = new float[k * pixels];
            Im2Col.im2col(x, n, 1, g, whole, false);
            Im2Col.splitPhases(x, n, g, phases, 3);
            for (int from = 0; from < pixels; from += band) {
                int size = Math.min(band, pixels - from);
                float[] col = new float[k * size];
                java.util.Arrays.fill(col, Float.NaN);
                Im2Col.im2colColumns(phases, 3, g, col, from, size);
                float[] expected = new float[k * size];
                for (int r = 0; r < k; r++) {
                    System.arraycopy(whole, r * pixels + from, expected, r * size, size);
                }
                assertArrayEquals(expected, col, "image " + n + ", columns from " + from);
            }
        }
    }
}
