package org.xnornet.nn;

import java.util.ArrayList;
import java.util.List;
import org.xnornet.tensor.Tensor;

/** y = body(x) + shortcut(x), the shortcut being the identity when absent. */
public final class Residual implements Layer {
    private final String name;
    private final Layer body;
    private final Layer shortcut;
    private Tensor output;

    public Residual(String name, Layer body, Layer shortcut) {
        this.name = name;
        this.body = body;
        this.shortcut = shortcut;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Layer> children() {
        List<Layer> c = new ArrayList<>();
        c.add(body);
        if (shortcut != null) {
            c.add(shortcut);
        }
        return c;
    }

    @Override
    public int[] outputShape(int[] in) {
        int[] b = body.outputShape(in);
        int[] s = shortcut == null ? in : shortcut.outputShape(in);
        if (!java.util.Arrays.equals(b, s)) {
            throw new IllegalArgumentException("residual " + name + ": body gives " + java.util.Arrays.toString(b)
                    + " but shortcut gives " + java.util.Arrays.toString(s));
        }
        return b;
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        Tensor y = body.forward(x, mode);
        Tensor s = shortcut == null ? x : shortcut.forward(x, mode);
        // A buffer of our own: the body's output may be what its last layer keeps for backward.
        output = Tensor.reuse(output, y.shape());
        float[] a = y.data();
        float[] b = s.data();
        float[] sum = output.data();
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
        }
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        Tensor dx = body.backward(dy);
        Tensor ds = shortcut == null ? dy : shortcut.backward(dy);
        float[] a = dx.data();
        float[] b = ds.data();
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return dx;
    }
}
