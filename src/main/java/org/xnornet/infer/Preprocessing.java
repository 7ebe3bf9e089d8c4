package org.xnornet.infer;

import java.util.Arrays;
import java.util.Locale;
import org.xnornet.data.image.ImageTransform;

/**
 * How a model's input images are prepared, as its training evaluated them: shorter side resized to
 * {@code resizeShorter}, the central {@code size × size} crop, {@code channels} channels, (v − mean) / std per
 * channel on the [0, 1] scale ({@link ImageTransform#eval}).
 */
public record Preprocessing(int channels, int size, int resizeShorter, float[] mean, float[] std) {
    public Preprocessing {
        mean = mean.clone();
        std = std.clone();
        transform(channels, size, resizeShorter, mean, std);
    }

    /** The evaluation transform's parameters. */
    public static Preprocessing of(ImageTransform eval) {
        if (eval.training()) {
            throw new IllegalArgumentException("a model's preprocessing is an evaluation transform, got " + eval);
        }
        return new Preprocessing(eval.outputChannels(), eval.outputSize(), eval.resizeShorter(), eval.mean(),
                eval.std());
    }

    public ImageTransform transform() {
        return transform(channels, size, resizeShorter, mean, std);
    }

    private static ImageTransform transform(int channels, int size, int resizeShorter, float[] mean, float[] std) {
        return ImageTransform.eval(resizeShorter, size, channels, mean, std);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preprocessing p && p.channels == channels && p.size == size
                && p.resizeShorter == resizeShorter && Arrays.equals(p.mean, mean) && Arrays.equals(p.std, std);
    }

    @Override
    public int hashCode() {
        return (31 * (31 * channels + size) + resizeShorter) * 31 + Arrays.hashCode(mean) * 7 + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "resize %d, centre crop %d, %d channel%s, mean %s, std %s", resizeShorter,
                size, channels, channels == 1 ? "" : "s", Arrays.toString(mean), Arrays.toString(std));
    }
}
