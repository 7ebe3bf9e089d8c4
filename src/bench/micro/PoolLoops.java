import org.xnornet.kernel.ConvGeometry;
import org.xnornet.kernel.Pool;
import org.xnornet.kernel.PoolRows;

/**
 * The evaluation max pool's row passes, scalar against the form this JVM runs (PoolRows.active(): the Vector API one
 * with --add-modules jdk.incubator.vector on JDK 21+), on the packed ResNet-18 stem's rows (112 wide), and the whole
 * Pool.extremaPlane of 64 planes of 112² (3×3, stride 2, padding 1): ns an element.
 */
public class PoolLoops {
    public static void main(String[] args) {
        PoolRows active = PoolRows.active();
        PoolRows scalar = PoolRows.SCALAR;
        int w = 112;
        int planes = 64;
        int n = planes * w * w;
        float[] x = new float[n];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] c = new float[2 * w];
        ConvGeometry g = new ConvGeometry(1, w, w, 3, 3, 2, 1);
        float[] y = new float[planes * 56 * 56];
        double rows = 10.0 * (n / (2 * w)) * w;
        for (int rep = 0; rep < 30; rep++) {
            long t0 = System.nanoTime();
            for (int k = 0; k < 10; k++) for (int r0 = 0; r0 + 3 * w <= n; r0 += 2 * w) scalar.down3(x, r0, w, false, c);
            long t1 = System.nanoTime();
            for (int k = 0; k < 10; k++) for (int r0 = 0; r0 + 3 * w <= n; r0 += 2 * w) scalar.across3(c, w, false);
            long t2 = System.nanoTime();
            for (int k = 0; k < 10; k++) for (int r0 = 0; r0 + 3 * w <= n; r0 += 2 * w) active.down3(x, r0, w, false, c);
            long t3 = System.nanoTime();
            for (int k = 0; k < 10; k++) for (int r0 = 0; r0 + 3 * w <= n; r0 += 2 * w) active.across3(c, w, false);
            long t4 = System.nanoTime();
            for (int k = 0; k < 10; k++) for (int p = 0; p < planes; p++) Pool.extremaPlane(x, p * w * w, g, false, y, p * 3136, c);
            long t5 = System.nanoTime();
            if (rep % 10 == 9) {
                System.out.printf("ns an element: scalar down3 %.3f across3 %.3f | %s down3 %.3f across3 %.3f | extremaPlane (%s) %.3f per input%n",
                        (t1 - t0) / rows, (t2 - t1) / rows, active.name(), (t3 - t2) / rows, (t4 - t3) / rows, active.name(),
                        (t5 - t4) / (10.0 * n));
            }
        }
    }
}
