package org.xnornet.model;

import org.xnornet.nn.Flatten;
import org.xnornet.nn.Pooling;
import org.xnornet.nn.Sequential;

/**
 * A plain AlexNet-style binary net for 28×28 and 32×32 images, the second topology of the experiments (no residual
 * connections): real 3×3 conv1 (w) → BN → ReLU → 2×2 max pool; binary units conv2 3×3 (2w) → pool, conv3 and conv4
 * 3×3 (4w) → pool; binary fc5 and fc6 (8w) as convolutions covering the last map; BN and a real classifier. Like
 * {@link AlexNet}, its first and last layers are real and every unit between them is BN → binary conv → activation.
 */
final class SmallAlexNet {
    private SmallAlexNet() {
    }

    static Sequential build(ModelBuilder b, int[] input) {
        Sequential.Builder seq = new Sequential.Builder("small_alexnet", input);
        int w = b.spec().baseWidth();
        seq.add(b.realConv("conv1", input, w, 3, 1, 1).withoutInputGradient());
        seq.add(b.batchNorm("conv1.bn", w));
        seq.add(b.relu("conv1.relu"));
        seq.add(new Pooling("pool1", Pooling.Kind.MAX, seq.shape(), 2, 2, 0));
        b.binaryUnit(seq, "conv2", 2 * w, 3, 1, 1);
        seq.add(new Pooling("pool2", Pooling.Kind.MAX, seq.shape(), 2, 2, 0));
        b.binaryUnit(seq, "conv3", 4 * w, 3, 1, 1);
        b.binaryUnit(seq, "conv4", 4 * w, 3, 1, 1);
        seq.add(new Pooling("pool4", Pooling.Kind.MAX, seq.shape(), 2, 2, 0));
        b.binaryDenseUnit(seq, "fc5", 8 * w);
        b.binaryDenseUnit(seq, "fc6", 8 * w);
        seq.add(b.batchNorm("fc7.bn", 8 * w));
        seq.add(new Flatten("flatten"));
        seq.add(b.linear("fc7", 8 * w, b.spec().classes()));
        return seq.build();
    }
}
