package org.xnornet.kernel;

/**
 * 3×3 stride-1 convolution by Winograd's minimal filtering F(m×m, 3×3) (Lavin &amp; Gray, CVPR 2016), m = 2 or 4:
 * filters go to {@code U = G g Gᵀ} and input tiles to {@code V = Bᵀ d B} (α×α each, α = m + 2); the α² positions ξ
 * are independent GEMMs {@code M_ξ = U_ξ · V_ξ} of shape [out × channels]·[channels × tiles]; each m×m output tile
 * is {@code Aᵀ M A}. A tile costs α² multiplications per channel pair instead of 9m²: 2.25× fewer for m = 2, 4×
 * for m = 4. The weight gradient runs the transposed transforms around one deep GEMM per position.
 *
 * <p>Forward passes of binary layers (sign applied to the input) use F(2×2, 3×3): on ±1 inputs and weights every
 * intermediate is a multiple of 1/4 far below 2²⁴, so they give exactly the im2col integers, whatever the chunking of
 * images — which keeps one distributed step equal to the local step on the union of the batches (a rounding
 * difference there would flip signs downstream). Everything else uses m = 4 ({@code -Dxnornet.winograd.tile=2}
 * selects 2): its transforms hold sixths and twenty-fourths, so results differ from im2col's by rounding (relative
 * 1e-6 to 1e-5 here). Work is split by shape alone, so results do not depend on the thread count.
 */
final class Winograd3x3 {
    /** GEMM width (tiles of a chunk of images) a chunk aims for. */
    static final int TARGET_TILES = 4096;
    /** Smallest channel count (in and out) worth the transforms; narrower layers stay with im2col. */
    static final int MIN_CHANNELS = 16;
    /** Output tile side m: 4, or 2 with {@code -Dxnornet.winograd.tile=2}. */
    private static volatile int tile = Integer.getInteger("xnornet.winograd.tile", 4);
    /**
     * Floats between consecutive positions' blocks beyond their size: block sizes are often multiples of 4 KiB, and
     * α² streams that far apart would all map to the same cache sets.
     */
    private static final int SKEW = 32;

    private Winograd3x3() {
    }

    /** Selects F(m×m, 3×3), m = 2 or 4; for tests and benchmarks. */
    static void useTile(int m) {
        if (m != 2 && m != 4) {
            throw new IllegalArgumentException("Winograd tile must be 2 or 4, was " + m);
        }
        tile = m;
    }

    /** Whether {@link #forward} handles this layer: a 3×3 kernel, stride 1, enough channels both ways. */
    static boolean applies(ConvGeometry g, int out) {
        return g.kernelH() == 3 && g.kernelW() == 3 && g.stride() == 1 && g.channels() >= MIN_CHANNELS
                && out >= MIN_CHANNELS;
    }

    /** The tiling of one layer: tile side, tiles per image, images per chunk. */
    private record Tiling(int m, int alpha, int tilesH, int tilesW, int chunk) {
        static Tiling of(int batch, ConvGeometry g, int out, int m) {
            int tilesH = (g.outHeight() + m - 1) / m;
            int tilesW = (g.outWidth() + m - 1) / m;
            int perImage = tilesH * tilesW;
            int alpha = m + 2;
            int chunk = (int) Math.max(1, Math.min(Math.min(batch, (TARGET_TILES + perImage - 1) / perImage),
                    Conv.PATCH_BUDGET / ((long) alpha * alpha * Math.max(g.channels(), out) * perImage)));
            return new Tiling(m, alpha, tilesH, tilesW, chunk);
        }

        int positions() {
            return alpha * alpha;
        }

        int perImage() {
            return tilesH * tilesW;
        }
    }

    /** Same contract as {@link Conv#forward}, for geometries {@link #applies} accepts. */
    static void forward(float[] x, boolean signInput, int batch, ConvGeometry g, float[] w, int wOff, int out,
                        float[] bias, int biasOff, float[] y) {
        // on signs F(2×2, 3×3) is exact, so a binary layer's output does not depend on how images are chunked
        Tiling t = Tiling.of(batch, g, out, signInput ? 2 : tile);
        int channels = g.channels();
        int positions = t.positions();
        int uStride = out * channels + SKEW;
        float[] u = Scratch.floats(Scratch.WINOGRAD_FILTER, positions * uStride);
        transformFilters(t, w, wOff, out, channels, u, uStride);
        float[] v = Scratch.floats(Scratch.PATCH, positions * (channels * t.chunk() * t.perImage() + SKEW));
        float[] m = Scratch.floats(Scratch.OUTPUT, positions * (out * t.chunk() * t.perImage() + SKEW));
        for (int first = 0; first < batch; first += t.chunk()) {
            int count = Math.min(t.chunk(), batch - first);
            int tiles = count * t.perImage();
            transformInputs(t, x, signInput, first, count, g, v, tiles);
            for (int xi = 0; xi < positions; xi++) {
                Gemm.sgemm(false, false, out, tiles, channels, 1f, u, xi * uStride, channels, v,
                        xi * (channels * tiles + SKEW), tiles, 0f, m, xi * (out * tiles + SKEW), tiles);
            }
            transformOutputs(t, m, tiles, first, count, out, g, bias, biasOff, y);
        }
    }

    /**
     * Adds the weight gradient of {@link #forward} (no bias) into {@code dw}: with dM = A dY Aᵀ per output tile, dU_ξ =
     * Σ_tiles dM_ξ · V_ξᵀ is one deep GEMM per position, and dW = Gᵀ dU G maps it back through the filter transform.
     */
    static void weightGradient(float[] x, boolean signInput, int batch, ConvGeometry g, int out, float[] dy,
                               float[] dw, int dwOff) {
        Tiling t = Tiling.of(batch, g, out, tile);
        int channels = g.channels();
        int positions = t.positions();
        int uStride = out * channels + SKEW;
        float[] du = Scratch.floats(Scratch.WINOGRAD_FILTER, positions * uStride);
        float[] v = Scratch.floats(Scratch.PATCH, positions * (channels * t.chunk() * t.perImage() + SKEW));
        float[] m = Scratch.floats(Scratch.OUTPUT, positions * (out * t.chunk() * t.perImage() + SKEW));
        for (int first = 0; first < batch; first += t.chunk()) {
            int count = Math.min(t.chunk(), batch - first);
            int tiles = count * t.perImage();
            transformInputs(t, x, signInput, first, count, g, v, tiles);
            transformOutputGradients(t, dy, first, count, out, g, m, tiles);
            for (int xi = 0; xi < positions; xi++) {
                Gemm.sgemm(false, true, out, channels, tiles, 1f, m, xi * (out * tiles + SKEW), tiles, v,
                        xi * (channels * tiles + SKEW), tiles, first == 0 ? 0f : 1f, du, xi * uStride, channels);
            }
        }
        int alpha = t.alpha();
        Parallel.forRange(out, 4, (from, to) -> {
            float[] tmp = new float[3 * alpha];
            float[] res = new float[9];
            for (int o = from; o < to; o++) {
                for (int c = 0; c < channels; c++) {
                    int src = o * channels + c;
                    for (int l = 0; l < alpha; l++) {
                        WinogradTransforms.filterGradient(t.m(), du, src + l * uStride, alpha * uStride, tmp, l, alpha);
                    }
                    for (int j = 0; j < 3; j++) {
                        WinogradTransforms.filterGradient(t.m(), tmp, j * alpha, 1, res, j * 3, 1);
                    }
                    int dst = dwOff + src * 9;
                    for (int i = 0; i < 9; i++) {
                        dw[dst + i] += res[i];
                    }
                }
            }
        });
    }

    /** u[ξ][o][c] = (G w[o][c] Gᵀ)[ξ]. */
    private static void transformFilters(Tiling t, float[] w, int wOff, int out, int channels, float[] u,
                                         int stride) {
        int alpha = t.alpha();
        Parallel.forRange(out, 4, (from, to) -> {
            float[] tmp = new float[3 * alpha];
            for (int o = from; o < to; o++) {
                for (int c = 0; c < channels; c++) {
                    int src = wOff + (o * channels + c) * 9;
                    for (int j = 0; j < 3; j++) {
                        WinogradTransforms.filter(t.m(), w, src + j, 3, tmp, j, 3);
                    }
                    for (int k = 0; k < alpha; k++) {
                        WinogradTransforms.filter(t.m(), tmp, k * 3, 1, u, o * channels + c + k * alpha * stride,
                                stride);
                    }
                }
            }
        });
    }

    /**
     * v[ξ][c][t] = (Bᵀ d B)[ξ] for every α×α input tile d (t = image·tiles + row·tilesW + column); each plane is first
     * copied, zero-padded (and signed), into a per-thread buffer so the tile loop carries no bounds tests.
     */
    private static void transformInputs(Tiling t, float[] x, boolean signs, int first, int count, ConvGeometry g,
                                        float[] v, int tiles) {
        int channels = g.channels();
        int height = g.height();
        int width = g.width();
        int pad = g.padding();
        int mm = t.m();
        int alpha = t.alpha();
        int ph = mm * t.tilesH() + 2;
        int pw = mm * t.tilesW() + 2;
        int stride = channels * tiles + SKEW;
        int perImage = t.perImage();
        Parallel.forRange(count * channels, 4, (from, to) -> {
            float[] plane = Scratch.floats(Scratch.PLANE, ph * pw);
            float[] tmp = new float[alpha * alpha];
            for (int ic = from; ic < to; ic++) {
                int img = ic / channels;
                int c = ic % channels;
                java.util.Arrays.fill(plane, 0, ph * pw, 0f);
                int src = ((first + img) * channels + c) * height * width;
                int n = Math.min(width, pw - pad);
                for (int yy = 0; yy < height && yy + pad < ph; yy++) {
                    int row = (yy + pad) * pw + pad;
                    int s = src + yy * width;
                    if (signs) {
                        for (int xx = 0; xx < n; xx++) {
                            plane[row + xx] = Im2Col.sign(x[s + xx]);
                        }
                    } else {
                        System.arraycopy(x, s, plane, row, n);
                    }
                }
                int dst = c * tiles + img * perImage;
                for (int ti = 0; ti < t.tilesH(); ti++) {
                    for (int tj = 0; tj < t.tilesW(); tj++, dst++) {
                        int b = mm * (ti * pw + tj);
                        if (mm == 4) {
                            WinogradTransforms.inputTile4(plane, b, pw, v, dst, stride);
                            continue;
                        }
                        for (int l = 0; l < alpha; l++) {
                            WinogradTransforms.input2(plane, b + l, pw, tmp, l, alpha);
                        }
                        for (int k = 0; k < alpha; k++) {
                            WinogradTransforms.input2(tmp, k * alpha, 1, v, dst + k * alpha * stride, stride);
                        }
                    }
                }
            }
        });
    }

    /** y tile = Aᵀ m A (+ bias); tiles past the output's edge are cut. */
    private static void transformOutputs(Tiling t, float[] m, int tiles, int first, int count, int out,
                                         ConvGeometry g, float[] bias, int biasOff, float[] y) {
        int oh = g.outHeight();
        int ow = g.outWidth();
        int stride = out * tiles + SKEW;
        int mm = t.m();
        int alpha = t.alpha();
        int perImage = t.perImage();
        Parallel.forRange(count * out, 4, (from, to) -> {
            float[] tmp = new float[mm * alpha];
            float[] res = new float[mm * mm];
            for (int io = from; io < to; io++) {
                int img = io / out;
                int o = io % out;
                float b = bias == null ? 0f : bias[biasOff + o];
                int plane = ((first + img) * out + o) * oh * ow;
                int src = o * tiles + img * perImage;
                for (int ti = 0; ti < t.tilesH(); ti++) {
                    for (int tj = 0; tj < t.tilesW(); tj++, src++) {
                        if (mm == 4) {
                            WinogradTransforms.outputTile4(m, src, stride, res);
                        } else {
                            for (int l = 0; l < alpha; l++) {
                                WinogradTransforms.output2(m, src + l * stride, alpha * stride, tmp, l, alpha);
                            }
                            for (int r = 0; r < mm; r++) {
                                WinogradTransforms.output2(tmp, r * alpha, 1, res, r * mm, 1);
                            }
                        }
                        int rows = Math.min(mm, oh - mm * ti);
                        int cols = Math.min(mm, ow - mm * tj);
                        int at = plane + mm * (ti * ow + tj);
                        for (int r = 0; r < rows; r++) {
                            for (int s = 0; s < cols; s++) {
                                y[at + r * ow + s] = res[r * mm + s] + b;
                            }
                        }
                    }
                }
            }
        });
    }

    /** m[ξ][o][t] = (A dY Aᵀ)[ξ] for each m×m output-gradient tile dY (zero past the output's edge). */
    private static void transformOutputGradients(Tiling t, float[] dy, int first, int count, int out, ConvGeometry g,
                                                 float[] m, int tiles) {
        int oh = g.outHeight();
        int ow = g.outWidth();
        int stride = out * tiles + SKEW;
        int mm = t.m();
        int alpha = t.alpha();
        int perImage = t.perImage();
        Parallel.forRange(count * out, 4, (from, to) -> {
            float[] tile = new float[mm * mm];
            float[] tmp = new float[alpha * mm];
            for (int io = from; io < to; io++) {
                int img = io / out;
                int o = io % out;
                int plane = ((first + img) * out + o) * oh * ow;
                int dst = o * tiles + img * perImage;
                for (int ti = 0; ti < t.tilesH(); ti++) {
                    for (int tj = 0; tj < t.tilesW(); tj++, dst++) {
                        int rows = Math.min(mm, oh - mm * ti);
                        int cols = Math.min(mm, ow - mm * tj);
                        int at = plane + mm * (ti * ow + tj);
                        if (rows < mm || cols < mm) {
                            java.util.Arrays.fill(tile, 0f);
                        }
                        for (int r = 0; r < rows; r++) {
                            for (int s = 0; s < cols; s++) {
                                tile[r * mm + s] = dy[at + r * ow + s];
                            }
                        }
                        if (mm == 4) {
                            WinogradTransforms.outputGradientTile4(tile, m, dst, stride);
                            continue;
                        }
                        for (int s = 0; s < mm; s++) {
                            WinogradTransforms.outputGradient2(tile, s, mm, tmp, s, mm);
                        }
                        for (int k = 0; k < alpha; k++) {
                            WinogradTransforms.outputGradient2(tmp, k * mm, 1, m, dst + k * alpha * stride,
                                    stride);
                        }
                    }
                }
            }
        });
    }
}
