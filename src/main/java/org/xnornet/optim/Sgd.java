package org.xnornet.optim;

import java.util.ArrayList;
import java.util.List;
import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.ParameterVector;

/**
 * SGD with momentum as PyTorch defines it: v ← μ·v + g; w ← w − lr·v (Nesterov: w ← w − lr·(g + μ·v)),
 * then decoupled decay w ← w − lr·λ·w on weights. Every step is linear in g, so averaging P workers'
 * states after one step each equals one step on the mean gradient.
 */
public final class Sgd implements Optimizer {
    private final float momentum;
    private final boolean nesterov;
    private final float weightDecay;
    private final boolean clipShadow;
    private final List<Parameter[]> pairs = new ArrayList<>();

    public Sgd(float momentum, boolean nesterov, float weightDecay, boolean clipShadow) {
        if (momentum < 0 || momentum >= 1) {
            throw new IllegalArgumentException("SGD momentum must be in [0, 1), was " + momentum);
        }
        if (weightDecay < 0) {
            throw new IllegalArgumentException("weight decay must be ≥ 0, was " + weightDecay);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("Nesterov momentum needs momentum > 0");
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
        this.clipShadow = clipShadow;
    }

    @Override
    public void addState(ParameterVector params) {
        if (!pairs.isEmpty()) {
            throw new IllegalStateException("this optimiser is already attached; use copy() for another vector");
        }
        for (Parameter p : params.parameters()) {
            if (p.role().trainable()) {
                Parameter v = momentum > 0 ? params.add("sgd.momentum/" + p.name(), ParameterVector.Role.OPTIMIZER,
                        p.length()) : null;
                pairs.add(new Parameter[] {p, v});
            }
        }
    }

    @Override
    public void step(ParameterVector params, float lr) {
        float[] w = params.values();
        float[] g = params.grads();
        for (Parameter[] pair : pairs) {
            Parameter p = pair[0];
            Parameter m = pair[1];
            boolean decay = p.role().decayed() && weightDecay > 0;
            for (int i = 0; i < p.length(); i++) {
                int wi = p.offset() + i;
                float grad = g[wi];
                float update = grad;
                if (m != null) {
                    int mi = m.offset() + i;
                    float v = momentum * w[mi] + grad;
                    w[mi] = v;
                    update = nesterov ? grad + momentum * v : v;
                }
                float value = w[wi] - lr * update;
                if (decay) {
                    value -= lr * weightDecay * w[wi];
                }
                w[wi] = value;
            }
        }
        if (clipShadow) {
            Optimizer.clipShadowWeights(params);
        }
    }

    @Override
    public Optimizer copy() {
        return new Sgd(momentum, nesterov, weightDecay, clipShadow);
    }

    @Override
    public String describe() {
        return "sgd(momentum=" + momentum + ", nesterov=" + nesterov + ", weight_decay=" + weightDecay
                + ", clip_shadow=" + clipShadow + ")";
    }
}
