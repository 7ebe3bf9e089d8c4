package org.xnornet.infer;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.xnornet.kernel.Parallel;
import org.xnornet.tensor.Tensor;

/**
 * A batch run image by image, each {@link Parallel} thread taking whole images through a lane of its own: a copy of
 * the packed network (its own layer graph and buffers, the packed filters and stages shared) that runs one image at a
 * time on that thread alone (the kernels' nested parallel calls run inline). One image's activations stay in a
 * core's cache from layer to layer, where a batch's are streamed through memory between them: measured 1.26–1.46×
 * the whole-batch forward at batch 32 on the vector popcount path (docs/PERFORMANCE.md). Each image's output is the network's output for that
 * image run as a batch of one, so it does not depend on the batch it came in. Lanes are made as threads first need
 * them and kept (making one builds the layer graph again, once per thread); one
 * {@code forward} at a time.
 */
final class ImageLanes {
    /** A network that runs one image of a batch as a batch of one, its output in a buffer of the lane's. */
    interface Lane {
        Tensor forwardImage(Tensor batch, int n);
    }

    private final Supplier<Lane> factory;
    private final ConcurrentLinkedQueue<Lane> idle = new ConcurrentLinkedQueue<>();

    /** Lanes from {@code factory}, {@code first} (an existing one) used before any is made. */
    ImageLanes(Lane first, Supplier<Lane> factory) {
        this.factory = factory;
        idle.add(first);
    }

    /** The outputs for NCHW batch {@code x}, image by image on the lanes, in a new tensor. */
    Tensor forward(Tensor x) {
        int batch = x.dim(0);
        Tensor[] out = new Tensor[1];
        Parallel.forRange(batch, 1, (from, to) -> {
            Lane lane = idle.poll();
            if (lane == null) {
                lane = factory.get();
            }
            try {
                for (int n = from; n < to; n++) {
                    Tensor y = lane.forwardImage(x, n);
                    int ySize = y.size();
                    float[] dst = result(out, y.shape(), batch);
                    System.arraycopy(y.data(), 0, dst, n * ySize, ySize);
                }
            } finally {
                idle.add(lane);
            }
        });
        return out[0];
    }

    /** The batch's output array, made by the first image to finish from its output shape. */
    private static float[] result(Tensor[] out, int[] oneShape, int batch) {
        synchronized (out) {
            if (out[0] == null) {
                int[] shape = oneShape.clone();
                shape[0] = batch;
                out[0] = Tensor.zeros(shape);
            }
            return out[0].data();
        }
    }
}
