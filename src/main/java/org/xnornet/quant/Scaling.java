package org.xnornet.quant;

import org.xnornet.tensor.ParameterVector;

/**
 * How a binary convolution's output is rescaled: XNOR-Net++'s learned Γ in one of its four shapes
 * ({@link GammaScaling}), XNOR-Net's analytic K·α ({@link XnorAnalyticScaling}) or nothing
 * ({@link NoScaling}). A Scaling is a stateless description handed to a layer; {@link #bind} creates the
 * per-layer {@link Scaler} that owns the learned factors.
 */
public interface Scaling {
    String name();

    /**
     * Creates the scaler of one layer with {@code out} channels and an {@code outH × outW} output,
     * registering its learned factors in {@code params} under {@code prefix}.
     */
    Scaler bind(ParameterVector params, String prefix, int out, int outH, int outW);

    /** Parses {@code none}, {@code xnor}, {@code gamma1} … {@code gamma4} (also {@code case1} … {@code case4}). */
    static Scaling parse(String spec) {
        String s = spec.trim().toLowerCase(java.util.Locale.ROOT);
        switch (s) {
            case "none":
                return new NoScaling();
            case "xnor":
            case "analytic":
                return new XnorAnalyticScaling();
            default:
                for (GammaShape shape : GammaShape.values()) {
                    if (s.equals("gamma" + shape.number()) || s.equals("case" + shape.number())) {
                        return new GammaScaling(shape);
                    }
                }
                throw new IllegalArgumentException("unknown scaling '" + spec
                        + "': expected none, xnor, gamma1, gamma2, gamma3 or gamma4");
        }
    }
}
