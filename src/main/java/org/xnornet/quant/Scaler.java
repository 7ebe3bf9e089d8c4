package org.xnornet.quant;

import org.xnornet.kernel.ConvGeometry;

/**
 * The scaling of one binary convolution: y = z ⊙ S, where z = sign(x) ⊛ sign(W) and S depends on the
 * scaling kind. Arrays are NCHW; z and y have {@code batch × out × outPixels} values; weights are
 * {@code out × patchSize} at {@code wOff}.
 */
public interface Scaler {
    /** Sets the initial factors from the freshly initialised real weights. */
    void initialize(float[] w, int wOff, int out, int perFilter);

    /** Writes y = z ⊙ S; may keep what {@link #backward} needs. */
    void forward(float[] z, int batch, float[] x, ConvGeometry g, float[] w, int wOff, int out, float[] y);

    /**
     * Writes dz = dy ⊙ S and adds this scaling's own gradients: to its learned factors, and — when S depends
     * on them — to the real input ({@code dx}, may be null) and the real weights ({@code dw}).
     */
    void backward(float[] dy, float[] z, int batch, float[] x, ConvGeometry g, float[] w, int wOff, int out,
                  float[] dz, float[] dx, float[] dw, int dwOff);

    /** Whether S depends on the real input, so {@link #backward} adds to dx (XNOR-Net's K does). */
    default boolean dependsOnInput() {
        return false;
    }

    /**
     * The per-output factor S for image {@code n}, channel {@code o}, pixel {@code p} as last computed
     * (for eval forward, exported by inference packing).
     */
    float factor(int n, int o, int p);
}
