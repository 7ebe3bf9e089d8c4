package org.xnornet.data;

import java.util.SplittableRandom;

/**
 * A learnable synthetic image task for quick runs and benchmarks: each class has a random prototype
 * image, and samples are prototype plus Gaussian noise. Deterministic from the seed.
 */
public final class SyntheticData {
    private SyntheticData() {
    }

    public static ArrayDataset prototypes(int samples, int[] shape, int classes, float noise, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int size = shape[0] * shape[1] * shape[2];
        float[][] proto = new float[classes][size];
        for (float[] p : proto) {
            for (int i = 0; i < size; i++) {
                p[i] = (float) rng.nextGaussian();
            }
        }
        float[] images = new float[samples * size];
        int[] labels = new int[samples];
        for (int s = 0; s < samples; s++) {
            int c = rng.nextInt(classes);
            labels[s] = c;
            for (int i = 0; i < size; i++) {
                images[s * size + i] = proto[c][i] + noise * (float) rng.nextGaussian();
            }
        }
        return new ArrayDataset(images, labels, shape, classes, "synthetic prototypes (" + samples + " samples, "
                + classes + " classes, noise " + noise + ", seed " + seed + ")");
    }
}
