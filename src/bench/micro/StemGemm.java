import org.xnornet.kernel.Gemm;
import org.xnornet.kernel.GemmBackend;

/**
 * The packed ResNet-18 stem's product on one thread (OPENBLAS_NUM_THREADS=1, as micro.sh runs it): weights 64 × 147
 * times one image's patch matrix 147 × 12 544, in column bands of the widths ConvNormPool could use (each band its
 * own matrix, as it builds them), beside a square 1024³ product: GFLOP/s of the backend Gemm picked, six rounds.
 */
public class StemGemm {
    public static void main(String[] args) {
        GemmBackend be = Gemm.backend();
        System.out.println("# backend " + Gemm.describe());
        int m = 64, k = 147, n = 12544;
        java.util.Random r = new java.util.Random(1);
        float[] w = new float[m * k];
        float[] col = new float[k * n];
        float[] c = new float[m * n];
        for (int i = 0; i < w.length; i++) w[i] = r.nextFloat();
        for (int i = 0; i < col.length; i++) col[i] = r.nextFloat();
        int sq = 1024;
        float[] a = new float[sq * sq], b = new float[sq * sq], cs = new float[sq * sq];
        for (int i = 0; i < a.length; i++) { a[i] = i % 7; b[i] = i % 5; }
        int[] bands = {128, 256, 512, 1024, 2048, 12544};
        for (int round = 0; round < 6; round++) {
            StringBuilder sb = new StringBuilder();
            for (int band : bands) {
                int reps = 10;
                long t0 = System.nanoTime();
                for (int rep = 0; rep < reps; rep++) {
                    for (int from = 0; from < n; from += band) {
                        int size = Math.min(band, n - from);
                        be.sgemm(false, false, m, size, k, 1f, w, 0, k, col, from * k, size, 0f, c, from, n);
                    }
                }
                double s = (System.nanoTime() - t0) / 1e9 / reps;
                sb.append(String.format("band %d: %.2f ms %.0f GFLOP/s  ", band, s * 1e3, 2.0 * m * n * k / s / 1e9));
            }
            long t0 = System.nanoTime();
            for (int rep = 0; rep < 3; rep++) {
                be.sgemm(false, false, sq, sq, sq, 1f, a, 0, sq, b, 0, sq, 0f, cs, 0, sq);
            }
            double s = (System.nanoTime() - t0) / 1e9 / 3;
            sb.append(String.format("square 1024: %.0f GFLOP/s", 2.0 * sq * sq * sq / s / 1e9));
            System.out.println(sb);
        }
    }
}
