package org.xnornet.kernel;

import java.util.function.IntConsumer;

/**
 * Runs a round of calls until the JIT has compiled them: the warm-up of the Vector API paths ({@code PathWarmUp},
 * {@link PoolRows}), whose code is a hundred times slower than scalar until C2 has compiled it. A round that runs
 * several times faster than the slowest one, once C2's invocation threshold is behind, counts as compiled.
 */
public final class JitWarmUp {
    /** Rounds before the first that may stop: past C2's invocation threshold (5 000 calls) at the rounds' sizes. */
    public static final int MIN_ROUNDS = 12;
    /** Rounds at most, should the JIT be slow or absent. */
    public static final int MAX_ROUNDS = 64;
    /** How much faster than the slowest round a round must be to count as compiled. */
    public static final int SPEED_UP = 8;

    private JitWarmUp() {
    }

    /** Runs {@code round} with 0, 1, 2, … until a round counts as compiled, at most {@link #MAX_ROUNDS}; the rounds run. */
    public static int untilCompiled(IntConsumer round) {
        long slowest = 0;
        int rounds = 0;
        while (rounds < MAX_ROUNDS) {
            long start = System.nanoTime();
            round.accept(rounds);
            long took = System.nanoTime() - start;
            slowest = Math.max(slowest, took);
            rounds++;
            if (rounds >= MIN_ROUNDS && took * SPEED_UP < slowest) {
                break;
            }
        }
        return rounds;
    }
}
