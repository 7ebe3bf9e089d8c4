package org.xnornet.optim;

import org.xnornet.tensor.ParameterVector;

/**
 * Updates the trainable slices of a {@link ParameterVector} from its gradients. Optimiser state (momentum,
 * Adam moments, step count) is itself stored as OPTIMIZER slices of the same vector by {@link #attach}, so
 * the whole training state is one array. Decoupled weight decay applies only to WEIGHT and SHADOW_WEIGHT
 * slices, never to Γ, batch norm, biases or PReLU slopes.
 */
public interface Optimizer {
    /**
     * Registers this optimiser's state slices in the vector (once, before the first step), then trims the vector's
     * arrays to their use ({@link ParameterVector#trim}), so no optimiser has to remember to.
     */
    default void attach(ParameterVector params) {
        addState(params);
        params.trim();
    }

    /** Adds this optimiser's state slices to the vector; {@link #attach} calls it. */
    void addState(ParameterVector params);

    /** One update with learning rate {@code lr}. */
    void step(ParameterVector params, float lr);

    /** A fresh optimiser with the same hyperparameters and no state. */
    Optimizer copy();

    String describe();

    /** Clamps SHADOW_WEIGHT slices to [−1, 1] (the optional shadow-weight clipping of BNN training). */
    static void clipShadowWeights(ParameterVector params) {
        float[] v = params.values();
        for (var p : params.parameters()) {
            if (p.role() == ParameterVector.Role.SHADOW_WEIGHT) {
                for (int i = p.offset(); i < p.offset() + p.length(); i++) {
                    v[i] = Math.max(-1f, Math.min(1f, v[i]));
                }
            }
        }
    }
}
