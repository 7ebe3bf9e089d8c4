package org.xnornet.kernel;

/**
 * Shape arithmetic of a 2-D convolution or pooling window over an NCHW input: channels, input size,
 * kernel, stride and zero padding, and the output size they give.
 */
public record ConvGeometry(int channels, int height, int width, int kernelH, int kernelW,
                           int stride, int padding) {
    public ConvGeometry {
        if (channels < 1 || height < 1 || width < 1 || kernelH < 1 || kernelW < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("invalid convolution geometry " + describe(channels, height, width,
                    kernelH, kernelW, stride, padding));
        }
        if (height + 2 * padding < kernelH || width + 2 * padding < kernelW) {
            throw new IllegalArgumentException("kernel " + kernelH + "x" + kernelW + " does not fit input "
                    + height + "x" + width + " with padding " + padding);
        }
    }

    public static ConvGeometry square(int channels, int height, int width, int kernel, int stride, int padding) {
        return new ConvGeometry(channels, height, width, kernel, kernel, stride, padding);
    }

    public int outHeight() {
        return (height + 2 * padding - kernelH) / stride + 1;
    }

    public int outWidth() {
        return (width + 2 * padding - kernelW) / stride + 1;
    }

    /** Rows of the im2col matrix: channels × kernelH × kernelW. */
    public int patchSize() {
        return channels * kernelH * kernelW;
    }

    public int outPixels() {
        return outHeight() * outWidth();
    }

    public int inPixels() {
        return height * width;
    }

    private static String describe(int c, int h, int w, int kh, int kw, int s, int p) {
        return "(channels " + c + ", input " + h + "x" + w + ", kernel " + kh + "x" + kw + ", stride " + s
                + ", padding " + p + ")";
    }
}
