package org.xnornet.model;

import org.xnornet.nn.Flatten;
import org.xnornet.nn.Pooling;
import org.xnornet.nn.Sequential;

/**
 * Binary AlexNet as XNOR-Net and XNOR-Net++ use it: real 11×11/4 conv1 (96) → BN → ReLU → max pool;
 * binary units conv2 5×5 (256) → pool, conv3 3×3 (384), conv4 3×3 (384), conv5 3×3 (256) → pool; binary
 * fc6 and fc7 (4096) as convolutions covering the 6×6 map; BN and a real fc8.
 */
final class AlexNet {
    private AlexNet() {
    }

    static Sequential build(ModelBuilder b, int[] input) {
        Sequential.Builder seq = new Sequential.Builder("alexnet", input);
        seq.add(b.realConv("conv1", input, 96, 11, 4, 2).withoutInputGradient());
        seq.add(b.batchNorm("conv1.bn", 96));
        seq.add(b.relu("conv1.relu"));
        seq.add(new Pooling("pool1", Pooling.Kind.MAX, seq.shape(), 3, 2, 0));
        b.binaryUnit(seq, "conv2", 256, 5, 1, 2);
        seq.add(new Pooling("pool2", Pooling.Kind.MAX, seq.shape(), 3, 2, 0));
        b.binaryUnit(seq, "conv3", 384, 3, 1, 1);
        b.binaryUnit(seq, "conv4", 384, 3, 1, 1);
        b.binaryUnit(seq, "conv5", 256, 3, 1, 1);
        seq.add(new Pooling("pool5", Pooling.Kind.MAX, seq.shape(), 3, 2, 0));
        b.binaryDenseUnit(seq, "fc6", 4096);
        b.binaryDenseUnit(seq, "fc7", 4096);
        seq.add(b.batchNorm("fc8.bn", 4096));
        seq.add(new Flatten("flatten"));
        seq.add(b.linear("fc8", 4096, b.spec().classes()));
        return seq.build();
    }
}
