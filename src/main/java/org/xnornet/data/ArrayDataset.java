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
        return slice(0, Math.min(n, labels.length), description + " (first " + Math.min(n, labels.length) + ")");
    }

    /** Samples [from, to) as a new dataset. */
    public ArrayDataset slice(int from, int to, String newDescription) {
        if (from < 0 || to > labels.length || from > to) {
            throw new IllegalArgumentException(description + ": slice [" + from + ", " + to + ") outside 0.."
                    + labels.length);
        }
        float[] img = java.util.Arrays.copyOfRange(images, from * sampleSize, to * sampleSize);
        int[] lab = java.util.Arrays.copyOfRange(labels, from, to);
        return new ArrayDataset(img, lab, shape, classes, newDescription);
    }

    @Override
    public String description() {
        return description;
    }
}
