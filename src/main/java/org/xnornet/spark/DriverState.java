package org.xnornet.spark;

import org.xnornet.train.Checkpoint;
import org.xnornet.train.PartitionWorker;
import org.xnornet.train.TrainingListener;

/**
 * The distributed trainer's state after its last round, as the listeners see it: the state vector and the rounds
 * done, turned into a checkpoint through the driver's own network only when a listener asks.
 */
final class DriverState implements TrainingListener.TrainingState {
    private final PartitionWorker model;
    private final int period;
    private final int perEpoch;
    private float[] state;
    private int rounds;

    DriverState(PartitionWorker model, float[] state, int rounds, int period, int perEpoch) {
        this.model = model;
        this.state = state;
        this.rounds = rounds;
        this.period = period;
        this.perEpoch = perEpoch;
    }

    float[] state() {
        return state;
    }

    void advance(float[] next) {
        state = next;
        rounds++;
    }

    @Override
    public int iteration() {
        return rounds;
    }

    @Override
    public int epoch() {
        return (int) (((long) rounds * period - 1) / perEpoch);
    }

    @Override
    public Checkpoint checkpoint() {
        model.network().parameters().restore(state);
        return Checkpoint.of(model.network(), rounds, Math.max(0, epoch()));
    }
}
