package org.xnornet.kernel;

/**
 * Stateless 2-D convolution kernels (cross-correlation, as every framework defines it) over NCHW arrays,
 * by im2col and GEMM, except that 3×3 stride-1 forward passes (and so the stride-1 input gradients, which run as
 * forward passes) go through {@link Winograd3x3}. Images go through in chunks just large enough to give the GEMM
 * {@link #TARGET_COLUMNS} columns, so the patch matrix stays small enough to live in cache; a chunk of one
 * image multiplies straight into and out of the NCHW arrays. The chunking depends only on shapes, so
 * results are deterministic. Weights are {@code [out][channels][kh][kw]}.
 */
public final class Conv {
    /** Largest patch matrix, in floats, built at once (64 MiB). */
    public static final int PATCH_BUDGET = 16 << 20;
    /** GEMM width (images × output pixels) a chunk aims for. */
    public static final int TARGET_COLUMNS = 1024;

    private static volatile boolean winograd = !"im2col".equals(System.getProperty("xnornet.conv", "auto"));

    private Conv() {
    }

    /**
     * Whether 3×3 stride-1 layers run by Winograd ({@link Winograd3x3}; the default) or by im2col like every other
     * layer; {@code -Dxnornet.conv=im2col} turns it off. For benchmarks and differential tests.
     */
    public static void useWinograd(boolean on) {
        winograd = on;
    }

    public static boolean usesWinograd() {
        return winograd;
    }

    /**
     * Whether {@link #forward} runs this layer image by image for any batch: by im2col (not Winograd), one image's
     * columns already filling a chunk, so each image is one GEMM of its own.
     */
    public static boolean imageByImage(ConvGeometry g, int out) {
        return !(winograd && Winograd3x3.applies(g, out)) && chunk(Integer.MAX_VALUE, g) == 1;
    }

    static int chunk(int batch, ConvGeometry g) {
        long perImage = (long) g.patchSize() * g.outPixels();
        long wanted = (TARGET_COLUMNS + g.outPixels() - 1) / g.outPixels();
        return (int) Math.max(1, Math.min(Math.min(batch, wanted), PATCH_BUDGET / Math.max(1, perImage)));
    }

    /**
     * y[n][o] = Σ w[o] ⋆ q(x[n]) (+ bias[o]), q = sign when {@code signInput}, else the identity; y has
     * {@code batch × out × outPixels} values.
     */
    public static void forward(float[] x, boolean signInput, int batch, ConvGeometry g, float[] w, int wOff, int out,
                               float[] bias, int biasOff, float[] y) {
        if (winograd && Winograd3x3.applies(g, out)) {
            Winograd3x3.forward(x, signInput, batch, g, w, wOff, out, bias, biasOff, y);
            return;
        }
        int k = g.patchSize();
        int pixels = g.outPixels();
        int chunk = chunk(batch, g);
        float[] col = Scratch.floats(Scratch.PATCH, k * chunk * pixels);
        float[] tmp = Scratch.floats(Scratch.OUTPUT, out * chunk * pixels);
        for (int first = 0; first < batch; first += chunk) {
            int count = Math.min(chunk, batch - first);
            int cols = count * pixels;
            Im2Col.im2col(x, first, count, g, col, signInput);
            if (count == 1) {
                int dst = first * out * pixels;
                if (bias != null) {
                    for (int o = 0; o < out; o++) {
                        java.util.Arrays.fill(y, dst + o * pixels, dst + (o + 1) * pixels, bias[biasOff + o]);
                    }
                }
                Gemm.sgemm(false, false, out, cols, k, 1f, w, wOff, k, col, 0, cols, bias == null ? 0f : 1f, y, dst,
                        cols);
                continue;
            }
            Gemm.sgemm(false, false, out, cols, k, 1f, w, wOff, k, col, 0, cols, 0f, tmp, 0, cols);
            int base = first;
            Parallel.forRange(count * out, 8, (from, to) -> {
                for (int io = from; io < to; io++) {
                    int img = io / out;
                    int o = io % out;
                    int dst = ((base + img) * out + o) * pixels;
                    System.arraycopy(tmp, o * cols + img * pixels, y, dst, pixels);
                    if (bias != null) {
                        float b = bias[biasOff + o];
                        for (int p = 0; p < pixels; p++) {
                            y[dst + p] += b;
                        }
                    }
                }
            });
        }
    }

    /**
     * Backward pass of {@link #forward} (same {@code signInput}): adds the weight gradient into {@code dw}
     * (and {@code dbias} when not null) and, when {@code dx} is not null, writes the input gradient into it
     * (the gradient with respect to q(x)). For stride 1 the input gradient is itself a convolution of dy with
     * the flipped, transposed kernel, run as a forward pass; otherwise it is a GEMM and col2im.
     */
    public static void backward(float[] x, boolean signInput, int batch, ConvGeometry g, float[] w, int wOff, int out,
                                float[] dy, float[] dw, int dwOff, float[] dbias, int dbOff, float[] dx) {
        if (dbias != null) {
            biasGradient(batch, out, g.outPixels(), dy, dbias, dbOff);
        }
        if (winograd && Winograd3x3.applies(g, out)) {
            Winograd3x3.weightGradient(x, signInput, batch, g, out, dy, dw, dwOff);
            if (dx != null) {
                inputGradientByTransposedConv(batch, g, w, wOff, out, dy, dx);
            }
            return;
        }
        boolean transposed = dx != null && g.stride() == 1 && g.kernelH() == g.kernelW()
                && g.padding() <= g.kernelH() - 1;
        if (dx != null && !transposed) {
            java.util.Arrays.fill(dx, 0, batch * g.channels() * g.inPixels(), 0f);
        }
        int k = g.patchSize();
        int pixels = g.outPixels();
        int chunk = chunk(batch, g);
        float[] col = Scratch.floats(Scratch.PATCH, k * chunk * pixels);
        float[] dyc = Scratch.floats(Scratch.OUTPUT, out * chunk * pixels);
        for (int first = 0; first < batch; first += chunk) {
            int count = Math.min(chunk, batch - first);
            int cols = count * pixels;
            float[] grad = dyc;
            int gradOff = 0;
            if (count == 1) {
                grad = dy;
                gradOff = first * out * pixels;
            } else {
                gatherOutputs(dy, first, count, out, pixels, dyc);
            }
            Im2Col.im2col(x, first, count, g, col, signInput);
            Gemm.sgemm(false, true, out, k, cols, 1f, grad, gradOff, cols, col, 0, cols, 1f, dw, dwOff, k);
            if (dx != null && !transposed) {
                Gemm.sgemm(true, false, k, cols, out, 1f, w, wOff, k, grad, gradOff, cols, 0f, col, 0, cols);
                Im2Col.col2im(col, first, count, g, dx);
            }
        }
        if (transposed) {
            inputGradientByTransposedConv(batch, g, w, wOff, out, dy, dx);
        }
    }

    private static void biasGradient(int batch, int out, int pixels, float[] dy, float[] dbias, int dbOff) {
        for (int o = 0; o < out; o++) {
            double s = 0;
            for (int n = 0; n < batch; n++) {
                int base = (n * out + o) * pixels;
                for (int p = 0; p < pixels; p++) {
                    s += dy[base + p];
                }
            }
            dbias[dbOff + o] += (float) s;
        }
    }

    /**
     * dx = dy ⋆ W', W'[c][o][i][j] = W[o][c][k−1−i][k−1−j], padding k−1−p: the stride-1 input gradient as a
     * forward convolution, which multiplies with a deep (out·k²) inner dimension and needs no scatter-add.
     */
    private static void inputGradientByTransposedConv(int batch, ConvGeometry g, float[] w, int wOff, int out,
                                                      float[] dy, float[] dx) {
        int kk = g.kernelH();
        int taps = kk * kk;
        int channels = g.channels();
        float[] flipped = Scratch.floats(Scratch.WEIGHT, channels * out * taps);
        Parallel.forRange(channels, 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                for (int o = 0; o < out; o++) {
                    int src = wOff + (o * channels + c) * taps;
                    int dst = (c * out + o) * taps;
                    for (int t = 0; t < taps; t++) {
                        flipped[dst + t] = w[src + taps - 1 - t];
                    }
                }
            }
        });
        ConvGeometry t = new ConvGeometry(out, g.outHeight(), g.outWidth(), kk, kk, 1, kk - 1 - g.padding());
        forward(dy, false, batch, t, flipped, 0, channels, null, 0, dx);
    }

    /** Copies images [first, first+count) of an NCHW output into a {@code [out][count·pixels]} matrix. */
    private static void gatherOutputs(float[] dy, int first, int count, int out, int pixels, float[] dst) {
        int cols = count * pixels;
        Parallel.forRange(count * out, 8, (from, to) -> {
            for (int io = from; io < to; io++) {
                int img = io / out;
                int o = io % out;
                System.arraycopy(dy, ((first + img) * out + o) * pixels, dst, o * cols + img * pixels, pixels);
            }
        });
    }
}
