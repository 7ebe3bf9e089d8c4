package org.xnornet.quant;

/**
 * sign(x) forward with the piecewise-polynomial gradient of Bi-Real Net: 2 − 2|x| for |x| ≤ 1, else 0.
 * Its surrogate is 2x − x|x| on [−1, 1] and sign(x) outside.
 */
public record ApproxSign() implements Quantizer {
    @Override
    public float quantize(float x) {
        return org.xnornet.kernel.Im2Col.sign(x);
    }

    /** max(0, 2 − 2|x|), which is 2 − 2|x| on |x| ≤ 1 and 0 elsewhere, without a branch. */
    @Override
    public float gradient(float x) {
        return Math.max(0f, 2f - 2f * Math.abs(x));
    }

    @Override
    public Quantizer surrogate() {
        return new Surrogate(this, x -> Math.abs(x) <= 1 ? 2 * x - x * Math.abs(x) : Math.signum(x), "approx-surrogate");
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
        return "approx";
    }
}
