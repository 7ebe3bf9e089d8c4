package org.xnornet.nn;

import org.xnornet.kernel.Norm;
import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.Tensor;

/**
 * Batch normalisation over channels of [N, C, H, W] (or features of [N, F]). Training uses batch
 * statistics — per ghost sub-batch when {@link Mode#ghostBatch()} is set — and updates the running
 * averages once per forward with the mean of the sub-batch statistics:
 * r ← (1 − m)·r + m·mean_g(s_g), the unbiased variance for var; so averaging P workers' running
 * statistics equals one forward over all P sub-batches. Evaluation uses the running statistics.
 */
public final class BatchNorm implements Layer {
    public static final float DEFAULT_MOMENTUM = 0.1f;
    public static final float DEFAULT_EPS = 1e-5f;

    private final String name;
    private final int channels;
    private final float momentum;
    private final float eps;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private float[] xhat;
    private double[][] invStd;
    private int groupSize;
    private int[] inputShape;
    private Tensor output;
    private Tensor normalized;
    private Tensor inputGrad;

    public BatchNorm(String name, ParameterVector params, int channels) {
        this(name, params, channels, DEFAULT_MOMENTUM, DEFAULT_EPS);
    }

    public BatchNorm(String name, ParameterVector params, int channels, float momentum, float eps) {
        this.name = name;
        this.channels = channels;
        this.momentum = momentum;
        this.eps = eps;
        this.gamma = params.add(name + ".gamma", ParameterVector.Role.NORM, channels);
        this.beta = params.add(name + ".beta", ParameterVector.Role.NORM, channels);
        this.runningMean = params.add(name + ".running_mean", ParameterVector.Role.RUNNING_STAT, channels);
        this.runningVar = params.add(name + ".running_var", ParameterVector.Role.RUNNING_STAT, channels);
        Init.constant(gamma, 1f);
        Init.constant(runningVar, 1f);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int[] outputShape(int[] in) {
        return in.clone();
    }

    private int pixels(Tensor x) {
        return Shapes.pixelsPerChannel(name, x, channels, "normalises");
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        int pixels = pixels(x);
        int batch = x.dim(0);
        Tensor y = output = Tensor.reuse(output, x.shape());
        if (!mode.training()) {
            double[] mean = new double[channels];
            double[] inv = new double[channels];
            for (int c = 0; c < channels; c++) {
                mean[c] = runningMean.get(c);
                inv[c] = 1.0 / Math.sqrt(runningVar.get(c) + (double) eps);
            }
            Norm.normalize(x.data(), 0, batch, channels, pixels, mean, inv, gamma.values(), gamma.offset(),
                    beta.values(), beta.offset(), null, y.data());
            xhat = null;
            return y;
        }
        int group = mode.ghostBatch() == 0 ? batch : mode.ghostBatch();
        if (batch % group != 0) {
            throw new IllegalArgumentException("layer " + name + ": batch of " + batch
                    + " is not a multiple of the ghost batch size " + group);
        }
        if ((long) group * pixels < 2) {
            throw new IllegalArgumentException("layer " + name + " needs at least 2 values per channel in a batch"
                    + " to take statistics, got batch " + group + " of " + pixels + " pixels");
        }
        int groups = batch / group;
        normalized = Tensor.reuse(normalized, x.shape());
        xhat = normalized.data();
        invStd = new double[groups][channels];
        double[] meanSum = new double[channels];
        double[] varSum = new double[channels];
        double[] mean = new double[channels];
        double[] var = new double[channels];
        double unbias = (double) group * pixels / ((double) group * pixels - 1);
        for (int gi = 0; gi < groups; gi++) {
            Norm.moments(x.data(), gi * group, group, channels, pixels, mean, var);
            for (int c = 0; c < channels; c++) {
                invStd[gi][c] = 1.0 / Math.sqrt(var[c] + eps);
                meanSum[c] += mean[c];
                varSum[c] += var[c] * unbias;
            }
            Norm.normalize(x.data(), gi * group, group, channels, pixels, mean, invStd[gi], gamma.values(),
                    gamma.offset(), beta.values(), beta.offset(), xhat, y.data());
        }
        for (int c = 0; c < channels; c++) {
            runningMean.set(c, (float) ((1 - momentum) * runningMean.get(c) + momentum * meanSum[c] / groups));
            runningVar.set(c, (float) ((1 - momentum) * runningVar.get(c) + momentum * varSum[c] / groups));
        }
        groupSize = group;
        inputShape = x.shape();
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        Shapes.requireForward(name, xhat);
        int batch = inputShape[0];
        int pixels = dy.sampleSize() / channels;
        Tensor dx = inputGrad = Tensor.reuse(inputGrad, inputShape);
        for (int gi = 0; gi < batch / groupSize; gi++) {
            Norm.backward(dy.data(), xhat, gi * groupSize, groupSize, channels, pixels, invStd[gi], gamma.values(),
                    gamma.offset(), gamma.grads(), gamma.offset(), beta.grads(), beta.offset(), dx.data());
        }
        xhat = null;
        return dx;
    }

    public int channels() {
        return channels;
    }

    /** The ε added to the variance before its square root. */
    public float eps() {
        return eps;
    }

    public Parameter gamma() {
        return gamma;
    }

    public Parameter beta() {
        return beta;
    }

    public Parameter runningMean() {
        return runningMean;
    }

    public Parameter runningVar() {
        return runningVar;
    }
}
