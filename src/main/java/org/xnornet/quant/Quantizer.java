package org.xnornet.quant;

/**
 * Maps a real value to its quantised value in the forward pass and gives the surrogate gradient used
 * in the backward pass. Quantizers are stateless objects handed to layers, so the same layer is binary
 * with {@link SteSign} and full precision with {@link Identity}.
 */
public interface Quantizer {
    /** Forward value. */
    float quantize(float x);

    /** The (surrogate) derivative used by backpropagation at x. */
    float gradient(float x);

    /**
     * A smooth stand-in whose true derivative equals {@link #gradient(float)} everywhere: used by
     * finite-difference checks, which cannot differentiate a step function.
     */
    Quantizer surrogate();

    /** Whether the forward output is always ±1. */
    boolean binary();

    /** Whether the forward value is exactly sign(x) with sign(0) = +1, so kernels may apply it themselves. */
    default boolean isSign() {
        return false;
    }

    String name();

    default void quantize(float[] src, int srcOff, float[] dst, int dstOff, int n) {
        if (isSign()) {
            org.xnornet.kernel.Parallel.forRange(n, 1 << 15, (from, to) -> {
                for (int i = from; i < to; i++) {
                    dst[dstOff + i] = org.xnornet.kernel.Im2Col.sign(src[srcOff + i]);
                }
            });
            return;
        }
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = quantize(src[srcOff + i]);
        }
    }

    /** grad[i] ← grad[i] · gradient(x[i]), in parallel (each element on its own, so the split does not matter). */
    default void applyGradient(float[] x, int xOff, float[] grad, int gOff, int n) {
        org.xnornet.kernel.Parallel.forRange(n, 1 << 15, (from, to) -> {
            for (int i = from; i < to; i++) {
                grad[gOff + i] *= gradient(x[xOff + i]);
            }
        });
    }

    /** The quantizer a config string names: {@code ste}, {@code ste:<clip>}, {@code approx}, {@code identity}. */
    static Quantizer parse(String spec) {
        String s = spec.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("ste") || s.equals("sign")) {
            return new SteSign(1f);
        }
        if (s.startsWith("ste:")) {
            try {
                return new SteSign(Float.parseFloat(s.substring(4)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("quantizer '" + spec + "': clip after 'ste:' must be a number");
            }
        }
        if (s.equals("approx") || s.equals("approxsign")) {
            return new ApproxSign();
        }
        if (s.equals("identity") || s.equals("none")) {
            return new Identity();
        }
        throw new IllegalArgumentException("unknown quantizer '" + spec + "': expected ste, ste:<clip>, approx or identity");
    }
}
