package org.xnornet.data.image;

/**
 * Aspect-preserving resizing, e.g. to store ImageNet at a 256-pixel shorter side once instead of decoding
 * full-size files every epoch. Downscaling averages the covered area (antialiased, like OpenCV's
 * {@code INTER_AREA}); upscaling is bilinear. Sizes follow torchvision's {@code Resize(int)}: the longer
 * side becomes {@code floor(shorter * long / short)}.
 */
public final class Resize {
    private Resize() {
    }

    /** Resizes so that the shorter side is {@code shorter} pixels; returns {@code img} itself if it already is. */
    public static DecodedImage shorterSide(DecodedImage img, int shorter) {
        if (shorter <= 0) {
            throw new IllegalArgumentException("shorter side must be positive, got " + shorter);
        }
        int w = img.width();
        int h = img.height();
        int nw = w <= h ? shorter : Math.max(1, (int) ((long) shorter * w / h));
        int nh = w <= h ? Math.max(1, (int) ((long) shorter * h / w)) : shorter;
        return to(img, nw, nh);
    }

    /** Resizes to exactly {@code width x height}, ignoring the aspect ratio. */
    public static DecodedImage to(DecodedImage img, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("target size must be positive, got " + width + "x" + height);
        }
        if (width == img.width() && height == img.height()) {
            return img;
        }
        int ch = img.channels();
        byte[] out = new byte[width * height * ch];
        AxisWeights xs = AxisWeights.of(0, img.width(), width, 0, img.width() - 1);
        AxisWeights ys = AxisWeights.of(0, img.height(), height, 0, img.height() - 1);
        Resampler.resample(img, xs, ys, (y, row) -> {
            for (int i = 0, o = y * row.length; i < row.length; i++, o++) {
                int v = (int) (row[i] + 0.5f);
                out[o] = (byte) (v < 0 ? 0 : Math.min(v, 255));
            }
        });
        return new DecodedImage(width, height, ch, out);
    }
}
