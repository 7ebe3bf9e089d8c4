package org.xnornet.model;

import org.xnornet.nn.Sequential;

/**
 * The small residual binary net for 28×28×1 and 32×32×3 images: real 3×3 stem conv → BN → ReLU, three
 * basic blocks of width w, 2w (stride 2) and 4w (stride 2), global average pool and a real FC. Built from
 * the same basic block as ResNet-18, so Γ acts inside residual branches where the next BN cannot absorb it.
 */
final class SmallResNet {
    private SmallResNet() {
    }

    static Sequential build(ModelBuilder b, int[] input) {
        Sequential.Builder seq = new Sequential.Builder("small_resnet", input);
        int w = b.spec().baseWidth();
        seq.add(b.realConv("stem.conv", input, w, 3, 1, 1).withoutInputGradient());
        seq.add(b.batchNorm("stem.bn", w));
        seq.add(b.relu("stem.relu"));
        seq.add(b.basicBlock("block1", seq.shape(), w, 1));
        seq.add(b.basicBlock("block2", seq.shape(), 2 * w, 2));
        seq.add(b.basicBlock("block3", seq.shape(), 4 * w, 2));
        b.head(seq);
        return seq.build();
    }
}
