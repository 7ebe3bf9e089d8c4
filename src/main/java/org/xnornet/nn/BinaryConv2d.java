package org.xnornet.nn;

import java.util.random.RandomGenerator;
import org.xnornet.kernel.Conv;
import org.xnornet.kernel.ConvGeometry;
import org.xnornet.quant.Quantizer;
import org.xnornet.quant.Scaler;
import org.xnornet.quant.Scaling;
import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.Tensor;

/**
 * XNOR-Net++ binary convolution: y = (q_in(x) ⊛ q_w(W)) ⊙ S (paper Eq. 5), where the quantizers are
 * sign with a surrogate gradient and S is the {@link Scaling} (learned Γ, analytic K·α, or none). The
 * real-valued shadow weights W are what the optimiser updates. No bias: the following batch norm has one.
 * Zero padding pads q_in(x) with 0, as the float twin does. Spatial Γ (cases 2–4) fixes the input size.
 */
public final class BinaryConv2d implements Layer {
    private final String name;
    private final ConvGeometry geometry;
    private final int out;
    private final Quantizer inputQuantizer;
    private final Quantizer kernelQuantizer;
    private final Scaling scaling;
    private final Parameter weight;
    private final Scaler scaler;
    private Tensor input;
    private float[] quantizedInput;
    private float[] quantizedWeight;
    private float[] unscaled;
    private Tensor quantizedInputBuffer;
    private Tensor unscaledBuffer;
    private Tensor output;
    private Tensor outputGradUnscaled;
    private Tensor inputGrad;
    private float[] weightScratch;
    private float[] weightGradScratch;
    private java.util.function.Consumer<Tensor> inputObserver;

    public BinaryConv2d(String name, ParameterVector params, int[] inShape, int out, int kernel, int stride,
                        int padding, Quantizer inputQuantizer, Quantizer kernelQuantizer, Scaling scaling,
                        RandomGenerator rng) {
        Shapes.image(inShape, name);
        this.name = name;
        this.geometry = ConvGeometry.square(inShape[0], inShape[1], inShape[2], kernel, stride, padding);
        this.out = out;
        this.inputQuantizer = inputQuantizer;
        this.kernelQuantizer = kernelQuantizer;
        this.scaling = scaling;
        this.weight = params.add(name + ".weight", kernelQuantizer.binary()
                ? ParameterVector.Role.SHADOW_WEIGHT : ParameterVector.Role.WEIGHT, out * geometry.patchSize());
        Init.heNormal(weight, geometry.patchSize(), rng);
        this.scaler = scaling.bind(params, name, out, geometry.outHeight(), geometry.outWidth());
        scaler.initialize(weight.values(), weight.offset(), out, geometry.patchSize());
    }

    @Override
    public String name() {
        return name;
    }

    public ConvGeometry geometry() {
        return geometry;
    }

    public int outChannels() {
        return out;
    }

    public Parameter weight() {
        return weight;
    }

    public Quantizer inputQuantizer() {
        return inputQuantizer;
    }

    public Quantizer kernelQuantizer() {
        return kernelQuantizer;
    }

    public Scaling scaling() {
        return scaling;
    }

    public Scaler scaler() {
        return scaler;
    }

    @Override
    public int[] outputShape(int[] in) {
        return new int[] {out, geometry.outHeight(), geometry.outWidth()};
    }

    /** Hands every forward's input to {@code observer} (null: none), for studies of trained layers. */
    public void observeInputs(java.util.function.Consumer<Tensor> observer) {
        this.inputObserver = observer;
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        if (x.rank() == 4 && x.dim(1) == geometry.channels()
                && (x.dim(2) != geometry.height() || x.dim(3) != geometry.width())) {
            throw new IllegalArgumentException("layer " + name + " was built for " + geometry.height() + "x"
                    + geometry.width() + " inputs (output " + geometry.outHeight() + "x" + geometry.outWidth()
                    + ", which scaling " + scaling.name() + " is sized for) but got " + x.dim(2) + "x" + x.dim(3));
        }
        Shapes.requireImage(name, x, geometry.channels(), geometry.height(), geometry.width());
        if (inputObserver != null) {
            inputObserver.accept(x);
        }
        int batch = x.dim(0);
        // A sign quantizer is applied inside im2col; any other is materialised first.
        boolean fusedSign = inputQuantizer.isSign();
        float[] xq = x.data();
        if (!fusedSign) {
            quantizedInputBuffer = Tensor.reuse(quantizedInputBuffer, x.shape());
            xq = quantizedInputBuffer.data();
            inputQuantizer.quantize(x.data(), 0, xq, 0, x.size());
        }
        if (weightScratch == null) {
            weightScratch = new float[weight.length()];
            weightGradScratch = new float[weight.length()];
        }
        float[] wq = weightScratch;
        kernelQuantizer.quantize(weight.values(), weight.offset(), wq, 0, weight.length());
        int[] outShape = {batch, out, geometry.outHeight(), geometry.outWidth()};
        unscaledBuffer = Tensor.reuse(unscaledBuffer, outShape);
        float[] z = unscaledBuffer.data();
        Conv.forward(xq, fusedSign, batch, geometry, wq, 0, out, null, 0, z);
        Tensor y = output = Tensor.reuse(output, outShape);
        scaler.forward(z, batch, x.data(), geometry, weight.values(), weight.offset(), out, y.data());
        if (mode.training()) {
            input = x;
            quantizedInput = xq;
            quantizedWeight = wq;
            unscaled = z;
        } else {
            input = null;
            quantizedInput = null;
            quantizedWeight = null;
            unscaled = null;
        }
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        Shapes.requireForward(name, input);
        int batch = input.dim(0);
        outputGradUnscaled = Tensor.reuse(outputGradUnscaled, dy.shape());
        float[] dz = outputGradUnscaled.data();
        Tensor dx = inputGrad = Tensor.reuse(inputGrad, input.shape());
        float[] dxScale = scaler.dependsOnInput() ? new float[input.size()] : null;
        float[] dwq = weightGradScratch;
        java.util.Arrays.fill(dwq, 0f);
        float[] grads = weight.grads();
        int off = weight.offset();
        // The scaling's own weight gradient (XNOR-Net's α) goes straight into the vector's gradient.
        scaler.backward(dy.data(), unscaled, batch, input.data(), geometry, weight.values(), off, out, dz, dxScale,
                grads, off);
        Conv.backward(quantizedInput, inputQuantizer.isSign(), batch, geometry, quantizedWeight, 0, out, dz, dwq, 0,
                null, 0, dx.data());
        float[] dxa = dx.data();
        inputQuantizer.applyGradient(input.data(), 0, dxa, 0, dxa.length);
        if (dxScale != null) {
            for (int i = 0; i < dxa.length; i++) {
                dxa[i] += dxScale[i];
            }
        }
        kernelQuantizer.applyGradient(weight.values(), off, dwq, 0, dwq.length);
        for (int i = 0; i < dwq.length; i++) {
            grads[off + i] += dwq[i];
        }
        input = null;
        quantizedInput = null;
        quantizedWeight = null;
        unscaled = null;
        return dx;
    }
}
