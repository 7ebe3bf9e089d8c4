package org.xnornet.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImageTransformTest {
    private static final float[] ZERO = {0f, 0f, 0f};
    private static final float[] ONE = {1f, 1f, 1f};
    private static final float EXACT = 1e-6f;
    private static final float ROUNDING = 0.51f / 255f;

    private static float[] run(ImageTransform t, DecodedImage img, long seed) {
        float[] out = new float[t.sampleLength()];
        t.apply(img, new SplittableRandom(seed), out, 0);
        return out;
    }

    /** The transform's expected output for an image already at output size: its samples / 255, CHW. */
    private static float[] chw(DecodedImage img) {
        int n = img.width() * img.height();
        float[] out = new float[n * img.channels()];
        for (int c = 0; c < img.channels(); c++) {
            for (int y = 0; y < img.height(); y++) {
                for (int x = 0; x < img.width(); x++) {
                    out[c * n + y * img.width() + x] = img.sample(x, y, c) / 255f;
                }
            }
        }
        return out;
    }

    private static DecodedImage crop(DecodedImage img, int x0, int y0, int w, int h, boolean flip) {
        int ch = img.channels();
        byte[] px = new byte[w * h * ch];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sx = flip ? x0 + w - 1 - x : x0 + x;
                for (int c = 0; c < ch; c++) {
                    px[(y * w + x) * ch + c] = (byte) img.sample(sx, y0 + y, c);
                }
            }
        }
        return new DecodedImage(w, h, ch, px);
    }

    @Test
    void evalWithoutScalingIsAnExactCentreCrop() {
        DecodedImage img = TestImages.gradient(10, 6, 3);
        float[] out = run(ImageTransform.eval(6, 4, 3, ZERO, ONE), img, 0);
        assertArrayEquals(chw(crop(img, 3, 1, 4, 4, false)), out, EXACT);
    }

    @Test
    void evalEqualsResizeThenCentreCrop() {
        for (int[] c : new int[][] {{37, 23, 16, 12}, {23, 37, 16, 11}, {20, 12, 6, 4}, {9, 7, 20, 18}}) {
            DecodedImage img = TestImages.gradient(c[0], c[1], 3);
            DecodedImage resized = Resize.shorterSide(img, c[2]);
            int left = (int) Math.rint((resized.width() - c[3]) / 2.0);
            int top = (int) Math.rint((resized.height() - c[3]) / 2.0);
            float[] expected = chw(crop(resized, left, top, c[3], c[3], false));
            float[] out = run(ImageTransform.eval(c[2], c[3], 3, ZERO, ONE), img, 0);
            assertArrayEquals(expected, out, ROUNDING, Arrays.toString(c));
        }
    }

    @Test
    void normalisesWithPerChannelMeanAndStd() {
        DecodedImage red = TestImages.solid(50, 40, 255, 128, 0);
        float[] out = run(ImageTransform.imagenetEval(8), red, 0);
        float[] mean = ImageTransform.imagenetMean();
        float[] std = ImageTransform.imagenetStd();
        int[] rgb = {255, 128, 0};
        for (int i = 0; i < out.length; i++) {
            int c = i / 64;
            assertEquals((rgb[c] / 255f - mean[c]) / std[c], out[i], 1e-5f);
        }
        assertEquals((1f - 0.485f) / 0.229f, out[0], 1e-5f);
    }

    @Test
    void convertsBetweenGreyAndRgb() {
        float[] grey = run(ImageTransform.eval(4, 4, 3, ZERO, ONE), TestImages.solid(4, 4, 200), 0);
        for (float v : grey) {
            assertEquals(200 / 255f, v, EXACT);
        }
        float[] luma = run(ImageTransform.eval(4, 4, 1, new float[] {0f}, new float[] {1f}),
                TestImages.solid(4, 4, 255, 100, 10), 0);
        for (float v : luma) {
            assertEquals((0.299f * 255 + 0.587f * 100 + 0.114f * 10) / 255f, v, 1e-5f);
        }
    }

    @Test
    void trainingIsDeterministicPerSeedAndVariesAcrossSeeds() {
        DecodedImage img = TestImages.gradient(120, 90, 3);
        ImageTransform t = ImageTransform.imagenetTrain(32);
        assertArrayEquals(run(t, img, 42), run(t, img, 42));
        Set<Integer> distinct = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            distinct.add(Arrays.hashCode(run(t, img, seed)));
        }
        assertEquals(20, distinct.size());
    }

    @Test
    void cropsStayWithinScaleAndRatioBounds() {
        ImageTransform t = ImageTransform.imagenetTrain(224);
        SplittableRandom rng = new SplittableRandom(3);
        for (int[] size : new int[][] {{500, 375}, {375, 500}, {64, 64}, {200, 100}}) {
            double area = (double) size[0] * size[1];
            double minScale = 1;
            double maxScale = 0;
            double minRatio = 2;
            double maxRatio = 0;
            for (int i = 0; i < 20_000; i++) {
                CropBox b = t.randomCrop(size[0], size[1], rng);
                assertTrue(b.x() >= 0 && b.y() >= 0 && b.x() + b.width() <= size[0] && b.y() + b.height() <= size[1],
                        b::toString);
                assertTrue((b.width() + 0.5) * (b.height() + 0.5) >= ImageTransform.MIN_SCALE * area, b::toString);
                assertTrue((b.width() + 0.5) / (b.height() - 0.5) >= ImageTransform.MIN_RATIO, b::toString);
                assertTrue((b.width() - 0.5) / (b.height() + 0.5) <= ImageTransform.MAX_RATIO, b::toString);
                minScale = Math.min(minScale, b.width() * b.height() / area);
                maxScale = Math.max(maxScale, b.width() * b.height() / area);
                minRatio = Math.min(minRatio, (double) b.width() / b.height());
                maxRatio = Math.max(maxRatio, (double) b.width() / b.height());
            }
            double reachable = size[0] == 2 * size[1] ? 0.6 : 0.9;
            assertTrue(minScale < 0.09 && maxScale > reachable, minScale + " .. " + maxScale);
            assertTrue(minRatio < 0.78 && maxRatio > 1.28, minRatio + " .. " + maxRatio);
        }
    }

    @Test
    void tooElongatedImagesFallBackToTheCentralBoxOfClampedRatio() {
        ImageTransform t = ImageTransform.imagenetTrain(224);
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 100; i++) {
            assertEquals(new CropBox(473, 0, 53, 40), t.randomCrop(1000, 40, rng));
            assertEquals(new CropBox(0, 473, 40, 53), t.randomCrop(40, 1000, rng));
        }
    }

    @Test
    void trainingOutputIsTheFlippedOrUnflippedResizedCrop() {
        DecodedImage img = TestImages.gradient(90, 70, 3);
        int size = 24;
        ImageTransform t = ImageTransform.train(size, 3, ZERO, ONE);
        boolean sawFlip = false;
        boolean sawPlain = false;
        for (long seed = 0; seed < 20; seed++) {
            SplittableRandom replay = new SplittableRandom(seed);
            CropBox b = t.randomCrop(img.width(), img.height(), replay);
            boolean flip = replay.nextDouble() < 0.5;
            sawFlip |= flip;
            sawPlain |= !flip;
            DecodedImage expected = Resize.to(crop(img, b.x(), b.y(), b.width(), b.height(), flip), size, size);
            assertArrayEquals(chw(expected), run(t, img, seed), ROUNDING, "seed " + seed + ", " + b);
        }
        assertTrue(sawFlip && sawPlain);
    }

    @Test
    void rejectsInconsistentConfigurations() {
        assertThrows(IllegalArgumentException.class, () -> ImageTransform.eval(200, 224, 3, ZERO, ONE));
        assertThrows(IllegalArgumentException.class, () -> ImageTransform.train(224, 2, ZERO, ONE));
        assertThrows(IllegalArgumentException.class, () -> ImageTransform.train(224, 1, ZERO, ONE));
        assertThrows(IllegalArgumentException.class,
                () -> ImageTransform.imagenetTrain(8).apply(TestImages.solid(9, 9, 1, 2, 3), new SplittableRandom(1),
                        new float[100], 0));
        assertFalse(ImageTransform.imagenetEval(224).training());
        assertEquals(224, ImageTransform.imagenetEval(224).outputSize());
        assertEquals(3, ImageTransform.imagenetTrain(224).outputChannels());
    }
}
