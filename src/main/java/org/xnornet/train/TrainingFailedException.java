package org.xnornet.train;

/** Training stopped because it cannot go on: the loss is no longer finite (the learning rate is too high, say). */
public final class TrainingFailedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public TrainingFailedException(String message) {
        super(message);
    }
}
