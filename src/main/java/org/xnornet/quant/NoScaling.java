package org.xnornet.quant;

import org.xnornet.kernel.ConvGeometry;
import org.xnornet.tensor.ParameterVector;

/** No rescaling: y = sign(x) ⊛ sign(W). The baseline without any scale factor. */
public record NoScaling() implements Scaling {
    @Override
    public String name() {
        return "none";
    }

    @Override
    public Scaler bind(ParameterVector params, String prefix, int out, int outH, int outW) {
        return new Scaler() {
            public void initialize(float[] w, int wOff, int o, int perFilter) {
            }

            public void forward(float[] z, int batch, float[] x, ConvGeometry g, float[] w, int wOff, int o, float[] y) {
                System.arraycopy(z, 0, y, 0, batch * o * g.outPixels());
            }

            public void backward(float[] dy, float[] z, int batch, float[] x, ConvGeometry g, float[] w, int wOff,
                                 int o, float[] dz, float[] dx, float[] dw, int dwOff) {
                System.arraycopy(dy, 0, dz, 0, batch * o * g.outPixels());
            }

            public float factor(int n, int o, int p) {
                return 1f;
            }
        };
    }
}
