package org.xnornet.infer;

import org.xnornet.nn.BatchNorm;

/**
 * A batch norm in evaluation, copied from its layer: v ↦ γ·((v − m)·s) + β with s = (float) (1/√(var + ε)) computed
 * in double, the float expression {@link BatchNorm} evaluates, so results agree bit for bit.
 */
final class EvalNorm {
    private final float[] mean;
    private final float[] invStd;
    private final float[] gamma;
    private final float[] beta;

    private EvalNorm(float[] mean, float[] invStd, float[] gamma, float[] beta) {
        this.mean = mean;
        this.invStd = invStd;
        this.gamma = gamma;
        this.beta = beta;
    }

    /** From stored terms {mean, invStd, γ, β} (a model file), used as given. */
    static EvalNorm ofTerms(float[][] terms) {
        return new EvalNorm(terms[0], terms[1], terms[2], terms[3]);
    }

    /** The terms {mean, invStd, γ, β} (not copies). */
    float[][] terms() {
        return new float[][] {mean, invStd, gamma, beta};
    }

    private EvalNorm(BatchNorm bn) {
        int channels = bn.channels();
        mean = bn.runningMean().toArray();
        invStd = new float[channels];
        for (int c = 0; c < channels; c++) {
            invStd[c] = (float) (1.0 / Math.sqrt(bn.runningVar().get(c) + (double) bn.eps()));
        }
        gamma = bn.gamma().toArray();
        beta = bn.beta().toArray();
    }

    /** The norm of {@code bn}, which must have {@code channels} channels; {@code owner} names the layer it follows. */
    static EvalNorm of(BatchNorm bn, int channels, String owner) {
        if (bn.channels() != channels) {
            throw new IllegalArgumentException("batch norm " + bn.name() + " has " + bn.channels() + " channels, "
                    + owner + " " + channels);
        }
        return new EvalNorm(bn);
    }

    float apply(float v, int c) {
        return normalize(v, mean[c], invStd[c], gamma[c], beta[c]);
    }

    private static float normalize(float v, float m, float s, float g, float b) {
        return g * ((v - m) * s) + b;
    }

    /**
     * {@link #apply} in place over {@code y[from, from + n)}, all of channel c, its terms read once (a store to y could
     * alias them, so the JIT would reload them per element).
     */
    void applyTo(float[] y, int from, int n, int c) {
        float m = mean[c];
        float s = invStd[c];
        float g = gamma[c];
        float b = beta[c];
        for (int i = from; i < from + n; i++) {
            y[i] = normalize(y[i], m, s, g, b);
        }
    }

    /**
     * How {@link #apply} moves with v on channel c, over every v but NaN (each float step rounds monotonically):
     * +1 non-decreasing (γ &gt; 0), −1 non-increasing (γ &lt; 0), 0 where it is neither or not known to be (γ = 0,
     * where an infinite v gives NaN, or terms that are not finite, or s not positive).
     */
    int direction(int c) {
        if (!finite(c) || !(invStd[c] > 0f) || gamma[c] == 0f) {
            return 0;
        }
        return gamma[c] > 0f ? 1 : -1;
    }

    /** Whether channel c's four terms are finite. */
    boolean finite(int c) {
        return Float.isFinite(mean[c]) && Float.isFinite(invStd[c]) && Float.isFinite(gamma[c])
                && Float.isFinite(beta[c]);
    }
}
