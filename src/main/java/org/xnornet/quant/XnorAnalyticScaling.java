package org.xnornet.quant;

import org.xnornet.kernel.ConvGeometry;
import org.xnornet.kernel.Parallel;
import org.xnornet.kernel.Pool;
import org.xnornet.tensor.ParameterVector;

/**
 * XNOR-Net's analytic scaling (Rastegari et al. 2016, §3.2): α_o = ‖W_o‖₁/n per output filter and
 * K = A ⋆ k, where A is the channel mean of |x| and k the box filter 1/(kh·kw) over the kernel window
 * with the convolution's stride and padding; the output is z ⊙ K ⊙ α. Nothing is learned, but gradients
 * flow exactly through α into W and through K into x (taking d|v|/dv = 0 at v = 0).
 */
public record XnorAnalyticScaling() implements Scaling {
    @Override
    public String name() {
        return "xnor";
    }

    @Override
    public Scaler bind(ParameterVector params, String prefix, int out, int outH, int outW) {
        return new Bound();
    }

    private static final class Bound implements Scaler {
        private float[] alpha;
        private float[] k;
        private int pixels;

        @Override
        public void initialize(float[] w, int wOff, int out, int perFilter) {
        }

        @Override
        public void forward(float[] z, int batch, float[] x, ConvGeometry g, float[] w, int wOff, int out, float[] y) {
            int n = g.patchSize();
            alpha = new float[out];
            for (int o = 0; o < out; o++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += Math.abs(w[wOff + o * n + i]);
                }
                alpha[o] = (float) (s / n);
            }
            int inPixels = g.inPixels();
            int channels = g.channels();
            float[] a = new float[batch * inPixels];
            Parallel.forRange(batch, 1, (from, to) -> {
                for (int b = from; b < to; b++) {
                    for (int c = 0; c < channels; c++) {
                        int base = (b * channels + c) * inPixels;
                        for (int p = 0; p < inPixels; p++) {
                            a[b * inPixels + p] += Math.abs(x[base + p]);
                        }
                    }
                    for (int p = 0; p < inPixels; p++) {
                        a[b * inPixels + p] /= channels;
                    }
                }
            });
            ConvGeometry box = boxGeometry(g);
            pixels = g.outPixels();
            k = new float[batch * pixels];
            Pool.avgForward(a, batch, box, k);
            float[] al = alpha;
            float[] kk = k;
            Parallel.forRange(batch, 1, (from, to) -> {
                for (int b = from; b < to; b++) {
                    for (int o = 0; o < out; o++) {
                        int base = (b * out + o) * pixels;
                        for (int p = 0; p < pixels; p++) {
                            y[base + p] = z[base + p] * kk[b * pixels + p] * al[o];
                        }
                    }
                }
            });
        }

        private static ConvGeometry boxGeometry(ConvGeometry g) {
            return new ConvGeometry(1, g.height(), g.width(), g.kernelH(), g.kernelW(), g.stride(), g.padding());
        }

        @Override
        public void backward(float[] dy, float[] z, int batch, float[] x, ConvGeometry g, float[] w, int wOff, int out,
                             float[] dz, float[] dx, float[] dw, int dwOff) {
            double[] dAlpha = new double[out];
            float[] dk = new float[batch * pixels];
            for (int b = 0; b < batch; b++) {
                for (int o = 0; o < out; o++) {
                    int base = (b * out + o) * pixels;
                    for (int p = 0; p < pixels; p++) {
                        float kv = k[b * pixels + p];
                        float gz = dy[base + p] * z[base + p];
                        dz[base + p] = dy[base + p] * kv * alpha[o];
                        dAlpha[o] += (double) gz * kv;
                        dk[b * pixels + p] += gz * alpha[o];
                    }
                }
            }
            int n = g.patchSize();
            for (int o = 0; o < out; o++) {
                float d = (float) (dAlpha[o] / n);
                for (int i = 0; i < n; i++) {
                    float wv = w[wOff + o * n + i];
                    dw[dwOff + o * n + i] += wv > 0 ? d : (wv < 0 ? -d : 0f);
                }
            }
            if (dx == null) {
                return;
            }
            int inPixels = g.inPixels();
            int channels = g.channels();
            float[] da = new float[batch * inPixels];
            Pool.avgBackward(dk, batch, boxGeometry(g), da);
            Parallel.forRange(batch, 1, (from, to) -> {
                for (int b = from; b < to; b++) {
                    for (int c = 0; c < channels; c++) {
                        int base = (b * channels + c) * inPixels;
                        for (int p = 0; p < inPixels; p++) {
                            float xv = x[base + p];
                            float d = da[b * inPixels + p] / channels;
                            dx[base + p] += xv > 0 ? d : (xv < 0 ? -d : 0f);
                        }
                    }
                }
            });
        }

        @Override
        public boolean dependsOnInput() {
            return true;
        }

        @Override
        public float factor(int n, int o, int p) {
            return k[n * pixels + p] * alpha[o];
        }
    }
}
