package org.xnornet.optim;

import java.util.ArrayList;
import java.util.List;
import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.ParameterVector;

/**
 * Adam with decoupled weight decay (AdamW, Loshchilov &amp; Hutter) on weights only. The step count is
 * kept in the parameter vector too (one OPTIMIZER value), so a restored state resumes bias correction.
 */
public final class Adam implements Optimizer {
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final boolean clipShadow;
    private final List<Parameter[]> slots = new ArrayList<>();
    private Parameter stepCount;

    public Adam(float beta1, float beta2, float eps, float weightDecay, boolean clipShadow) {
        if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1) {
            throw new IllegalArgumentException("Adam betas must be in [0, 1), were " + beta1 + ", " + beta2);
        }
        if (eps <= 0 || weightDecay < 0) {
            throw new IllegalArgumentException("Adam needs eps > 0 and weight decay ≥ 0, got " + eps + ", " + weightDecay);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.clipShadow = clipShadow;
    }

    public static Adam defaults() {
        return new Adam(0.9f, 0.999f, 1e-8f, 0f, false);
    }

    @Override
    public void addState(ParameterVector params) {
        if (stepCount != null) {
            throw new IllegalStateException("this optimiser is already attached; use copy() for another vector");
        }
        for (Parameter p : params.parameters()) {
            if (p.role().trainable()) {
                slots.add(new Parameter[] {p,
                        params.add("adam.m/" + p.name(), ParameterVector.Role.OPTIMIZER, p.length()),
                        params.add("adam.v/" + p.name(), ParameterVector.Role.OPTIMIZER, p.length())});
            }
        }
        stepCount = params.add("adam.step", ParameterVector.Role.OPTIMIZER, 1);
    }

    @Override
    public void step(ParameterVector params, float lr) {
        float t = stepCount.get(0) + 1;
        stepCount.set(0, t);
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        float[] w = params.values();
        float[] g = params.grads();
        for (Parameter[] s : slots) {
            Parameter p = s[0];
            int mo = s[1].offset();
            int vo = s[2].offset();
            boolean decay = p.role().decayed() && weightDecay > 0;
            for (int i = 0; i < p.length(); i++) {
                int wi = p.offset() + i;
                float grad = g[wi];
                float m = beta1 * w[mo + i] + (1 - beta1) * grad;
                float v = beta2 * w[vo + i] + (1 - beta2) * grad * grad;
                w[mo + i] = m;
                w[vo + i] = v;
                float value = w[wi];
                if (decay) {
                    value -= lr * weightDecay * value;
                }
                w[wi] = value - (float) (lr * (m / c1) / (Math.sqrt(v / c2) + eps));
            }
        }
        if (clipShadow) {
            Optimizer.clipShadowWeights(params);
        }
    }

    @Override
    public Optimizer copy() {
        return new Adam(beta1, beta2, eps, weightDecay, clipShadow);
    }

    @Override
    public String describe() {
        return "adam(beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + eps + ", weight_decay=" + weightDecay
                + ", clip_shadow=" + clipShadow + ")";
    }
}
