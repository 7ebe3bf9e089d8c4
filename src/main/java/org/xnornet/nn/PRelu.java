package org.xnornet.nn;

import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.Tensor;

/** PReLU with one learned slope per channel (initial 0.25): y = x for x > 0, a_c·x otherwise. */
public final class PRelu implements Layer {
    private final String name;
    private final int channels;
    private final Parameter slope;
    private Tensor input;
    private Tensor output;
    private Tensor inputGrad;

    public PRelu(String name, ParameterVector params, int channels) {
        this.name = name;
        this.channels = channels;
        this.slope = params.add(name + ".slope", ParameterVector.Role.ACTIVATION, channels);
        Init.constant(slope, 0.25f);
    }

    /**
     * 1 for v ≥ +0, the slope for negative v (and −0), chosen by the sign bit without a branch: activations
     * have random signs, which a branch would mispredict half the time.
     */
    public static float factor(float v, int slopeBits) {
        int negative = Float.floatToRawIntBits(v) >> 31;
        return Float.intBitsToFloat((negative & slopeBits) | (~negative & 0x3f800000));
    }

    /**
     * y[yOff + i] = v·{@link #factor}(v, slope) for v = x[xOff + i], i &lt; n: one channel's run, bit for bit. Where
     * the slope is finite and not zero this is max(v, v·slope) for slope ≤ 1 and min(v, v·slope) above 1, which
     * pick exactly v·1 or v·slope for every v (±0, infinities and quiet NaNs included; {@code PReluTest}), and which
     * the JIT vectorises, where the sign-bit select is not (ten times slower, measured); other slopes go by the sign
     * bit. x and y may be the same run.
     */
    public static void forwardRun(float[] x, int xOff, float[] y, int yOff, int n, float slope) {
        if (Float.isFinite(slope) && slope != 0f) {
            if (slope <= 1f) {
                for (int i = 0; i < n; i++) {
                    float v = x[xOff + i];
                    y[yOff + i] = Math.max(v, v * slope);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    float v = x[xOff + i];
                    y[yOff + i] = Math.min(v, v * slope);
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                y[yOff + i] = apply(x[xOff + i], slope);
            }
        }
    }

    /** PReLU of one value, v·{@link #factor}(v, slope): the expression {@link #forwardRun} matches bit for bit. */
    public static float apply(float v, float slope) {
        return v * factor(v, Float.floatToRawIntBits(slope));
    }

    /** The per-channel slopes for negative inputs. */
    public Parameter slope() {
        return slope;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int[] outputShape(int[] in) {
        return in.clone();
    }

    private int pixels(Tensor x) {
        return Shapes.pixelsPerChannel(name, x, channels, "has slopes for");
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        int pixels = pixels(x);
        Tensor y = output = Tensor.reuse(output, x.shape());
        float[] a = x.data();
        float[] b = y.data();
        float[] s = slope.values();
        int planes = x.dim(0) * channels;
        org.xnornet.kernel.Parallel.forRange(planes, 8, (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                forwardRun(a, plane * pixels, b, plane * pixels, pixels, s[slope.offset() + plane % channels]);
            }
        });
        input = mode.training() ? x : null;
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        Shapes.requireForward(name, input);
        int pixels = pixels(input);
        Tensor dx = inputGrad = Tensor.reuse(inputGrad, input.shape());
        float[] x = input.data();
        float[] g = dy.data();
        float[] d = dx.data();
        float[] s = slope.values();
        double[] ds = new double[channels];
        int batch = input.dim(0);
        org.xnornet.kernel.Parallel.forRange(channels, 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                int kBits = Float.floatToRawIntBits(s[slope.offset() + c]);
                double acc = 0;
                for (int n = 0; n < batch; n++) {
                    int base = (n * channels + c) * pixels;
                    for (int i = base; i < base + pixels; i++) {
                        float v = x[i];
                        d[i] = g[i] * factor(v, kBits);
                        acc += g[i] * Math.min(v, 0f);
                    }
                }
                ds[c] = acc;
            }
        });
        float[] sg = slope.grads();
        for (int c = 0; c < channels; c++) {
            sg[slope.offset() + c] += (float) ds[c];
        }
        input = null;
        return dx;
    }
}
