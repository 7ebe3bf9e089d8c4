package org.xnornet.quant;

/**
 * sign(x) with sign(0) = +1, and the straight-through estimator 1{|x| ≤ clip} as its gradient
 * (Courbariaux et al.; XNOR-Net++ §3). Its surrogate is hardtanh clamped at ±clip.
 */
public record SteSign(float clip) implements Quantizer {
    public SteSign {
        if (!(clip > 0)) {
            throw new IllegalArgumentException("STE clip must be > 0, was " + clip);
        }
    }

    @Override
    public float quantize(float x) {
        return org.xnornet.kernel.Im2Col.sign(x);
    }

    @Override
    public float gradient(float x) {
        return Math.abs(x) <= clip ? 1f : 0f;
    }

    /**
     * grad ⊙= 1{|x| ≤ clip} by integer masks: the float select compiles to a branch, which BN-normalised inputs
     * (a third outside ±1) mispredict often. Non-negative floats order as their bits, so |x| ≤ clip is a sign bit.
     */
    @Override
    public void applyGradient(float[] x, int xOff, float[] grad, int gOff, int n) {
        int clipBits = Float.floatToRawIntBits(clip);
        org.xnornet.kernel.Parallel.forRange(n, 1 << 15, (from, to) -> {
            for (int i = from; i < to; i++) {
                int keep = ((Float.floatToRawIntBits(x[xOff + i]) & 0x7fffffff) - clipBits - 1) >> 31;
                grad[gOff + i] = Float.intBitsToFloat(Float.floatToRawIntBits(grad[gOff + i]) & keep);
            }
        });
    }

    @Override
    public Quantizer surrogate() {
        float c = clip;
        return new Surrogate(this, x -> Math.max(-c, Math.min(c, x)), "hardtanh(" + clip + ")");
    }

    @Override
    public boolean binary() {
        return true;
    }

    @Override
    public boolean isSign() {
        return true;
    }

    @Override
    public String name() {
        return clip == 1f ? "ste" : "ste:" + clip;
    }
}
