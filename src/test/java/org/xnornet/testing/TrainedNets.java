package org.xnornet.testing;

import java.util.SplittableRandom;
import org.xnornet.data.Batch;
import org.xnornet.model.Network;
import org.xnornet.nn.BatchNorm;
import org.xnornet.nn.Layer;
import org.xnornet.nn.SoftmaxCrossEntropy;
import org.xnornet.optim.Adam;
import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.Tensor;
import org.xnornet.train.TrainStep;

/**
 * Networks in the state the inference tests compare in: trained a little, their Γ, BN, PReLU and running
 * statistics moved off their initial values, and exact zeros of both signs in front of the signs — so a packed
 * kernel or an exporter that mishandles sign(0) = +1 or a scaling term shows.
 */
public final class TrainedNets {
    /** Images per batch of {@link #train} and {@link #input}. */
    public static final int BATCH = 4;

    private TrainedNets() {
    }

    /** Two Adam steps on random data, so that weights, Γ and running statistics leave their initial values. */
    public static void train(Network net, SplittableRandom rng) {
        Adam adam = Adam.defaults();
        adam.attach(net.parameters());
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(0f);
        for (int step = 0; step < 2; step++) {
            Tensor images = input(net.spec().channels(), net.spec().height(), net.spec().width(), rng);
            int[] labels = rng.ints(BATCH, 0, net.spec().classes()).toArray();
            TrainStep.run(net, adam, new Batch(images, labels), 0.01f, 0, loss);
        }
    }

    /** Scales every Γ factor, BN term, PReLU slope and running statistic by a random factor in [0.5, 1.5]. */
    public static void perturb(ParameterVector params, SplittableRandom rng) {
        float[] v = params.values();
        for (Parameter p : params.parameters()) {
            ParameterVector.Role r = p.role();
            if (r == ParameterVector.Role.GAMMA || r == ParameterVector.Role.NORM
                    || r == ParameterVector.Role.ACTIVATION || r == ParameterVector.Role.RUNNING_STAT) {
                for (int i = p.offset(); i < p.offset() + p.length(); i++) {
                    v[i] *= (float) rng.nextDouble(0.5, 1.5);
                }
            }
        }
    }

    /**
     * In every batch norm, channels c ≡ 0 (mod 4) get γ = β = +0 (output +0 everywhere) and c ≡ 1 get γ = β = −0
     * (output −0 or +0 by the sign of x − μ), so that the binarisation after them sees exact zeros of both signs.
     */
    public static void putZerosBeforeSigns(Layer layer) {
        if (layer instanceof BatchNorm bn) {
            for (int c = 0; c + 1 < bn.channels(); c += 4) {
                bn.gamma().set(c, 0f);
                bn.beta().set(c, 0f);
                bn.gamma().set(c + 1, -0f);
                bn.beta().set(c + 1, -0f);
            }
        }
        for (Layer child : layer.children()) {
            putZerosBeforeSigns(child);
        }
    }

    /** {@link #BATCH} standard normal images in which a tenth of the values are +0 and a twentieth −0. */
    public static Tensor input(int channels, int height, int width, SplittableRandom rng) {
        Tensor x = Tensor.zeros(BATCH, channels, height, width);
        float[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            double u = rng.nextDouble();
            d[i] = u < 0.1 ? 0f : u < 0.15 ? -0f : (float) (Math.sqrt(-2 * Math.log(1 - rng.nextDouble()))
                    * Math.cos(2 * Math.PI * rng.nextDouble()));
        }
        return x;
    }

    /** The index of the largest logit of each row of {@code classes} (the first on ties). */
    public static int[] argmax(float[] logits, int classes) {
        int[] best = new int[logits.length / classes];
        for (int n = 0; n < best.length; n++) {
            for (int k = 1; k < classes; k++) {
                if (logits[n * classes + k] > logits[n * classes + best[n]]) {
                    best[n] = k;
                }
            }
        }
        return best;
    }
}
