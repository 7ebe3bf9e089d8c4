package org.xnornet.nn;

import java.util.Arrays;
import org.xnornet.tensor.Tensor;

/** Shape checks shared by layers, with messages that name the layer and both shapes. */
final class Shapes {
    private Shapes() {
    }

    static void requireImage(String layer, Tensor x, int channels, int height, int width) {
        if (x.rank() != 4 || x.dim(1) != channels || x.dim(2) != height || x.dim(3) != width) {
            throw new IllegalArgumentException("layer " + layer + " expects input [N, " + channels + ", " + height
                    + ", " + width + "] but got " + x.shapeString());
        }
    }

    static void requireFeatures(String layer, Tensor x, int features) {
        if (x.rank() < 2 || x.sampleSize() != features) {
            throw new IllegalArgumentException("layer " + layer + " expects " + features
                    + " features per sample but got " + x.shapeString());
        }
    }

    /** Values per channel of a [N, C, ...] tensor whose C must equal {@code channels}. */
    static int pixelsPerChannel(String layer, Tensor x, int channels, String what) {
        if (x.rank() < 2 || x.dim(1) != channels) {
            throw new IllegalArgumentException("layer " + layer + " " + what + " " + channels + " channels but got "
                    + x.shapeString());
        }
        return x.sampleSize() / channels;
    }

    static int[] image(int[] shape, String layer) {
        if (shape.length != 3) {
            throw new IllegalArgumentException("layer " + layer + " needs a [C, H, W] input, got "
                    + Arrays.toString(shape));
        }
        return shape;
    }

    static int[] batched(int batch, int[] sample) {
        int[] s = new int[sample.length + 1];
        s[0] = batch;
        System.arraycopy(sample, 0, s, 1, sample.length);
        return s;
    }

    static void requireForward(String layer, Object cache) {
        if (cache == null) {
            throw new IllegalStateException("layer " + layer + ": backward called without a training-mode forward");
        }
    }
}
