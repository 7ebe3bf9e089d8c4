package org.xnornet.data;

/** A dataset held in memory as one float array of samples and an int array of labels. */
public final class ArrayDataset implements Dataset {
    private final float[] images;
    private final int[] labels;
    private final int[] shape;
    private final int classes;
    private final int sampleSize;
    private final String description;

    public ArrayDataset(float[] images, int[] labels, int[] shape, int classes, String description) {
        this.sampleSize = shape[0] * shape[1] * shape[2];
        if ((long) labels.length * sampleSize != images.length) {
            throw new IllegalArgumentException(description + ": " + labels.length + " labels of " + sampleSize
                    + " values need " + (long) labels.length * sampleSize + " image values, got " + images.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(description + ": label " + labels[i] + " of sample " + i
                        + " is outside 0.." + (classes - 1));
            }
        }
        this.images = images;
        this.labels = labels;
        this.shape = shape.clone();
        this.classes = classes;
        this.description = description;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public int[] sampleShape() {
        return shape.clone();
    }

    @Override
    public int copySample(int index, float[] dst, int offset) {
        System.arraycopy(images, index * sampleSize, dst, offset, sampleSize);
        return labels[index];
    }

    public int label(int index) {
        return labels[index];
    }

    /** The first {@code n} samples (for short runs). */
    public ArrayDataset head(int n) {
        int k = Math.min(n, labels.length);
        float[] img = java.util.Arrays.copyOf(images, k * sampleSize);
        int[] lab = java.util.Arrays.copyOf(labels, k);
        return new ArrayDataset(img, lab, shape, classes, description + " (first " + k + ")");
    }

    @Override
    public String description() {
        return description;
    }
}
