package org.xnornet.data;

/**
 * A labelled image dataset that can fill a batch by sample index. Images are [C, H, W] float32, already
 * normalised; labels are 0..classes−1.
 */
public interface Dataset {
    int size();

    int classes();

    /** Per-sample shape [C, H, W]. */
    int[] sampleShape();

    /** Copies sample {@code index} into {@code dst} at {@code offset} and returns its label. */
    int copySample(int index, float[] dst, int offset);

    /** Where the data came from, for logs and provenance. */
    String description();
}
