package org.xnornet.model;

import java.util.SplittableRandom;
import org.xnornet.nn.Activation;
import org.xnornet.nn.BatchNorm;
import org.xnornet.nn.BinaryConv2d;
import org.xnornet.nn.Conv2d;
import org.xnornet.nn.Flatten;
import org.xnornet.nn.Layer;
import org.xnornet.nn.Linear;
import org.xnornet.nn.PRelu;
import org.xnornet.nn.Pooling;
import org.xnornet.nn.Residual;
import org.xnornet.nn.Sequential;
import org.xnornet.tensor.ParameterVector;

/**
 * Builds networks from a {@link ModelSpec}. Shared pieces: the binary unit BN → q_in → binary conv → S →
 * activation (paper Fig. 1), and the residual basic block of two units whose shortcut is the identity or a
 * downsample (real 1×1 conv + BN by default, BN → binary 1×1 conv as an option). In the full-precision
 * twin the binary conv is a real conv without quantizers or scaling; everything else is the same.
 */
final class ModelBuilder {
    private final ModelSpec spec;
    private final ParameterVector params;
    private final SplittableRandom rng;

    private ModelBuilder(ModelSpec spec, long maxParameters) {
        this.spec = spec;
        this.params = new ParameterVector(maxParameters);
        this.rng = new SplittableRandom(spec.seed());
    }

    static Network build(ModelSpec spec, long maxParameters) {
        ModelBuilder b = new ModelBuilder(spec, maxParameters);
        int[] input = {spec.channels(), spec.height(), spec.width()};
        Sequential root;
        switch (spec.architecture()) {
            case RESNET18:
                root = ResNet18.build(b, input);
                break;
            case ALEXNET:
                root = AlexNet.build(b, input);
                break;
            case SMALL_ALEXNET:
                root = SmallAlexNet.build(b, input);
                break;
            default:
                root = SmallResNet.build(b, input);
        }
        b.params.trim();
        return new Network(spec, root, b.params);
    }

    ModelSpec spec() {
        return spec;
    }

    /** Real convolution (no bias: a batch norm follows). */
    Conv2d realConv(String name, int[] in, int out, int kernel, int stride, int padding) {
        return new Conv2d(name, params, in, out, kernel, stride, padding, false, rng);
    }

    BatchNorm batchNorm(String name, int channels) {
        return new BatchNorm(name, params, channels);
    }

    Linear linear(String name, int in, int out) {
        return new Linear(name, params, in, out, true, rng);
    }

    /** The activation the spec asks for after a binary unit, or null for none. */
    Layer activation(String name, int channels) {
        switch (spec.activation()) {
            case PRELU:
                return new PRelu(name, params, channels);
            case RELU:
                return new Activation(name, Activation.Kind.RELU);
            case HARDTANH:
                return new Activation(name, Activation.Kind.HARDTANH);
            default:
                return null;
        }
    }

    /** A binary (or, in the twin, real) convolution with the spec's quantizers and scaling. */
    Layer innerConv(String name, int[] in, int out, int kernel, int stride, int padding) {
        if (!spec.binary()) {
            return realConv(name, in, out, kernel, stride, padding);
        }
        return new BinaryConv2d(name, params, in, out, kernel, stride, padding, spec.inputQuantizer(),
                spec.kernelQuantizer(), spec.scaling(), rng);
    }

    /** BN → binary conv → S → activation, appended to {@code seq}. */
    void binaryUnit(Sequential.Builder seq, String name, int out, int kernel, int stride, int padding) {
        int[] in = seq.shape();
        seq.add(batchNorm(name + ".bn", in[0]));
        seq.add(innerConv(name + ".conv", seq.shape(), out, kernel, stride, padding));
        Layer act = activation(name + ".act", out);
        if (act != null) {
            seq.add(act);
        }
    }

    /** The residual basic block: two 3×3 binary units plus a shortcut. */
    Residual basicBlock(String name, int[] in, int out, int stride) {
        Sequential.Builder body = new Sequential.Builder(name + ".body", in);
        binaryUnit(body, name + ".unit1", out, 3, stride, 1);
        binaryUnit(body, name + ".unit2", out, 3, 1, 1);
        Layer shortcut = null;
        if (stride != 1 || in[0] != out) {
            Sequential.Builder ds = new Sequential.Builder(name + ".downsample", in);
            if (spec.binary() && spec.binaryDownsample()) {
                ds.add(batchNorm(name + ".downsample.bn", in[0]));
                ds.add(innerConv(name + ".downsample.conv", ds.shape(), out, 1, stride, 0));
            } else {
                ds.add(realConv(name + ".downsample.conv", in, out, 1, stride, 0));
                ds.add(batchNorm(name + ".downsample.bn", out));
            }
            shortcut = ds.build();
        }
        return new Residual(name, body.build(), shortcut);
    }

    /** Global average pool, flatten and the real classifier. */
    void head(Sequential.Builder seq) {
        seq.add(Pooling.global("pool", seq.shape()));
        seq.add(new Flatten("flatten"));
        seq.add(linear("fc", seq.shape()[0], spec.classes()));
    }

    /** BN → binary dense layer (a convolution covering the whole map) → activation, appended to {@code seq}. */
    void binaryDenseUnit(Sequential.Builder seq, String name, int out) {
        binaryUnit(seq, name, out, seq.shape()[1], 1, 0);
    }


    Activation relu(String name) {
        return new Activation(name, Activation.Kind.RELU);
    }
}
