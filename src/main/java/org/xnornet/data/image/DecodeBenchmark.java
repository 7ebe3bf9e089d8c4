package org.xnornet.data.image;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Throughput of the input pipeline's CPU part, decode plus {@link ImageTransform#imagenetTrain(int)} at
 * 224, on synthetic photo-like JPEGs the size of a 256-pixel-short-side ImageNet copy (341x256,
 * quality 90): smooth random colour fields plus pixel noise, so the entropy decoder has realistic work.
 * It tells how many cores an executor needs to keep a trainer fed.
 */
public final class DecodeBenchmark {
    static final int WIDTH = 341;
    static final int HEIGHT = 256;
    static final int SIZE = 224;
    private static final long WARM_UP_NANOS = 2_000_000_000L;

    private DecodeBenchmark() {
    }

    /**
     * Generates {@code images} JPEGs, repeats single-threaded passes over them for 2 s to let the JIT
     * settle, then times one pass on one thread and one on {@code threads} threads.
     */
    public static Result run(int images, int threads) {
        if (images < 1 || threads < 1) {
            throw new IllegalArgumentException("images and threads must be positive, got " + images + ", " + threads);
        }
        byte[][] jpegs = new byte[images][];
        long bytes = 0;
        SplittableRandom rng = new SplittableRandom(2024);
        for (int i = 0; i < images; i++) {
            jpegs[i] = ImageEncoder.jpeg(photoLike(rng), 0.9f);
            bytes += jpegs[i].length;
        }
        ImageTransform transform = ImageTransform.imagenetTrain(SIZE);
        long[] split = new long[2];
        long warmUpEnd = System.nanoTime() + WARM_UP_NANOS;
        do {
            pass(jpegs, 0, 1, transform, null);
        } while (System.nanoTime() < warmUpEnd);
        long start = System.nanoTime();
        pass(jpegs, 0, 1, transform, split);
        double single = images / ((System.nanoTime() - start) / 1e9);
        double multi = parallel(jpegs, threads, transform);
        int cores = Runtime.getRuntime().availableProcessors();
        double perCore = multi / Math.min(threads, cores);
        return new Result(single, perCore, String.format("decode+RandomResizedCrop(%d)+flip+normalise, %d JPEGs %dx%d q90 (%.1f KB avg): "
                + "1 thread %.0f img/s (decode %.2f ms + transform %.2f ms per image); %d threads %.0f img/s "
                + "= %.0f img/s per core (%d cores available)", SIZE, images, WIDTH, HEIGHT, bytes / 1024.0 / images,
                single, split[0] / 1e6 / images, split[1] / 1e6 / images, threads, multi,
                perCore, cores));
    }

    /** Images/s on one thread, images/s per core with all threads, and the report line. */
    public record Result(double singleThread, double perCore, String report) {
        @Override
        public String toString() {
            return report;
        }
    }

    private static double parallel(byte[][] jpegs, int threads, ImageTransform transform) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                parts.add(pool.submit(() -> pass(jpegs, first, threads, transform, null)));
            }
            for (Future<?> f : parts) {
                f.get();
            }
            return jpegs.length / ((System.nanoTime() - start) / 1e9);
        } catch (Exception e) {
            throw new IllegalStateException("benchmark worker failed", e);
        } finally {
            pool.shutdown();
        }
    }

    /** Decodes and transforms every {@code step}-th image from {@code first}; adds decode/transform nanos to split. */
    private static float pass(byte[][] jpegs, int first, int step, ImageTransform transform, long[] split) {
        float[] sample = new float[transform.sampleLength()];
        SplittableRandom rng = new SplittableRandom(first);
        float sink = 0;
        for (int i = first; i < jpegs.length; i += step) {
            long t0 = System.nanoTime();
            DecodedImage img;
            try {
                img = ImageDecoder.decode(jpegs[i], "synthetic-" + i);
            } catch (BadImageException e) {
                throw new IllegalStateException(e);
            }
            long t1 = System.nanoTime();
            transform.apply(img, rng, sample, 0);
            if (split != null) {
                split[0] += t1 - t0;
                split[1] += System.nanoTime() - t1;
            }
            sink += sample[i % sample.length];
        }
        return sink;
    }

    /** A few random low-frequency colour waves plus uniform noise of +-8. */
    static DecodedImage photoLike(SplittableRandom rng) {
        double[][] waves = new double[4][6];
        for (double[] w : waves) {
            for (int k = 0; k < w.length; k++) {
                w[k] = rng.nextDouble();
            }
        }
        byte[] px = new byte[WIDTH * HEIGHT * 3];
        for (int y = 0, o = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                for (int c = 0; c < 3; c++) {
                    double v = 128;
                    for (double[] w : waves) {
                        double phase = 2 * Math.PI * (w[0] * 3 * x / WIDTH + w[1] * 3 * y / HEIGHT + w[2 + c]);
                        v += 40 * w[5] * Math.sin(phase);
                    }
                    v += rng.nextInt(17) - 8;
                    px[o++] = (byte) Math.max(0, Math.min(255, (int) v));
                }
            }
        }
        return new DecodedImage(WIDTH, HEIGHT, 3, px);
    }

    /** {@code DecodeBenchmark [images [threads]]}, defaults 200 images and all cores. */
    public static void main(String[] args) {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        System.out.println(run(images, threads));
    }
}
