package org.xnornet.kernel;

/**
 * Max and average pooling over NCHW arrays. Average pooling divides by the full window
 * (zero padding counts, as XNOR-Net's box filter k = 1/(kh·kw) does). Max pooling records the winning
 * input index per output, ties going to the first in scan order, and padding never wins.
 */
public final class Pool {
    private Pool() {
    }

    public static void maxForward(float[] x, int batch, ConvGeometry g, float[] y, int[] argmax) {
        int oh = g.outHeight();
        int ow = g.outWidth();
        Parallel.forRange(batch * g.channels(), 1, (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                int in = plane * g.inPixels();
                int out = plane * oh * ow;
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = Math.max(0, oy * g.stride() - g.padding());
                    int y1 = Math.min(g.height(), oy * g.stride() - g.padding() + g.kernelH());
                    for (int ox = 0; ox < ow; ox++) {
                        int x0 = Math.max(0, ox * g.stride() - g.padding());
                        int x1 = Math.min(g.width(), ox * g.stride() - g.padding() + g.kernelW());
                        int bestIndex = in + y0 * g.width() + x0;
                        float best = x[bestIndex];
                        for (int iy = y0; iy < y1; iy++) {
                            for (int ix = x0; ix < x1; ix++) {
                                int idx = in + iy * g.width() + ix;
                                float v = x[idx];
                                // selects, not branches: which input wins is a coin toss on real activations
                                boolean better = v > best;
                                best = better ? v : best;
                                bestIndex = better ? idx : bestIndex;
                            }
                        }
                        y[out + oy * ow + ox] = best;
                        argmax[out + oy * ow + ox] = bestIndex;
                    }
                }
            }
        });
    }

    public static void maxBackward(float[] dy, int[] argmax, int batch, ConvGeometry g, float[] dx) {
        int perPlane = g.outPixels();
        Parallel.forRange(batch * g.channels(), 1, (from, to) -> {
            for (int i = from * perPlane; i < to * perPlane; i++) {
                dx[argmax[i]] += dy[i];
            }
        });
    }

    public static void avgForward(float[] x, int batch, ConvGeometry g, float[] y) {
        int oh = g.outHeight();
        int ow = g.outWidth();
        float inv = 1f / (g.kernelH() * g.kernelW());
        Parallel.forRange(batch * g.channels(), 1, (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                int in = plane * g.inPixels();
                int out = plane * oh * ow;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float sum = 0f;
                        for (int ki = 0; ki < g.kernelH(); ki++) {
                            int iy = oy * g.stride() - g.padding() + ki;
                            if (iy < 0 || iy >= g.height()) {
                                continue;
                            }
                            for (int kj = 0; kj < g.kernelW(); kj++) {
                                int ix = ox * g.stride() - g.padding() + kj;
                                if (ix >= 0 && ix < g.width()) {
                                    sum += x[in + iy * g.width() + ix];
                                }
                            }
                        }
                        y[out + oy * ow + ox] = sum * inv;
                    }
                }
            }
        });
    }

    public static void avgBackward(float[] dy, int batch, ConvGeometry g, float[] dx) {
        int oh = g.outHeight();
        int ow = g.outWidth();
        float inv = 1f / (g.kernelH() * g.kernelW());
        Parallel.forRange(batch * g.channels(), 1, (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                int in = plane * g.inPixels();
                int out = plane * oh * ow;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float d = dy[out + oy * ow + ox] * inv;
                        for (int ki = 0; ki < g.kernelH(); ki++) {
                            int iy = oy * g.stride() - g.padding() + ki;
                            if (iy < 0 || iy >= g.height()) {
                                continue;
                            }
                            for (int kj = 0; kj < g.kernelW(); kj++) {
                                int ix = ox * g.stride() - g.padding() + kj;
                                if (ix >= 0 && ix < g.width()) {
                                    dx[in + iy * g.width() + ix] += d;
                                }
                            }
                        }
                    }
                }
            }
        });
    }
}
