package org.xnornet.kernel;

/**
 * One worker's state for {@link Winograd3x3}'s transforms of blocks of up to {@link WinogradTransforms#BLOCK}
 * tiles: its grids of streams and its buffer for a padded input plane. It moves a block's tiles between images and
 * the transformed arrays (position ξ at {@code v[ξ·stride + at + k]} for the block's tile k): inputs and output
 * gradients in, transformed sums out.
 */
final class WinogradBlocks {
    private static final int BLOCK = WinogradTransforms.BLOCK;
    private final WinogradTiling t;
    private final ConvGeometry g;
    private final float[] points = new float[WinogradTransforms.SIZE];
    private final float[] tmp = new float[WinogradTransforms.SIZE];
    private final float[] res = new float[WinogradTransforms.SIZE];
    /** For a {@link WinogradExactSplit}: the sums' 4096s and units, and the units' transform; null otherwise. */
    private final float[] high;
    private final float[] low;
    private final float[] lowRes;
    /** The padded plane (from the thread's {@link Scratch}) when inputs are transformed; null otherwise. */
    private final float[] plane;
    private final int planeWidth;

    /** For layer g under tiling t; with a plane buffer when inputs are transformed, high/low grids when exact. */
    WinogradBlocks(WinogradTiling t, ConvGeometry g, boolean inputs, boolean exact) {
        this.t = t;
        this.g = g;
        high = exact ? new float[WinogradTransforms.SIZE] : null;
        low = exact ? new float[WinogradTransforms.SIZE] : null;
        lowRes = exact ? new float[WinogradTransforms.SIZE] : null;
        planeWidth = t.m() * t.tilesW() + 2;
        plane = inputs ? Scratch.floats(Scratch.PLANE, (t.m() * t.tilesH() + 2) * planeWidth) : null;
    }

    /**
     * Transforms channel c of the n ≤ {@link #BLOCK} tiles from chunk tile {@code start} into v: position ξ at
     * {@code v[ξ·stride + at + k]} for the block's tile k. Each image's plane is copied, zero-padded (and signed), into
     * the plane buffer, the tiles are gathered point by point into a grid of streams, and the transform maps those
     * with SIMD arithmetic ({@link WinogradTransforms}).
     */
    void input(float[] x, boolean signs, int first, int c, int start, int n, float[] v, int at, int stride) {
        int mm = t.m();
        int alpha = t.alpha();
        int loaded = -1;
        for (WinogradTiling.Runs run = t.runs(start, n); run.next(); ) {
            if (run.image != loaded) {
                // only the plane rows under this image's tiles in the block
                int lastTile = Math.min(start + n, (run.image + 1) * t.perImage()) - 1;
                int lastRow = lastTile % t.perImage() / t.tilesW();
                padPlane(x, signs, (first + run.image) * g.channels() + c, g, plane, planeWidth,
                        mm * run.row, mm * lastRow + alpha);
                loaded = run.image;
            }
            int b = run.corner(0, planeWidth);
            for (int k = run.k, end = run.k + run.length; k < end; k++, b += mm) {
                gatherTile(plane, b, planeWidth, alpha, points, k);
            }
        }
        WinogradTransforms.apply2d(WinogradTransforms.input(mm), points, tmp, res, n);
        for (int xi = 0; xi < alpha * alpha; xi++) {
            System.arraycopy(res, WinogradTransforms.offset(xi / alpha, xi % alpha), v, xi * stride + at, n);
        }
    }

    /**
     * Writes output channel o of the n ≤ {@link #BLOCK} tiles from chunk tile {@code start} to y: the tiles'
     * transformed sums are read at {@code m[slot·stride + at + k]} (slot ξ, or a {@link WinogradExactSplit}'s slots,
     * which hold 576 times the sums in parts), mapped by Aᵀ · A, cut at the output's edge, plus the bias.
     */
    void output(WinogradExactSplit split, float[] m, int at, int stride, int n, int first, int start, int o, int out,
                float bias, float[] y) {
        int oh = g.outHeight();
        int ow = g.outWidth();
        int mm = t.m();
        int alpha = t.alpha();
        WinogradTransforms.Transform output = WinogradTransforms.output(mm);
        for (int xi = 0; xi < alpha * alpha; xi++) {
            System.arraycopy(m, xi * stride + at, points, WinogradTransforms.offset(xi / alpha, xi % alpha), n);
        }
        if (split == null) {
            WinogradTransforms.apply2d(output, points, tmp, res, n);
        } else {
            WinogradTransforms.splitHighLow(points, high, low);
            for (int xi = 0; xi < alpha * alpha; xi++) {
                for (int part = 1; part < split.parts(xi); part++) {
                    WinogradTransforms.addHighLow(m, split.slot(xi, part) * stride + at, high, low,
                            WinogradTransforms.offset(xi / alpha, xi % alpha), n);
                }
            }
            WinogradTransforms.apply2d(output, high, tmp, res, n);
            WinogradTransforms.apply2d(output, low, tmp, lowRes, n);
            WinogradTransforms.joinHighLow576(res, lowRes);
        }
        for (WinogradTiling.Runs run = t.runs(start, n); run.next(); ) {
            int rows = Math.min(mm, oh - mm * run.row);
            int dst = run.corner(((first + run.image) * out + o) * oh * ow, ow);
            for (int r = 0; r < rows; r++, dst += ow) {
                // along the output row, tile after tile
                int q = WinogradTransforms.offset(r, 0) + run.k;
                for (int i = 0; i < run.length; i++) {
                    int d = dst + mm * i;
                    int cols = Math.min(mm, ow - mm * (run.column + i));
                    int p = q + i;
                    if (cols == 4) {
                        y[d] = res[p] + bias;
                        y[d + 1] = res[p + BLOCK] + bias;
                        y[d + 2] = res[p + 2 * BLOCK] + bias;
                        y[d + 3] = res[p + 3 * BLOCK] + bias;
                    } else {
                        for (int col = 0; col < cols; col++) {
                            y[d + col] = res[p + col * BLOCK] + bias;
                        }
                    }
                }
            }
        }
    }

    /**
     * Transforms output-gradient channel o of the n ≤ {@link #BLOCK} tiles from chunk tile {@code start} by A · Aᵀ
     * (zero past the output's edge) into m: position ξ at {@code m[ξ·stride + at + k]} for the block's tile k.
     */
    void outputGradient(float[] dy, int first, int start, int n, int o, int out, float[] m, int at, int stride) {
        int oh = g.outHeight();
        int ow = g.outWidth();
        int mm = t.m();
        int alpha = t.alpha();
        for (WinogradTiling.Runs run = t.runs(start, n); run.next(); ) {
            int rows = Math.min(mm, oh - mm * run.row);
            int src = run.corner(((first + run.image) * out + o) * oh * ow, ow);
            for (int r = 0; r < mm; r++, src += ow) {
                // along the output row, tile after tile; zeros past the output's edge
                int q = WinogradTransforms.offset(r, 0) + run.k;
                for (int i = 0; i < run.length; i++) {
                    int d = src + mm * i;
                    int cols = r < rows ? Math.min(mm, ow - mm * (run.column + i)) : 0;
                    if (cols == 4) {
                        points[q + i] = dy[d];
                        points[q + BLOCK + i] = dy[d + 1];
                        points[q + 2 * BLOCK + i] = dy[d + 2];
                        points[q + 3 * BLOCK + i] = dy[d + 3];
                    } else {
                        for (int col = 0; col < mm; col++) {
                            points[q + col * BLOCK + i] = col < cols ? dy[d + col] : 0f;
                        }
                    }
                }
            }
        }
        WinogradTransforms.apply2d(WinogradTransforms.outputGradient(mm), points, tmp, res, n);
        for (int xi = 0; xi < alpha * alpha; xi++) {
            System.arraycopy(res, WinogradTransforms.offset(xi / alpha, xi % alpha), m, xi * stride + at, n);
        }
    }

    /** Point (i, j) of the α×α tile at plane[b] (row length pw) to stream (i, j) of the grid, at tile k. */
    private static void gatherTile(float[] plane, int b, int pw, int alpha, float[] points, int k) {
        if (alpha == 6) {
            for (int i = 0; i < 6; i++, b += pw) {
                int q = WinogradTransforms.offset(i, 0) + k;
                points[q] = plane[b];
                points[q + BLOCK] = plane[b + 1];
                points[q + 2 * BLOCK] = plane[b + 2];
                points[q + 3 * BLOCK] = plane[b + 3];
                points[q + 4 * BLOCK] = plane[b + 4];
                points[q + 5 * BLOCK] = plane[b + 5];
            }
            return;
        }
        for (int i = 0; i < 4; i++, b += pw) {
            int q = WinogradTransforms.offset(i, 0) + k;
            points[q] = plane[b];
            points[q + BLOCK] = plane[b + 1];
            points[q + 2 * BLOCK] = plane[b + 2];
            points[q + 3 * BLOCK] = plane[b + 3];
        }
    }

    /**
     * Rows [fromRow, toRow) of plane {@code index} of x, zero-padded (and signed), to plane (rows of pw floats) at the
     * layer's padding offset. Short rows are copied by a plain loop: at 7×7, calls to {@code System.arraycopy} cost
     * more than the copying.
     */
    private static void padPlane(float[] x, boolean signs, int index, ConvGeometry g, float[] plane, int pw,
                                 int fromRow, int toRow) {
        int height = g.height();
        int width = g.width();
        int pad = g.padding();
        int cols = Math.min(width, pw - pad);
        for (int row = fromRow, dst = fromRow * pw; row < toRow; row++) {
            int end = dst + pw;
            int yy = row - pad;
            if (yy >= 0 && yy < height) {
                for (int stop = dst + pad; dst < stop; dst++) {
                    plane[dst] = 0f;
                }
                int src = (index * height + yy) * width;
                if (signs) {
                    for (int xx = 0; xx < cols; xx++) {
                        plane[dst + xx] = Im2Col.sign(x[src + xx]);
                    }
                } else if (cols >= 16) {
                    System.arraycopy(x, src, plane, dst, cols);
                } else {
                    for (int xx = 0; xx < cols; xx++) {
                        plane[dst + xx] = x[src + xx];
                    }
                }
                dst += cols;
            }
            for (; dst < end; dst++) {
                plane[dst] = 0f;
            }
        }
    }
}
