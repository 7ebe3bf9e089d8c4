package org.xnornet.train;

import java.io.PrintStream;
import java.util.Locale;

/** Prints progress every N iterations and each epoch's evaluation. */
public final class ConsoleListener implements TrainingListener {
    private final PrintStream out;
    private final int every;
    private double lossSum;
    private double accSum;
    private double seconds;
    private int images;
    private int count;

    public ConsoleListener(PrintStream out, int every) {
        this.out = out;
        this.every = Math.max(1, every);
    }

    @Override
    public void onIteration(IterationStats s) {
        lossSum += s.loss();
        accSum += s.accuracy();
        seconds += s.seconds();
        images += s.batch();
        count++;
        if (count == every) {
            out.printf(Locale.ROOT, "epoch %d iter %d lr %.5f loss %.4f batch-acc %.2f%% %.1f images/s%n", s.epoch(),
                    s.iteration() + 1, s.lr(), lossSum / count, 100 * accSum / count, images / Math.max(1e-9, seconds));
            lossSum = 0;
            accSum = 0;
            seconds = 0;
            images = 0;
            count = 0;
        }
    }

    @Override
    public void onEpoch(int epoch, Evaluator.Metrics train, Evaluator.Metrics test) {
        if (test != null) {
            out.println("epoch " + epoch + " test: " + test);
        }
    }
}
