package org.xnornet.train;

import java.util.SplittableRandom;

/**
 * The sample order of an epoch: a Fisher–Yates shuffle seeded from (seed, epoch), so any process can
 * recompute any epoch's order without communication.
 */
public final class BatchOrder {
    private BatchOrder() {
    }

    public static int[] permutation(int size, long seed, int epoch) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        for (int i = size - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
