package org.xnornet.data;

import java.util.SplittableRandom;

/** The one Fisher–Yates shuffle: a permutation of 0..n−1 that depends only on the seed. */
public final class Shuffle {
    private Shuffle() {
    }

    public static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
