package org.xnornet.train;

import org.xnornet.data.Batch;
import java.util.ArrayList;
import java.util.List;
import org.xnornet.data.Dataset;
import org.xnornet.model.Network;
import org.xnornet.nn.SoftmaxCrossEntropy;
import org.xnornet.optim.Optimizer;

/**
 * Trains a network in one process on all kernel threads. Deterministic: the data order comes from
 * (seed, epoch), the model from its spec's seed, and every kernel sums in a fixed order, so the same seed
 * and data give bit-identical weights whatever the thread count. Incomplete last batches are dropped.
 */
public final class LocalTrainer {
    private final TrainingConfig config;
    private final List<TrainingListener> listeners = new ArrayList<>();

    public LocalTrainer(TrainingConfig config) {
        this.config = config;
    }

    public LocalTrainer addListener(TrainingListener l) {
        listeners.add(l);
        return this;
    }

    /** Result of a run: final test metrics (null without test data) and iterations done. */
    public record Result(Evaluator.Metrics test, int iterations, double seconds) {
    }

    public Result train(Network net, Dataset train, Dataset test) {
        int[] expected = {net.spec().channels(), net.spec().height(), net.spec().width()};
        if (!java.util.Arrays.equals(expected, train.sampleShape())) {
            throw new IllegalArgumentException("dataset " + train.description() + " has samples "
                    + java.util.Arrays.toString(train.sampleShape()) + " but the model takes "
                    + java.util.Arrays.toString(expected));
        }
        if (train.size() < config.batch()) {
            throw new IllegalArgumentException("dataset " + train.description() + " has " + train.size()
                    + " samples, fewer than one batch of " + config.batch());
        }
        Optimizer optimizer = config.optimizer().copy();
        optimizer.attach(net.parameters());
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(config.labelSmoothing());
        int perEpoch = train.size() / config.batch();
        int iteration = 0;
        long start = System.nanoTime();
        Evaluator.Metrics testMetrics = null;
        for (int epoch = 0; epoch < config.epochs() && !done(iteration); epoch++) {
            int[] order = BatchOrder.permutation(train.size(), config.seed(), epoch);
            for (int b = 0; b < perEpoch && !done(iteration); b++) {
                long t0 = System.nanoTime();
                Batch batch = Batch.gather(train, order, b * config.batch(), config.batch());
                float lr = config.schedule().lr(iteration);
                TrainStep.StepResult r = TrainStep.run(net, optimizer, batch, lr, config.ghostBatch(), loss);
                var stats = new TrainingListener.IterationStats(iteration, epoch, lr, r.loss(),
                        r.correct() / (double) r.count(), r.count(), (System.nanoTime() - t0) / 1e9);
                for (TrainingListener l : listeners) {
                    l.onIteration(stats);
                }
                iteration++;
            }
            testMetrics = test == null ? null : Evaluator.evaluate(net, test, Math.max(config.batch(), 256));
            for (TrainingListener l : listeners) {
                l.onEpoch(epoch, null, testMetrics);
            }
        }
        return new Result(testMetrics, iteration, (System.nanoTime() - start) / 1e9);
    }

    private boolean done(int iteration) {
        return config.maxIterations() > 0 && iteration >= config.maxIterations();
    }
}
