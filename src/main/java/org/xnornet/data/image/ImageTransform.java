package org.xnornet.data.image;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Turns a decoded image into one normalised float CHW sample, as torchvision's ImageNet recipes do.
 * Training: {@code RandomResizedCrop(size, scale=(0.08, 1), ratio=(3/4, 4/3))} with torchvision's crop
 * sampling, then a horizontal flip with probability 1/2. Evaluation: {@code Resize(resizeShorter)} then
 * {@code CenterCrop(size)}. Either way the crop is resampled once, straight from the source into the
 * output ({@link Resampler}), so no resized copy of the image is made. Values scaled to [0, 1] are then
 * normalised per channel as {@code (v - mean) / std}. Grey sources are replicated to three channels; RGB
 * sources reduced to one channel use luma {@code 0.299 R + 0.587 G + 0.114 B}. Immutable and thread-safe;
 * all randomness comes from the caller's generator, so a seed fixes the output.
 */
public final class ImageTransform {
    static final double MIN_SCALE = 0.08;
    static final double MAX_SCALE = 1.0;
    static final double MIN_RATIO = 3.0 / 4.0;
    static final double MAX_RATIO = 4.0 / 3.0;
    private static final int ATTEMPTS = 10;
    private static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    private final boolean training;
    private final double minScale;
    private final int resizeShorter;
    private final int size;
    private final int channels;
    private final float[] mean;
    private final float[] std;
    private final float[] gain;
    private final float[] bias;

    private ImageTransform(boolean training, double minScale, int resizeShorter, int size, int channels, float[] mean,
            float[] std) {
        if (!(minScale > 0 && minScale <= MAX_SCALE)) {
            throw new IllegalArgumentException("crop scale minimum must be in (0, 1], got " + minScale);
        }
        if (size <= 0) {
            throw new IllegalArgumentException("output size must be positive, got " + size);
        }
        if (!training && resizeShorter < size) {
            throw new IllegalArgumentException("resizeShorter (" + resizeShorter + ") must be at least the crop size ("
                    + size + ")");
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("output channels must be 1 or 3, got " + channels);
        }
        if (mean.length != channels || std.length != channels) {
            throw new IllegalArgumentException("mean and std need " + channels + " values, got " + mean.length + " and "
                    + std.length);
        }
        this.training = training;
        this.minScale = minScale;
        this.resizeShorter = resizeShorter;
        this.size = size;
        this.channels = channels;
        this.mean = mean.clone();
        this.std = std.clone();
        this.gain = new float[channels];
        this.bias = new float[channels];
        for (int c = 0; c < channels; c++) {
            if (!(std[c] > 0f)) {
                throw new IllegalArgumentException("std must be positive, got " + Arrays.toString(std));
            }
            gain[c] = 1f / (255f * std[c]);
            bias[c] = -mean[c] / std[c];
        }
    }

    /** Random resized crop to {@code size x size} and random horizontal flip. */
    public static ImageTransform train(int size, int channels, float[] mean, float[] std) {
        return train(size, channels, mean, std, MIN_SCALE);
    }

    /**
     * As {@link #train(int, int, float[], float[])} with crops of {@code minScale}..1 of the image area
     * (0.08 for ImageNet; small images such as 28×28 want milder crops, e.g. 0.5).
     */
    public static ImageTransform train(int size, int channels, float[] mean, float[] std, double minScale) {
        return new ImageTransform(true, minScale, 0, size, channels, mean, std);
    }

    /** Shorter side to {@code resizeShorter}, then the central {@code size x size}. */
    public static ImageTransform eval(int resizeShorter, int size, int channels, float[] mean, float[] std) {
        return new ImageTransform(false, MIN_SCALE, resizeShorter, size, channels, mean, std);
    }

    /** RGB training transform with the ImageNet mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225). */
    public static ImageTransform imagenetTrain(int size) {
        return train(size, 3, IMAGENET_MEAN, IMAGENET_STD);
    }

    /** RGB evaluation transform with ImageNet statistics and the usual 0.875 crop (256 then 224 for 224). */
    public static ImageTransform imagenetEval(int size) {
        return eval((int) Math.round(size / 0.875), size, 3, IMAGENET_MEAN, IMAGENET_STD);
    }

    /** The ImageNet per-channel mean on the [0, 1] scale (a copy). */
    public static float[] imagenetMean() {
        return IMAGENET_MEAN.clone();
    }

    /** The ImageNet per-channel standard deviation on the [0, 1] scale (a copy). */
    public static float[] imagenetStd() {
        return IMAGENET_STD.clone();
    }

    /**
     * Writes {@code outputChannels() * outputSize()^2} floats, channel-major, at {@code dst[offset..]}.
     * {@code rng} drives crop and flip in training mode and is not used (may be null) in evaluation mode.
     */
    public void apply(DecodedImage img, SplittableRandom rng, float[] dst, int offset) {
        int plane = size * size;
        if (offset < 0 || offset + (long) channels * plane > dst.length) {
            throw new IllegalArgumentException("dst has " + dst.length + " floats, need " + channels * plane
                    + " from offset " + offset);
        }
        AxisWeights xs;
        AxisWeights ys;
        if (training) {
            CropBox box = randomCrop(img.width(), img.height(), rng);
            xs = AxisWeights.of(box.x(), box.width(), size, box.x(), box.x() + box.width() - 1);
            ys = AxisWeights.of(box.y(), box.height(), size, box.y(), box.y() + box.height() - 1);
            if (rng.nextDouble() < 0.5) {
                xs = xs.reversed();
            }
        } else {
            int w = img.width();
            int h = img.height();
            xs = centreAxis(w, w <= h ? resizeShorter : (int) ((long) resizeShorter * w / h));
            ys = centreAxis(h, w <= h ? (int) ((long) resizeShorter * h / w) : resizeShorter);
        }
        int from = img.channels();
        Resampler.resample(img, xs, ys, (y, row) -> store(row, from, dst, offset + y * size, plane));
    }

    /** Normalises one output row (HWC, 0..255) into the {@code channels} planes of dst. */
    private void store(float[] row, int from, float[] dst, int at, int plane) {
        if (from == 3 && channels == 1) {
            float g = gain[0];
            float b = bias[0];
            for (int x = 0; x < size; x++) {
                dst[at + x] = (0.299f * row[3 * x] + 0.587f * row[3 * x + 1] + 0.114f * row[3 * x + 2]) * g + b;
            }
            return;
        }
        for (int c = 0; c < channels; c++) {
            float g = gain[c];
            float b = bias[c];
            int d = at + c * plane;
            int s = from == 1 ? 0 : c;
            for (int x = 0; x < size; x++, s += from) {
                dst[d + x] = row[s] * g + b;
            }
        }
    }

    /**
     * torchvision's {@code RandomResizedCrop.get_params}: up to ten draws of an area fraction in
     * [0.08, 1] and a log-uniform aspect ratio in [3/4, 4/3] until the box fits, else the largest
     * central box whose ratio is clamped into that range.
     */
    CropBox randomCrop(int width, int height, SplittableRandom rng) {
        double area = (double) width * height;
        double logMin = Math.log(MIN_RATIO);
        double logMax = Math.log(MAX_RATIO);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double target = area * (minScale + (MAX_SCALE - minScale) * rng.nextDouble());
            double ratio = Math.exp(logMin + (logMax - logMin) * rng.nextDouble());
            int w = (int) Math.rint(Math.sqrt(target * ratio));
            int h = (int) Math.rint(Math.sqrt(target / ratio));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int y = rng.nextInt(height - h + 1);
                int x = rng.nextInt(width - w + 1);
                return new CropBox(x, y, w, h);
            }
        }
        double inRatio = (double) width / height;
        int w = width;
        int h = height;
        if (inRatio < MIN_RATIO) {
            h = (int) Math.rint(w / MIN_RATIO);
        } else if (inRatio > MAX_RATIO) {
            w = (int) Math.rint(h * MAX_RATIO);
        }
        return new CropBox((width - w) / 2, (height - h) / 2, w, h);
    }

    /**
     * One axis of resize-then-centre-crop expressed on the source: {@code length} source pixels are
     * (virtually) resized to {@code resized} and the central {@code size} of those are mapped back to a
     * fractional source interval, so the samples equal those of resizing first and cropping after.
     */
    private AxisWeights centreAxis(int length, int resized) {
        double scale = (double) length / resized;
        int start = (int) Math.rint((resized - size) / 2.0);
        return AxisWeights.of(start * scale, size * scale, size, 0, length - 1);
    }

    public int outputChannels() {
        return channels;
    }

    public int outputSize() {
        return size;
    }

    public boolean training() {
        return training;
    }

    /** Evaluation: the shorter side before the centre crop (0 for a training transform). */
    public int resizeShorter() {
        return resizeShorter;
    }

    /** The per-channel mean on the [0, 1] scale (a copy). */
    public float[] mean() {
        return mean.clone();
    }

    /** The per-channel standard deviation on the [0, 1] scale (a copy). */
    public float[] std() {
        return std.clone();
    }

    /** The per-sample float count, {@code outputChannels() * outputSize()^2}. */
    public int sampleLength() {
        return channels * size * size;
    }

    @Override
    public String toString() {
        String how = training ? "RandomResizedCrop(" + size + ", scale " + minScale + "-1, ratio 3/4-4/3) + flip(0.5)"
                : "Resize(" + resizeShorter + ") + CenterCrop(" + size + ")";
        return "ImageTransform[" + how + ", " + channels + " channels, mean " + Arrays.toString(mean) + ", std "
                + Arrays.toString(std) + "]";
    }
}
