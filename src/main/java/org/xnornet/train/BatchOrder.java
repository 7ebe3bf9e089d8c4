package org.xnornet.train;

import org.xnornet.data.Shuffle;

/**
 * The sample order of an epoch: a shuffle seeded from (seed, epoch), so any process can recompute any
 * epoch's order without communication.
 */
public final class BatchOrder {
    private BatchOrder() {
    }

    public static int[] permutation(int size, long seed, int epoch) {
        return Shuffle.permutation(size, seed * 0x9E3779B97F4A7C15L + epoch);
    }
}
