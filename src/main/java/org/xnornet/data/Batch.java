package org.xnornet.data;

import org.xnornet.tensor.Tensor;

/** A minibatch: images [N, C, H, W] and their labels. */
public record Batch(Tensor images, int[] labels) {
    /** Gathers samples {@code order[from .. from+count)} of a dataset. */
    public static Batch gather(Dataset data, int[] order, int from, int count) {
        int[] s = data.sampleShape();
        int sample = s[0] * s[1] * s[2];
        Tensor x = Tensor.zeros(count, s[0], s[1], s[2]);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = data.copySample(order[from + i], x.data(), i * sample);
        }
        return new Batch(x, labels);
    }

    public int size() {
        return labels.length;
    }
}
