package org.xnornet.quant;

/**
 * sign(x) forward with the piecewise-polynomial gradient of Bi-Real Net: 2 − 2|x| for |x| ≤ 1, else 0.
 * Its surrogate is 2x − x|x| on [−1, 1] and sign(x) outside.
 */
public record ApproxSign() implements Quantizer {
    @Override
    public float quantize(float x) {
        return x >= 0f ? 1f : -1f;
    }

    @Override
    public float gradient(float x) {
        float a = Math.abs(x);
        return a <= 1f ? 2f - 2f * a : 0f;
    }

    @Override
    public void quantize(float[] src, int srcOff, float[] dst, int dstOff, int n) {
        org.xnornet.kernel.Parallel.forRange(n, 1 << 15, (from, to) -> {
            for (int i = from; i < to; i++) {
                dst[dstOff + i] = org.xnornet.kernel.Im2Col.sign(src[srcOff + i]);
            }
        });
    }

    @Override
    public Quantizer surrogate() {
        ApproxSign self = this;
        return new Quantizer() {
            public float quantize(float x) {
                return Math.abs(x) <= 1f ? 2f * x - x * Math.abs(x) : (x > 0 ? 1f : -1f);
            }

            public float gradient(float x) {
                return self.gradient(x);
            }

            public Quantizer surrogate() {
                return this;
            }

            public boolean binary() {
                return false;
            }

            public String name() {
                return "approx-surrogate";
            }
        };
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
