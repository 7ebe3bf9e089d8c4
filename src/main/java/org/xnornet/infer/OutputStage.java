package org.xnornet.infer;

import org.xnornet.kernel.ConvGeometry;
import org.xnornet.kernel.Parallel;
import org.xnornet.kernel.Pool;
import org.xnornet.nn.Activation;
import org.xnornet.nn.BatchNorm;
import org.xnornet.nn.BinaryConv2d;
import org.xnornet.nn.Layer;
import org.xnornet.nn.PRelu;
import org.xnornet.quant.GammaScaling;
import org.xnornet.quant.GammaShape;
import org.xnornet.quant.NoScaling;
import org.xnornet.quant.XnorAnalyticScaling;
import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.ParameterVector;

/**
 * What follows a binary convolution's integer accumulator, fused into one pass: y = act(bn(acc · S)), with S the
 * layer's scale (Γ cases 1–4, none, or XNOR-Net's analytic K·α), the following batch norm in evaluation (running
 * statistics) and the activation (ReLU, hardtanh, PReLU or none). Every operation is the training layers' own float
 * expression in their order — Γ as {@code GammaScaling} expands it ((α·β)·γ for case 4), (z·K)·α, BN's
 * (x − m)·s·γ + β with s = (float) (1/√(var + ε)) in double, PReLU's v·(slope or 1) by the sign bit — so the output
 * equals (BinaryConv2d → BatchNorm → activation) in {@code Mode.EVAL} bit for bit. Parameters are copied when the
 * stage is built. Where a binary layer reads the output, {@link #toBits} writes its signs packed instead
 * ({@link SignThresholds}), with no float tensor between the two layers.
 */
public final class OutputStage {
    enum Act { NONE, RELU, HARDTANH, PRELU }

    private final ConvGeometry geometry;
    private final int out;
    private final int pixels;
    /** Γ per output channel (case 1) or per (channel, pixel) (cases 2–4); null without scaling or for K·α. */
    private final float[] scale;
    private final boolean spatial;
    /** XNOR-Net's α per filter when S = K·α, else null. */
    private final float[] alpha;
    /** The batch norm after the convolution, or null. */
    private final EvalNorm norm;
    private final Act act;
    private final float[] slope;
    /** The next unit's batch norm, after the activation, applied only where the output becomes packed bits. */
    private final EvalNorm trailing;
    private SignThresholds thresholds;

    private OutputStage(BinaryConv2d conv, float[] scale, boolean spatial, float[] alpha, BatchNorm bn, Act act,
                        float[] slope) {
        this(conv.geometry(), conv.outChannels(), scale, spatial, alpha,
                bn == null ? null : EvalNorm.of(bn, conv.outChannels(), "convolution " + conv.name()), act, slope);
    }

    private OutputStage(ConvGeometry geometry, int out, float[] scale, boolean spatial, float[] alpha, EvalNorm norm,
                        Act act, float[] slope) {
        this.geometry = geometry;
        this.out = out;
        this.pixels = geometry.outPixels();
        this.scale = scale;
        this.spatial = spatial;
        this.alpha = alpha;
        this.act = act;
        this.slope = slope;
        this.norm = norm;
        this.trailing = null;
    }

    private OutputStage(OutputStage s, EvalNorm trailing) {
        this.geometry = s.geometry;
        this.out = s.out;
        this.pixels = s.pixels;
        this.scale = s.scale;
        this.spatial = s.spatial;
        this.alpha = s.alpha;
        this.act = s.act;
        this.slope = s.slope;
        this.norm = s.norm;
        this.trailing = trailing;
    }

    /**
     * This stage followed by {@code next}, the batch norm that opens the next binary unit, for {@link #toBits} only:
     * the bits are then the signs that unit's convolution takes, sign(next(act(bn(acc·S)))).
     */
    OutputStage withTrailingNorm(BatchNorm next) {
        if (trailing != null) {
            throw new IllegalStateException("stage already ends in a batch norm");
        }
        return new OutputStage(this, EvalNorm.of(next, out, "the output before it has"));
    }

    /**
     * A stage from stored terms (a model file): S per channel or per (channel, pixel) ({@code spatial}), or XNOR-Net's
     * α ({@code alpha}), or neither; BN's {mean, invStd, γ, β} or null; the activation and PReLU's slopes. The arrays
     * are used as given; their lengths are checked.
     */
    static OutputStage restore(ConvGeometry geometry, int out, float[] scale, boolean spatial, float[] alpha,
                               float[][] bn, Act act, float[] slope) {
        int pixels = geometry.outPixels();
        check(scale == null || scale.length == (spatial ? out * pixels : out), "scale");
        check(alpha == null || (scale == null && alpha.length == out), "analytic alpha");
        check(bn == null || (bn.length == 4 && bn[0].length == out && bn[1].length == out && bn[2].length == out
                && bn[3].length == out), "batch norm terms");
        check((act == Act.PRELU) == (slope != null) && (slope == null || slope.length == out), "PReLU slopes");
        return new OutputStage(geometry, out, scale, spatial, alpha, bn == null ? null : EvalNorm.ofTerms(bn), act,
                slope);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("output stage: " + what + " do not fit the layer");
        }
    }

    /**
     * The stage after {@code conv}, whose learned Γ is read from {@code params} under the names
     * {@code GammaScaling} registers; {@code bn} and {@code activation} ({@link PRelu}, {@link Activation}) may be
     * null.
     */
    public static OutputStage of(ParameterVector params, BinaryConv2d conv, BatchNorm bn, Layer activation) {
        Act act = actOf(activation);
        float[] slope = null;
        if (activation instanceof PRelu p) {
            slope = p.slope().toArray();
            if (slope.length != conv.outChannels()) {
                throw new IllegalArgumentException("PReLU " + p.name() + " has " + slope.length
                        + " slopes, convolution " + conv.name() + " " + conv.outChannels() + " channels");
            }
        }
        if (conv.scaling() instanceof NoScaling) {
            return new OutputStage(conv, null, false, null, bn, act, slope);
        }
        if (conv.scaling() instanceof XnorAnalyticScaling) {
            return new OutputStage(conv, null, false, analyticAlpha(conv), bn, act, slope);
        }
        if (conv.scaling() instanceof GammaScaling gs) {
            GammaShape shape = gs.shape();
            return new OutputStage(conv, gamma(params, conv, shape), shape.spatial(), null, bn, act, slope);
        }
        throw new IllegalArgumentException("no fused form of scaling " + conv.scaling().name());
    }

    /** The fused form of an activation layer ({@link PRelu}, {@link Activation}, or null for none). */
    static Act actOf(Layer activation) {
        if (activation == null) {
            return Act.NONE;
        }
        if (activation instanceof PRelu) {
            return Act.PRELU;
        }
        if (activation instanceof Activation a) {
            return a.kind() == Activation.Kind.RELU ? Act.RELU : Act.HARDTANH;
        }
        throw new IllegalArgumentException("no fused form of activation " + activation.name());
    }

    /** Γ as {@code GammaScaling} expands it: α, Γ, α·β or (α·β)·γ. */
    private static float[] gamma(ParameterVector params, BinaryConv2d conv, GammaShape shape) {
        return GammaTerms.expand(shape, GammaTerms.factors(params, conv, shape), conv.outChannels(),
                conv.geometry().outHeight(), conv.geometry().outWidth());
    }

    /** α_o = ‖W_o‖₁/n, summed in double as {@code XnorAnalyticScaling} does. */
    private static float[] analyticAlpha(BinaryConv2d conv) {
        Parameter w = conv.weight();
        int n = conv.geometry().patchSize();
        float[] a = new float[conv.outChannels()];
        for (int o = 0; o < a.length; o++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += Math.abs(w.values()[w.offset() + o * n + i]);
            }
            a[o] = (float) (s / n);
        }
        return a;
    }

    public int outChannels() {
        return out;
    }

    public int outPixels() {
        return pixels;
    }

    /** Whether S depends on the real input (K·α), so only {@link #forward} with that input applies. */
    public boolean needsInput() {
        return alpha != null;
    }

    /** Whether the factor varies with the pixel (Γ cases 2–4). */
    boolean spatial() {
        return spatial;
    }

    /** XNOR-Net's α per filter when S = K·α, else null (not a copy). */
    float[] analyticAlpha() {
        return alpha;
    }

    /** BN's {mean, invStd, γ, β} per channel, or null without BN (not copies). */
    float[][] batchNormTerms() {
        return norm == null ? null : norm.terms();
    }

    Act activation() {
        return act;
    }

    /** PReLU's slopes, or null for another activation (not a copy). */
    float[] slopes() {
        return slope;
    }

    /** Uses stored thresholds ({@link SignThresholds#restore}) instead of deriving them on first use. */
    synchronized void useThresholds(int[] threshold, byte[] kind) {
        thresholds = SignThresholds.restore(this, threshold, kind);
    }

    /** acc · S for a scale that does not depend on the input. */
    float scaled(int acc, int o, int p) {
        float z = acc;
        if (scale == null) {
            return z;
        }
        return z * scale[spatial ? o * pixels + p : o];
    }

    /** act(bn(v)) for channel o. */
    float normalizeAndActivate(float v, int o) {
        return activate(normalize(v, o), o);
    }

    float normalize(float v, int o) {
        return norm == null ? v : norm.apply(v, o);
    }

    /** The trailing batch norm's output (v itself without one). */
    float trail(float v, int o) {
        return trailing == null ? v : trailing.apply(v, o);
    }

    /** Whether a trailing batch norm exists and channel o's activation is not monotone (PReLU with slope < 0). */
    boolean nonMonotoneBeforeTrailing(int o) {
        return trailing != null && act == Act.PRELU && !(slope[o] >= 0f);
    }

    float activate(float v, int o) {
        switch (act) {
            case RELU:
                return Activation.relu(v);
            case HARDTANH:
                return Activation.hardtanh(v);
            case PRELU:
                return PRelu.apply(v, slope[o]);
            default:
                return v;
        }
    }

    /** The fused output for one accumulator (scales that do not depend on the input). */
    float value(int acc, int o, int p) {
        return normalizeAndActivate(scaled(acc, o, p), o);
    }

    /** The value whose sign {@link #toBits} writes: {@link #value}, then the trailing batch norm if any. */
    float bitValue(int acc, int o, int p) {
        return trail(value(acc, o, p), o);
    }

    /** Whether every parameter acting on output (o, p) is finite (Γ, BN's terms, the slope). */
    boolean finiteParameters(int o, int p) {
        boolean f = scale == null || Float.isFinite(scale[spatial ? o * pixels + p : o]);
        f &= norm == null || norm.finite(o);
        f &= trailing == null || trailing.finite(o);
        return f && (slope == null || Float.isFinite(slope[o]));
    }

    /**
     * Writes the float outputs of {@code batch × out × outPixels} accumulators (NCHW, from {@code accOff}) into
     * {@code y} from {@code yOff}, parallel over (image, channel) planes. {@code x} is the layer's real NCHW input
     * from {@code xOff}, read only for K·α (may be null otherwise).
     */
    public void forward(int[] acc, int accOff, int batch, float[] x, int xOff, float[] y, int yOff) {
        forward(acc, accOff, batch, x, xOff, y, yOff, null, 0);
    }

    /**
     * As {@link #forward(int[], int, int, float[], int, float[], int)}, then adds {@code shortcut} (NCHW like y, from
     * {@code shortcutOff}; null for none) to each output, as a residual block adds its shortcut to the body's output:
     * the same float sums, in the same pass.
     */
    void forward(int[] acc, int accOff, int batch, float[] x, int xOff, float[] y, int yOff, float[] shortcut,
                 int shortcutOff) {
        if (trailing != null) {
            throw new IllegalStateException("a stage ending in the next unit's batch norm writes packed bits only");
        }
        float[] k = alpha == null ? null : boxMean(x, xOff, batch);
        Parallel.forRange(batch * out, 4, (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                int o = plane % out;
                int n = plane / out;
                int a = accOff + plane * pixels;
                int b = yOff + plane * pixels;
                scalePlane(acc, a, k, n, o, y, b);
                if (norm != null) {
                    norm.applyTo(y, b, pixels, o);
                }
                activatePlane(y, b, o);
                if (shortcut != null) {
                    addShortcut(y, b, shortcut, shortcutOff - yOff + b);
                }
            }
        });
    }

    /**
     * y[b + p] += shortcut[sb + p] over one plane. Where the offsets are equal (as {@link PackedNetwork}'s stages call
     * it) the loop indexes both arrays alike, the only form of a two-array float loop C2 vectorises (a store to y
     * might otherwise alias a later load of the shortcut).
     */
    private void addShortcut(float[] y, int b, float[] shortcut, int sb) {
        if (sb == b) {
            for (int p = 0; p < pixels; p++) {
                y[b + p] += shortcut[b + p];
            }
        } else {
            for (int p = 0; p < pixels; p++) {
                y[b + p] += shortcut[sb + p];
            }
        }
    }

    /**
     * y[b..] = acc · S for one (image, channel) plane, in loops the JIT vectorises: acc (ints) and y cannot alias, and
     * a per-pixel S is first copied into y, since a loop storing into y while loading another float array at another
     * offset stays scalar.
     */
    private void scalePlane(int[] acc, int a, float[] k, int n, int o, float[] y, int b) {
        if (k != null) {
            // k's plane copied into y first: then each loop reads y where it writes it, a form the JIT vectorises
            float al = alpha[o];
            System.arraycopy(k, n * pixels, y, b, pixels);
            for (int p = 0; p < pixels; p++) {
                y[b + p] = (float) acc[a + p] * y[b + p] * al;
            }
        } else if (scale == null) {
            for (int p = 0; p < pixels; p++) {
                y[b + p] = acc[a + p];
            }
        } else if (spatial) {
            // as above; a product of two floats is the same either way round
            System.arraycopy(scale, o * pixels, y, b, pixels);
            for (int p = 0; p < pixels; p++) {
                y[b + p] = (float) acc[a + p] * y[b + p];
            }
        } else {
            float g = scale[o];
            for (int p = 0; p < pixels; p++) {
                y[b + p] = (float) acc[a + p] * g;
            }
        }
    }

    /** The activation over one plane, in place: one loop per kind, the slope read once (a store to y could alias it). */
    private void activatePlane(float[] y, int b, int o) {
        switch (act) {
            case RELU -> Activation.apply(Activation.Kind.RELU, y, y, b, b + pixels);
            case HARDTANH -> Activation.apply(Activation.Kind.HARDTANH, y, y, b, b + pixels);
            case PRELU -> PRelu.forwardRun(y, b, y, b, pixels, slope[o]);
            default -> {
            }
        }
    }

    /** XNOR-Net's K: the channel mean of |x| averaged over each window, as {@code XnorAnalyticScaling} takes it. */
    private float[] boxMean(float[] x, int xOff, int batch) {
        if (x == null) {
            throw new IllegalArgumentException("analytic scaling K·α needs the layer's real input");
        }
        ConvGeometry g = geometry;
        int inPixels = g.inPixels();
        int channels = g.channels();
        float[] a = new float[batch * inPixels];
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int base = xOff + (b * channels + c) * inPixels;
                for (int p = 0; p < inPixels; p++) {
                    a[b * inPixels + p] += Math.abs(x[base + p]);
                }
            }
            for (int p = 0; p < inPixels; p++) {
                a[b * inPixels + p] /= channels;
            }
        }
        float[] k = new float[batch * pixels];
        Pool.avgForward(a, batch, new ConvGeometry(1, g.height(), g.width(), g.kernelH(), g.kernelW(), g.stride(),
                g.padding()), k);
        return k;
    }

    /**
     * Writes training's signs of the fused output into the interior of {@code dst} (the next binary convolution's
     * packed input, shaped batch × out × outHeight × outWidth with that layer's border), from the accumulators
     * alone: per-channel (per-pixel for spatial Γ) integer thresholds, {@link SignThresholds}. Not for K·α.
     */
    public void toBits(int[] acc, int accOff, PackedActivations dst) {
        toBits(acc, accOff, 0, dst.batch(), dst);
    }

    /** As {@link #toBits(int[], int, PackedActivations)} for images [first, first + count) of {@code dst}. */
    void toBits(int[] acc, int accOff, int first, int count, PackedActivations dst) {
        if (alpha != null) {
            throw new UnsupportedOperationException(
                    "analytic scaling K·α depends on the real input: float output only");
        }
        if (dst.channels() != out || dst.height() != geometry.outHeight() || dst.width() != geometry.outWidth()) {
            throw new IllegalArgumentException("packed output " + dst.channels() + "x" + dst.height() + "x"
                    + dst.width() + " does not fit " + out + "x" + geometry.outHeight() + "x" + geometry.outWidth());
        }
        thresholds().write(acc, accOff, first, count, geometry.outHeight(), geometry.outWidth(), dst);
    }

    /** The thresholds {@link #toBits} uses (built once, on first use). */
    synchronized SignThresholds thresholds() {
        if (thresholds == null) {
            thresholds = SignThresholds.of(this, geometry.channels() * geometry.kernelH() * geometry.kernelW());
        }
        return thresholds;
    }
}
