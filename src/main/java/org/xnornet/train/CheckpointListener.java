package org.xnornet.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.logging.Logger;

/** Checkpoints a run every N iterations and at its end, and writes its final model, all through its run folder. */
public final class CheckpointListener implements TrainingListener {
    private static final Logger LOG = Logger.getLogger(CheckpointListener.class.getName());
    private final RunFolder folder;
    private final int every;
    private int lastSaved = -1;

    public CheckpointListener(RunFolder folder, int every) {
        this.folder = folder;
        this.every = every;
    }

    @Override
    public void onStart(int firstIteration, int totalIterations) {
        // a resumed sitting starts from a checkpoint of its first iteration, which need not be written again
        lastSaved = firstIteration > 0 ? firstIteration : -1;
    }

    @Override
    public void onIteration(IterationStats stats, TrainingState state) {
        if (every > 0 && state.iteration() % every == 0) {
            save(state);
        }
    }

    @Override
    public void onFinish(TrainingState state) {
        try {
            Checkpoint c = state.checkpoint();
            if (lastSaved != state.iteration()) {
                LOG.info("checkpoint " + folder.checkpoints().save(c));
            }
            LOG.info("model " + folder.writeModel(c));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the final checkpoint and model to " + folder.path(), e);
        }
    }

    private void save(TrainingState state) {
        try {
            LOG.info("checkpoint " + folder.checkpoints().save(state.checkpoint()));
            lastSaved = state.iteration();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a checkpoint to " + folder.path(), e);
        }
    }
}
