package org.xnornet.model;

import org.xnornet.nn.Pooling;
import org.xnornet.nn.Sequential;

/**
 * Binary ResNet-18 as in XNOR-Net++ (§4): real 7×7/2 stem conv → BN → ReLU → 3×3/2 max pool, four stages
 * of two basic blocks (64, 128, 256, 512 channels; stride 2 entering stages 2–4), global average pool and
 * a real FC. Convolution and FC weights match torchvision's resnet18 one for one.
 */
final class ResNet18 {
    private ResNet18() {
    }

    static Sequential build(ModelBuilder b, int[] input) {
        Sequential.Builder seq = new Sequential.Builder("resnet18", input);
        int width = b.spec().baseWidth();
        seq.add(b.realConv("stem.conv", input, width, 7, 2, 3).withoutInputGradient());
        seq.add(b.batchNorm("stem.bn", width));
        seq.add(b.relu("stem.relu"));
        seq.add(new Pooling("stem.pool", Pooling.Kind.MAX, seq.shape(), 3, 2, 1));
        int channels = width;
        for (int stage = 1; stage <= 4; stage++) {
            int out = width << (stage - 1);
            for (int block = 1; block <= 2; block++) {
                int stride = stage > 1 && block == 1 ? 2 : 1;
                seq.add(b.basicBlock("layer" + stage + "." + block, seq.shape(), out, stride));
            }
            channels = out;
        }
        assert seq.shape()[0] == channels;
        b.head(seq);
        return seq.build();
    }
}
