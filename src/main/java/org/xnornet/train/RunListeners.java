package org.xnornet.train;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.xnornet.config.Settings;

/**
 * The listeners every trainer reports through — console progress, and with a run folder the metrics file, the
 * checkpoints and the final model — so {@code train} and {@code train-local} write the same files the same way.
 */
public final class RunListeners implements AutoCloseable {
    private final List<TrainingListener> listeners = new ArrayList<>();
    private final JsonLinesListener metrics;

    /** {@code folder} may be null (nothing written); {@code firstIteration} picks the metrics file's name. */
    public RunListeners(Settings s, RunFolder folder, PrintStream console, int firstIteration) throws IOException {
        listeners.add(new ConsoleListener(console, s.get(TrainKeys.LOG_EVERY)));
        if (folder != null) {
            metrics = new JsonLinesListener(folder.newMetricsFile(firstIteration));
            listeners.add(metrics);
            listeners.add(new CheckpointListener(folder, s.get(TrainKeys.CHECKPOINT_EVERY)));
        } else {
            metrics = null;
        }
    }

    public List<TrainingListener> all() {
        return listeners;
    }

    public void start(int first, int total) {
        listeners.forEach(l -> l.onStart(first, total));
    }

    public void iteration(TrainingListener.IterationStats stats, TrainingListener.TrainingState state) {
        listeners.forEach(l -> l.onIteration(stats, state));
    }

    public void epoch(int epoch, Evaluator.Metrics test, TrainingListener.TrainingState state) {
        listeners.forEach(l -> l.onEpoch(epoch, test, state));
    }

    public void finish(TrainingListener.TrainingState state) {
        listeners.forEach(l -> l.onFinish(state));
    }

    @Override
    public void close() throws IOException {
        if (metrics != null) {
            metrics.close();
        }
    }
}
