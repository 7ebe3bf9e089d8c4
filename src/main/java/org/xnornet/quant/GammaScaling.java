package org.xnornet.quant;

import org.xnornet.kernel.ConvGeometry;
import org.xnornet.kernel.Parallel;
import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.ParameterVector;

/**
 * XNOR-Net++'s learned scale Γ, trained by backpropagation with exact gradients for every factor.
 * Initial values: the channel factor α (and case 2's Γ) starts at XNOR-Net's analytic ‖W_o‖₁/n of the
 * initial weights, so a fresh binary layer has the magnitude of its real twin; the spatial factors β and γ
 * start at 1.
 */
public record GammaScaling(GammaShape shape) implements Scaling {
    @Override
    public String name() {
        return "gamma" + shape.number();
    }

    @Override
    public Scaler bind(ParameterVector params, String prefix, int out, int outH, int outW) {
        return new Bound(shape, params, prefix, out, outH, outW);
    }

    private static final class Bound implements Scaler {
        private final GammaShape shape;
        private final int out;
        private final int h;
        private final int w;
        private final Parameter alpha;
        private final Parameter beta;
        private final Parameter gamma;
        private float[] scale;

        Bound(GammaShape shape, ParameterVector params, String prefix, int out, int h, int w) {
            this.shape = shape;
            this.out = out;
            this.h = h;
            this.w = w;
            ParameterVector.Role role = ParameterVector.Role.GAMMA;
            switch (shape) {
                case CASE_1:
                    alpha = params.add(prefix + ".alpha", role, out);
                    beta = null;
                    gamma = null;
                    break;
                case CASE_2:
                    alpha = params.add(prefix + ".gamma", role, out * h * w);
                    beta = null;
                    gamma = null;
                    break;
                case CASE_3:
                    alpha = params.add(prefix + ".alpha", role, out);
                    beta = params.add(prefix + ".beta", role, h * w);
                    gamma = null;
                    break;
                default:
                    alpha = params.add(prefix + ".alpha", role, out);
                    beta = params.add(prefix + ".beta", role, h);
                    gamma = params.add(prefix + ".gamma", role, w);
            }
        }

        @Override
        public void initialize(float[] weights, int wOff, int o, int perFilter) {
            int pixels = h * w;
            for (int c = 0; c < out; c++) {
                double s = 0;
                for (int i = 0; i < perFilter; i++) {
                    s += Math.abs(weights[wOff + c * perFilter + i]);
                }
                float a = (float) (s / perFilter);
                if (shape == GammaShape.CASE_2) {
                    for (int p = 0; p < pixels; p++) {
                        alpha.set(c * pixels + p, a);
                    }
                } else {
                    alpha.set(c, a);
                }
            }
            if (beta != null) {
                for (int i = 0; i < beta.length(); i++) {
                    beta.set(i, 1f);
                }
            }
            if (gamma != null) {
                for (int i = 0; i < gamma.length(); i++) {
                    gamma.set(i, 1f);
                }
            }
        }

        /** The expanded Γ as an {@code out × h·w} array. */
        private float[] expand() {
            int pixels = h * w;
            float[] s = new float[out * pixels];
            float[] v = alpha.values();
            for (int o = 0; o < out; o++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int p = y * w + x;
                        float f;
                        switch (shape) {
                            case CASE_1:
                                f = v[alpha.offset() + o];
                                break;
                            case CASE_2:
                                f = v[alpha.offset() + o * pixels + p];
                                break;
                            case CASE_3:
                                f = v[alpha.offset() + o] * v[beta.offset() + p];
                                break;
                            default:
                                f = v[alpha.offset() + o] * v[beta.offset() + y] * v[gamma.offset() + x];
                        }
                        s[o * pixels + p] = f;
                    }
                }
            }
            return s;
        }

        @Override
        public void forward(float[] z, int batch, float[] x, ConvGeometry g, float[] weights, int wOff, int o,
                            float[] y) {
            scale = expand();
            multiply(z, batch, y);
        }

        private void multiply(float[] src, int batch, float[] dst) {
            int perImage = scale.length;
            float[] s = scale;
            Parallel.forRange(batch, 1, (from, to) -> {
                for (int n = from; n < to; n++) {
                    int base = n * perImage;
                    for (int i = 0; i < perImage; i++) {
                        dst[base + i] = src[base + i] * s[i];
                    }
                }
            });
        }

        @Override
        public void backward(float[] dy, float[] z, int batch, float[] x, ConvGeometry g, float[] weights, int wOff,
                             int o, float[] dz, float[] dx, float[] dw, int dwOff) {
            int pixels = h * w;
            int perImage = out * pixels;
            // G[o][p] = Σ_n dy·z: the gradient of the loss with respect to the expanded Γ.
            // One pass over dy: dz = dy ⊙ Γ and G += dy ⊙ z, split by output channel.
            double[] grad = new double[perImage];
            float[] expanded = scale;
            Parallel.forRange(out, 1, (from, to) -> {
                for (int n = 0; n < batch; n++) {
                    int base = n * perImage;
                    for (int i = from * pixels; i < to * pixels; i++) {
                        float d = dy[base + i];
                        grad[i] += (double) d * z[base + i];
                        dz[base + i] = d * expanded[i];
                    }
                }
            });
            float[] v = alpha.values();
            float[] gr = alpha.grads();
            switch (shape) {
                case CASE_1:
                    for (int c = 0; c < out; c++) {
                        double s = 0;
                        for (int p = 0; p < pixels; p++) {
                            s += grad[c * pixels + p];
                        }
                        gr[alpha.offset() + c] += (float) s;
                    }
                    break;
                case CASE_2:
                    for (int i = 0; i < perImage; i++) {
                        gr[alpha.offset() + i] += (float) grad[i];
                    }
                    break;
                case CASE_3: {
                    double[] dBeta = new double[pixels];
                    for (int c = 0; c < out; c++) {
                        double s = 0;
                        float a = v[alpha.offset() + c];
                        for (int p = 0; p < pixels; p++) {
                            s += grad[c * pixels + p] * v[beta.offset() + p];
                            dBeta[p] += grad[c * pixels + p] * a;
                        }
                        gr[alpha.offset() + c] += (float) s;
                    }
                    for (int p = 0; p < pixels; p++) {
                        gr[beta.offset() + p] += (float) dBeta[p];
                    }
                    break;
                }
                default: {
                    double[] dBeta = new double[h];
                    double[] dGamma = new double[w];
                    for (int c = 0; c < out; c++) {
                        double s = 0;
                        float a = v[alpha.offset() + c];
                        for (int yy = 0; yy < h; yy++) {
                            float b = v[beta.offset() + yy];
                            for (int xx = 0; xx < w; xx++) {
                                double gv = grad[c * pixels + yy * w + xx];
                                float gm = v[gamma.offset() + xx];
                                s += gv * b * gm;
                                dBeta[yy] += gv * a * gm;
                                dGamma[xx] += gv * a * b;
                            }
                        }
                        gr[alpha.offset() + c] += (float) s;
                    }
                    for (int yy = 0; yy < h; yy++) {
                        gr[beta.offset() + yy] += (float) dBeta[yy];
                    }
                    for (int xx = 0; xx < w; xx++) {
                        gr[gamma.offset() + xx] += (float) dGamma[xx];
                    }
                }
            }
        }

        @Override
        public float factor(int n, int o, int p) {
            if (scale == null) {
                scale = expand();
            }
            return scale[o * h * w + p];
        }
    }
}
