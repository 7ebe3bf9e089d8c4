package org.xnornet.nn;

import org.xnornet.tensor.Tensor;

/**
 * Mean softmax cross-entropy over a batch of logits [N, K], with optional label smoothing ε: the target
 * is (1 − ε)·onehot + ε/K. Computed in double with the max subtracted, so large logits are safe.
 */
public final class SoftmaxCrossEntropy {
    private final float smoothing;

    public SoftmaxCrossEntropy(float smoothing) {
        if (smoothing < 0 || smoothing >= 1) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), was " + smoothing);
        }
        this.smoothing = smoothing;
    }

    /** Loss and its gradient for one batch. */
    public record Result(double loss, Tensor gradient) {
    }

    public Result evaluate(Tensor logits, int[] labels) {
        int batch = logits.dim(0);
        int classes = logits.sampleSize();
        if (labels.length != batch) {
            throw new IllegalArgumentException("got " + labels.length + " labels for a batch of " + batch);
        }
        float[] z = logits.data();
        Tensor grad = Tensor.zeros(batch, classes);
        float[] g = grad.data();
        double total = 0;
        double off = smoothing / classes;
        for (int n = 0; n < batch; n++) {
            int label = labels[n];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " of sample " + n + " is outside 0.."
                        + (classes - 1));
            }
            int base = n * classes;
            double logSum = logSumExp(z, base, classes);
            for (int k = 0; k < classes; k++) {
                double target = off + (k == label ? 1 - smoothing : 0);
                double logP = z[base + k] - logSum;
                total -= target * logP;
                g[base + k] = (float) ((Math.exp(logP) - target) / batch);
            }
        }
        return new Result(total / batch, grad);
    }

    /**
     * log Σ exp(z[base .. base+classes)), in double with the max subtracted: the softmax's normaliser, so
     * p_k = exp(z_k − logSumExp) for training's loss and for scoring's probabilities alike.
     */
    public static double logSumExp(float[] z, int base, int classes) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            max = Math.max(max, z[base + k]);
        }
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            sum += Math.exp(z[base + k] - max);
        }
        return Math.log(sum) + max;
    }
}
