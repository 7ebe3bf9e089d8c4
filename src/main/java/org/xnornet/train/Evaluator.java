package org.xnornet.train;

import org.xnornet.data.Batch;
import org.xnornet.data.Dataset;
import org.xnornet.model.Network;
import org.xnornet.nn.Mode;
import org.xnornet.nn.SoftmaxCrossEntropy;
import org.xnornet.tensor.Tensor;

/** Evaluates a network in eval mode: mean loss, top-1 and top-5 accuracy over a dataset. */
public final class Evaluator {
    private Evaluator() {
    }

    /** Loss and accuracy over {@code count} samples. */
    public record Metrics(double loss, double top1, double top5, long count) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "loss %.4f, top-1 %.2f%%, top-5 %.2f%% (%d samples)", loss,
                    100 * top1, 100 * top5, count);
        }
    }

    public static Metrics evaluate(Network net, Dataset data, int batch) {
        int n = data.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(0f);
        double loss = 0;
        long top1 = 0;
        long top5 = 0;
        for (int from = 0; from < n; from += batch) {
            int count = Math.min(batch, n - from);
            Batch b = Batch.gather(data, order, from, count);
            Tensor logits = net.forward(b.images(), Mode.EVAL);
            loss += ce.evaluate(logits, b.labels()).loss() * count;
            top1 += correct(logits, b.labels(), 1);
            top5 += correct(logits, b.labels(), Math.min(5, logits.sampleSize()));
        }
        return new Metrics(loss / Math.max(1, n), top1 / (double) Math.max(1, n), top5 / (double) Math.max(1, n), n);
    }

    /** How many samples have their label among the k highest logits (ties counted against). */
    public static int correct(Tensor logits, int[] labels, int k) {
        int classes = logits.sampleSize();
        float[] z = logits.data();
        int hits = 0;
        for (int n = 0; n < labels.length; n++) {
            float target = z[n * classes + labels[n]];
            int higher = 0;
            for (int c = 0; c < classes; c++) {
                if (c != labels[n] && z[n * classes + c] >= target) {
                    higher++;
                }
            }
            if (higher < k) {
                hits++;
            }
        }
        return hits;
    }
}
