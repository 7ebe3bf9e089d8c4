package org.xnornet.spark;

import org.xnornet.train.PartitionWorker;

/**
 * The tree-aggregation value of one training round: the sum of the workers' states and their statistics. A
 * single worker's state travels as floats; sums are kept in doubles, where adding a handful of floats is exact in
 * practice, so the average does not depend on the order Spark merges results in.
 */
public final class Contribution implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    float[] single;
    double[] sum;
    int workers;
    double lossSum;
    long correct;
    long images;
    long maxComputeNanos;
    long badImages;

    /** A worker's round. */
    static Contribution of(PartitionWorker.Round r, long badImages) {
        Contribution c = new Contribution();
        c.single = r.state();
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
        c.sum = a.sum != null ? a.sum : a.asSum();
        b.addInto(c.sum);
        c.workers = a.workers + b.workers;
        c.lossSum = a.lossSum + b.lossSum;
        c.correct = a.correct + b.correct;
        c.images = a.images + b.images;
        c.maxComputeNanos = Math.max(a.maxComputeNanos, b.maxComputeNanos);
        c.badImages = a.badImages + b.badImages;
        return c;
    }

    private double[] asSum() {
        double[] s = new double[single.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = single[i];
        }
        return s;
    }

    private void addInto(double[] s) {
        if (sum != null) {
            for (int i = 0; i < s.length; i++) {
                s[i] += sum[i];
            }
        } else {
            for (int i = 0; i < s.length; i++) {
                s[i] += single[i];
            }
        }
    }

    /** The average state of all workers. */
    float[] mean() {
        if (workers == 1 && single != null) {
            return single.clone();
        }
        float[] m = new float[sum.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = (float) (sum[i] / workers);
        }
        return m;
    }
}
