package org.xnornet.quant;

/** The full-precision "quantizer": x forward, 1 backward. Makes any binary layer its float twin. */
public record Identity() implements Quantizer {
    @Override
    public float quantize(float x) {
        return x;
    }

    @Override
    public float gradient(float x) {
        return 1f;
    }

    @Override
    public Quantizer surrogate() {
        return this;
    }

    @Override
    public boolean binary() {
        return false;
    }

    @Override
    public String name() {
        return "identity";
    }
}
