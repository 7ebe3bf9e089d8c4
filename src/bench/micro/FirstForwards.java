import org.xnornet.infer.*;
import org.xnornet.model.*;
import org.xnornet.nn.*;
import org.xnornet.tensor.Tensor;
import org.xnornet.quant.Scaling;
import java.util.Random;

public class FirstForwards {
    public static void main(String[] args) throws Exception {
        int b = Integer.parseInt(args[0]); int n = Integer.parseInt(args[1]);
        long s0 = System.nanoTime(); if (args.length > 2) PopcountPaths.use(args[2]);
        Network binary = Network.build(ModelSpec.resnet18(1000, Scaling.parse("gamma1")));
        PackedNetwork packed = PackedNetwork.of(binary);
        Random r = new Random(5);
        float[] d = new float[b * 3 * 224 * 224];
        for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
        Tensor x = new Tensor(new int[] {b, 3, 224, 224}, d);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime(); packed.forward(x);
            sb.append(String.format("%.0f ", (System.nanoTime() - t0) / 1e6));
        }
        System.out.println(PopcountPaths.activeName() + " b" + b + " ms per forward: " + sb + " (total " + (System.nanoTime() - s0) / 1000000 + " ms)");
    }
}
