package org.xnornet.train;

import java.io.PrintStream;
import java.util.Locale;

/** Prints progress every N iterations (means over them) and each epoch's evaluation. */
public final class ConsoleListener implements TrainingListener {
    private final PrintStream out;
    private final int every;
    private double lossSum;
    private double accSum;
    private double seconds;
    private long images;
    private int count;
    private int total;

    public ConsoleListener(PrintStream out, int every) {
        this.out = out;
        this.every = Math.max(1, every);
    }

    @Override
    public void onStart(int firstIteration, int totalIterations) {
        total = totalIterations;
        if (firstIteration > 0) {
            out.println("continuing at iteration " + (firstIteration + 1) + " of " + totalIterations);
        }
    }

    @Override
    public void onIteration(IterationStats s, TrainingState state) {
        lossSum += s.loss();
        accSum += s.accuracy();
        seconds += s.seconds();
        images += s.batch();
        count++;
        if (count == every || s.iteration() + 1 == total) {
            out.printf(Locale.ROOT, "epoch %d iter %d/%d lr %.5f loss %.4f batch-acc %.2f%% %.1f images/s%n",
                    s.epoch(), s.iteration() + 1, total, s.lr(), lossSum / count, 100 * accSum / count,
                    images / Math.max(1e-9, seconds));
            lossSum = 0;
            accSum = 0;
            seconds = 0;
            images = 0;
            count = 0;
        }
    }

    @Override
    public void onEpoch(int epoch, Evaluator.Metrics test, TrainingState state) {
        if (test != null) {
            out.println("epoch " + epoch + " test: " + test);
        }
    }
}
