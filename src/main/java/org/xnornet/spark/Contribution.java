package org.xnornet.spark;

import org.xnornet.train.PartitionWorker;

/**
 * The tree-aggregation value of one training round: the sum of the workers' states and their statistics. A
 * single worker's state travels as float32 bytes ({@link StateBytes}); sums are kept in doubles, where adding a handful of floats is exact in
 * practice, so the average does not depend on the order Spark merges results in.
 */
public final class Contribution implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    byte[] single;
    double[] sum;
    int workers;
    double lossSum;
    long correct;
    long images;
    long maxComputeNanos;
    long maxTaskNanos;
    long maxFetchNanos;
    long badImages;

    /** A worker's round and its encoded state (null when sent directly); the task's whole time (fetch, compute, encoding) from taskStart. */
    static Contribution of(PartitionWorker.Round r, byte[] state, long badImages, long taskStart, long fetchNanos) {
        Contribution c = new Contribution();
        c.single = state;
        c.maxFetchNanos = fetchNanos;
        c.maxTaskNanos = System.nanoTime() - taskStart;
        c.workers = 1;
        c.lossSum = r.lossSum();
        c.correct = r.correct();
        c.images = r.images();
        c.maxComputeNanos = r.computeNanos();
        c.badImages = badImages;
        return c;
    }

    /** The sum of both; reuses {@code a}'s sum array when it has one (Spark lets aggregations mutate the left). */
    static Contribution merge(Contribution a, Contribution b) {
        if (a.workers == 0) {
            return b;
        }
        if (b.workers == 0) {
            return a;
        }
        Contribution c = a.sum != null ? a : new Contribution();
        if (a.hasVector() != b.hasVector()) {
            throw new IllegalStateException("cannot merge a worker's vector with statistics only");
        }
        if (a.hasVector()) {
            c.sum = a.sum != null ? a.sum : a.asSum();
            b.addInto(c.sum);
        }
        c.workers = a.workers + b.workers;
        c.lossSum = a.lossSum + b.lossSum;
        c.correct = a.correct + b.correct;
        c.images = a.images + b.images;
        c.maxComputeNanos = Math.max(a.maxComputeNanos, b.maxComputeNanos);
        c.maxTaskNanos = Math.max(a.maxTaskNanos, b.maxTaskNanos);
        c.maxFetchNanos = Math.max(a.maxFetchNanos, b.maxFetchNanos);
        c.badImages = a.badImages + b.badImages;
        return c;
    }

    /** False under transport=direct, where vectors go to the driver's {@link DirectExchange} instead. */
    private boolean hasVector() {
        return single != null || sum != null;
    }

    private double[] asSum() {
        double[] s = new double[single.length / 4];
        StateBytes.addTo(single, s);
        return s;
    }

    private void addInto(double[] s) {
        if (sum != null) {
            for (int i = 0; i < s.length; i++) {
                s[i] += sum[i];
            }
        } else {
            StateBytes.addTo(single, s);
        }
    }

    /** The average state of all workers. */
    float[] mean() {
        if (workers == 1 && single != null) {
            return StateBytes.decode(single);
        }
        float[] m = new float[sum.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = (float) (sum[i] / workers);
        }
        return m;
    }
}
