package org.xnornet.infer;

import java.util.List;
import org.xnornet.kernel.Conv;
import org.xnornet.kernel.ConvGeometry;
import org.xnornet.kernel.Gemm;
import org.xnornet.kernel.Im2Col;
import org.xnornet.kernel.Parallel;
import org.xnornet.kernel.Pool;
import org.xnornet.nn.Activation;
import org.xnornet.nn.BatchNorm;
import org.xnornet.nn.Conv2d;
import org.xnornet.nn.Layer;
import org.xnornet.nn.Pooling;
import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.Tensor;

/**
 * A real convolution with the batch norm, activation and max pooling that follow it (the stems of ResNet-18 and
 * AlexNet), run a few images at a time so that no batch-sized float tensor is made between them. Each image's product
 * is built in column bands of its patch matrix, each band unfolded into cache ({@link Im2Col#im2colColumns}) and
 * multiplied in one backend call per band of {@link Gemm#columnBand}'s width — the calls {@link Conv#forward} makes for
 * such a layer (one {@link Gemm#sgemm} per image where it does not split by columns) — and then its planes are
 * normalised, activated and pooled while they are still in cache. Where the activation is ReLU, a channel is pooled
 * first and normalised after, on a quarter of the values: a float batch norm with γ ≠ 0 followed by ReLU is monotone in
 * its input (each rounding step is), so the window's largest output is the output of its largest input (its least,
 * where γ &lt; 0), and ReLU leaves no −0 to tell equal outputs apart. Every value is the layers' own: bit for bit
 * pool(act(bn(conv(x)))) in evaluation, but for the payload of a NaN where a window holds more than one. Applies
 * where the convolution runs image by image ({@link Conv#imageByImage}); elsewhere the layers run one by one. Buffers
 * are reused across calls, one thread at a time.
 */
final class ConvNormPool {
    private final Conv2d conv;
    private final BatchNorm bn;
    private final Activation act;
    private final Pooling pool;
    private EvalNorm norm;
    /** Per channel: +1 pool the maxima first, −1 the minima, 0 normalise and activate first. */
    private int[] poolFirst;
    private float[] planes = new float[0];
    private float[] phases = new float[0];
    private Tensor output;
    private static final ThreadLocal<float[][]> COLUMNS = ThreadLocal.withInitial(() -> new float[1][0]);

    private ConvNormPool(Conv2d conv, BatchNorm bn, Activation act, Pooling pool) {
        this.conv = conv;
        this.bn = bn;
        this.act = act;
        this.pool = pool;
        bind();
    }

    /** The four layers from {@code c[i]} if they are conv → batch norm → activation → max pooling, else null. */
    static ConvNormPool at(List<Layer> c, int i) {
        if (i + 3 < c.size() && c.get(i) instanceof Conv2d conv && c.get(i + 1) instanceof BatchNorm bn
                && c.get(i + 2) instanceof Activation act && c.get(i + 3) instanceof Pooling pool
                && pool.kind() == Pooling.Kind.MAX && bn.channels() == conv.outChannels()
                && pool.geometry().channels() == conv.outChannels()
                && pool.geometry().height() == conv.geometry().outHeight()
                && pool.geometry().width() == conv.geometry().outWidth()) {
            return new ConvNormPool(conv, bn, act, pool);
        }
        return null;
    }

    /** Copies the batch norm's running statistics and affine terms (again after they change). */
    void bind() {
        norm = EvalNorm.of(bn, conv.outChannels(), "convolution " + conv.name());
        poolFirst = new int[conv.outChannels()];
        for (int c = 0; act.kind() == Activation.Kind.RELU && c < poolFirst.length; c++) {
            poolFirst[c] = norm.direction(c);
        }
    }

    /** Layers it stands for after the first (the batch norm, activation and pooling). */
    int fused() {
        return 3;
    }

    /** Whether {@code data} is this unit's output buffer. */
    boolean owns(float[] data) {
        return output != null && output.data() == data;
    }

    /** Whether this run can take the fused path: the convolution must run image by image. */
    boolean applies() {
        return Conv.imageByImage(conv.geometry(), conv.outChannels());
    }

    /** pool(act(bn(conv(x)))) for an NCHW batch x; the tensor is reused by the next call. */
    Tensor forward(Tensor x) {
        ConvGeometry g = conv.geometry();
        if (x.rank() != 4 || x.dim(1) != g.channels() || x.dim(2) != g.height() || x.dim(3) != g.width()) {
            throw new IllegalArgumentException("convolution " + conv.name() + " for " + g + " got input "
                    + x.shapeString());
        }
        int batch = x.dim(0);
        int out = conv.outChannels();
        int pixels = g.outPixels();
        ConvGeometry pg = pool.geometry();
        int pooled = pg.outPixels();
        output = Tensor.reuse(output, batch, out, pg.outHeight(), pg.outWidth());
        int band = Gemm.columnBand(out, pixels, g.patchSize());
        int bands = (pixels + band - 1) / band;
        int chunk = Math.min(batch, Parallel.threads());
        if (planes.length < chunk * out * pixels) {
            planes = new float[chunk * out * pixels];
        }
        int split = Im2Col.phasesSize(g);
        if (phases.length < chunk * split) {
            phases = new float[chunk * split];
        }
        ConvGeometry plane = new ConvGeometry(1, pg.height(), pg.width(), pg.kernelH(), pg.kernelW(), pg.stride(),
                pg.padding());
        float[] xs = x.data();
        float[] y = output.data();
        float[] p = planes;
        float[] ph = phases;
        for (int first = 0; first < batch; first += chunk) {
            int count = Math.min(chunk, batch - first);
            int base = first;
            Parallel.forRange(count, 1, (from, to) -> {
                for (int j = from; j < to; j++) {
                    Im2Col.splitPhases(xs, base + j, g, ph, j * split);
                }
            });
            Parallel.forRange(count * bands, 1, (from, to) -> {
                for (int u = from; u < to; u++) {
                    multiplyBand(ph, u / bands * split, p, u / bands * out * pixels, u % bands * band, band);
                }
            });
            Parallel.forRange(count * out, 1, (from, to) -> {
                float[] row = new float[2 * plane.width()];
                for (int u = from; u < to; u++) {
                    int at = u * pixels;
                    int c = u % out;
                    int dst = (base * out + u) * pooled;
                    if (!poolFirst(p, at, c, plane, y, dst, row)) {
                        norm.applyTo(p, at, pixels, c);
                        Activation.apply(act.kind(), p, p, at, at + pixels);
                        Pool.maxForwardEval(p, at, 1, plane, y, dst);
                    }
                }
            });
        }
        return output;
    }

    /**
     * Channel c's plane at {@code at} pooled, then normalised and activated, into y from dst, if its channel allows;
     * false where it must go the long way.
     */
    private boolean poolFirst(float[] p, int at, int c, ConvGeometry plane, float[] y, int dst, float[] row) {
        if (poolFirst[c] == 0) {
            return false;
        }
        Pool.extremaPlane(p, at, plane, poolFirst[c] < 0, y, dst, row);
        int pooled = plane.outPixels();
        norm.applyTo(y, dst, pooled, c);
        Activation.apply(Activation.Kind.RELU, y, y, dst, dst + pooled);
        return true;
    }

    /**
     * Columns [from, from + band) of one image's product (clipped at its pixels), from the image's phases at
     * {@code phaseOff}, into dst from {@code dstOff}.
     */
    private void multiplyBand(float[] phases, int phaseOff, float[] dst, int dstOff, int from, int band) {
        ConvGeometry g = conv.geometry();
        int k = g.patchSize();
        int out = conv.outChannels();
        int pixels = g.outPixels();
        int size = Math.min(band, pixels - from);
        float[][] holder = COLUMNS.get();
        if (holder[0].length < k * size) {
            holder[0] = new float[k * size];
        }
        float[] col = holder[0];
        Im2Col.im2colColumns(phases, phaseOff, g, col, from, size);
        Parameter bias = conv.bias();
        if (bias != null) {
            for (int o = 0; o < out; o++) {
                java.util.Arrays.fill(dst, dstOff + o * pixels + from, dstOff + o * pixels + from + size,
                        bias.values()[bias.offset() + o]);
            }
        }
        Parameter w = conv.weight();
        float beta = bias == null ? 0f : 1f;
        if (size == pixels) {
            Gemm.sgemm(false, false, out, size, k, 1f, w.values(), w.offset(), k, col, 0, size, beta, dst, dstOff,
                    pixels);
        } else {
            // one band of a call sgemm splits by columns: the backend call it makes for that band
            Gemm.backend().sgemm(false, false, out, size, k, 1f, w.values(), w.offset(), k, col, 0, size, beta, dst,
                    dstOff + from, pixels);
        }
    }
}
