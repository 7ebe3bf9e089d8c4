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
                    for (int ox = 0; ox < ow; ox++) {
                        float best = Float.NEGATIVE_INFINITY;
                        int bestIndex = -1;
                        for (int ki = 0; ki < g.kernelH(); ki++) {
                            int iy = oy * g.stride() - g.padding() + ki;
                            if (iy < 0 || iy >= g.height()) {
                                continue;
                            }
                            for (int kj = 0; kj < g.kernelW(); kj++) {
                                int ix = ox * g.stride() - g.padding() + kj;
                                if (ix < 0 || ix >= g.width()) {
                                    continue;
                                }
                                int idx = in + iy * g.width() + ix;
                                if (bestIndex < 0 || x[idx] > best) {
                                    best = x[idx];
                                    bestIndex = idx;
                                }
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
