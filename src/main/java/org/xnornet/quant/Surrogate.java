package org.xnornet.quant;

import java.util.function.DoubleUnaryOperator;

/**
 * The smooth stand-in of a quantizer for finite-difference checks: forward is {@code function}, whose true
 * derivative is the quantizer's surrogate gradient, and backward is that gradient.
 */
record Surrogate(Quantizer of, DoubleUnaryOperator function, String name) implements Quantizer {
    @Override
    public float quantize(float x) {
        return (float) function.applyAsDouble(x);
    }

    @Override
    public float gradient(float x) {
        return of.gradient(x);
    }

    @Override
    public Quantizer surrogate() {
        return this;
    }

    @Override
    public boolean binary() {
        return false;
    }
}
