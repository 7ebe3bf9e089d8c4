package org.xnornet.train;

import java.util.Map;

/**
 * Observes a training run, local or distributed alike: metrics, console progress, checkpoints and the final model
 * plug in here, not inside the loop ({@link RunListeners} builds the standard set).
 */
public interface TrainingListener {
    /** Before the first iteration of this sitting ({@code firstIteration} > 0 when resumed). */
    default void onStart(int firstIteration, int totalIterations) {
    }

    /** After each optimisation step (on Spark: each averaging round); {@code state} is the state after it. */
    default void onIteration(IterationStats stats, TrainingState state) {
    }

    /** After each epoch, with the evaluation on held-out data (null when there is none). */
    default void onEpoch(int epoch, Evaluator.Metrics test, TrainingState state) {
    }

    /** After the last iteration, with the final state. */
    default void onFinish(TrainingState state) {
    }

    /**
     * One step's numbers: iteration (0-based), epoch, learning rate, mean loss, batch accuracy, images, seconds taken,
     * and what else the trainer measures (on Spark: compute, broadcast and aggregation seconds, bytes moved, bad images).
     */
    record IterationStats(int iteration, int epoch, float lr, double loss, double accuracy, long batch, double seconds,
            Map<String, Number> extra) {
        public double imagesPerSecond() {
            return batch / Math.max(1e-9, seconds);
        }
    }

    /** The training state after some iteration, materialised as a checkpoint only when a listener asks. */
    interface TrainingState {
        /** Iterations done. */
        int iteration();

        int epoch();

        Checkpoint checkpoint();
    }
}
