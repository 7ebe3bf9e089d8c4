package org.xnornet.train;

/** Observes a training run: metrics, logging and checkpoints plug in here, not inside the loop. */
public interface TrainingListener {
    /** After each optimisation step. */
    default void onIteration(IterationStats stats) {
    }

    /** After each epoch, with the evaluation on held-out data (null when there is none). */
    default void onEpoch(int epoch, Evaluator.Metrics train, Evaluator.Metrics test) {
    }

    /** One step's numbers: iteration (0-based), epoch, learning rate, loss, batch accuracy, seconds taken. */
    record IterationStats(int iteration, int epoch, float lr, double loss, double accuracy, int batch, double seconds) {
        public double imagesPerSecond() {
            return batch / Math.max(1e-9, seconds);
        }
    }
}
