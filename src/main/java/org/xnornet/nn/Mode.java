package org.xnornet.nn;

/**
 * How a forward pass runs: training (batch statistics, caches for backward) or evaluation (running
 * statistics). {@code ghostBatch} > 0 makes batch norm take statistics per consecutive sub-batch of that
 * many images (ghost batch norm), as P workers with batch b each would.
 */
public record Mode(boolean training, int ghostBatch) {
    public static final Mode TRAIN = new Mode(true, 0);
    public static final Mode EVAL = new Mode(false, 0);

    public Mode {
        if (ghostBatch < 0) {
            throw new IllegalArgumentException("ghost batch size must be ≥ 0, was " + ghostBatch);
        }
    }

    public static Mode train(int ghostBatch) {
        return new Mode(true, ghostBatch);
    }
}
