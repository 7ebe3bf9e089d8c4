package org.xnornet.train;

import org.xnornet.optim.LrSchedule;
import org.xnornet.optim.Optimizer;

/**
 * Hyperparameters of a training run. {@code ghostBatch} > 0 takes batch-norm statistics per sub-batch of
 * that size (must divide {@code batch}); {@code seed} fixes the data order; {@code evalBatch} is the
 * evaluation's batch.
 */
public record TrainingConfig(int batch, int ghostBatch, int epochs, int maxIterations, Optimizer optimizer,
                             LrSchedule schedule, float labelSmoothing, long seed, int evalBatch) {
    public TrainingConfig {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be ≥ 1, was " + batch);
        }
        if (ghostBatch < 0 || (ghostBatch > 0 && batch % ghostBatch != 0)) {
            throw new IllegalArgumentException("ghost batch " + ghostBatch + " must be 0 or divide the batch " + batch);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be ≥ 1, was " + epochs);
        }
        if (evalBatch < 1) {
            throw new IllegalArgumentException("evaluation batch must be ≥ 1, was " + evalBatch);
        }
        if (labelSmoothing < 0 || labelSmoothing >= 1) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), was " + labelSmoothing);
        }
    }
}
