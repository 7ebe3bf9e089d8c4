public class ActivationLoops {
    static float factor(float v, int slopeBits) {
        int negative = Float.floatToRawIntBits(v) >> 31;
        return Float.intBitsToFloat((negative & slopeBits) | (~negative & 0x3f800000));
    }
    static void prelu(float[] y, int b, int n, float slope) {
        int bits = Float.floatToRawIntBits(slope);
        for (int p = b; p < b + n; p++) y[p] *= factor(y[p], bits);
    }
    static void prelu2(float[] y, int b, int n, float slope) {
        if (slope <= 1f) { for (int p = b; p < b + n; p++) { float v = y[p]; y[p] = Math.max(v, v * slope); } }
        else { for (int p = b; p < b + n; p++) { float v = y[p]; y[p] = Math.min(v, v * slope); } }
    }
    static void relu(float[] y, int b, int n) {
        for (int p = b; p < b + n; p++) y[p] = Math.max(y[p], 0f);
    }
    static void norm(float[] y, int b, int n, float m, float s, float g, float be) {
        for (int p = b; p < b + n; p++) y[p] = ((y[p] - m) * s) * g + be;
    }
    static void scale(int[] acc, float[] y, int n, float g) {
        for (int p = 0; p < n; p++) y[p] = (float) acc[p] * g;
    }
    static void fused(int[] acc, float[] y, float[] sc, int n, float g, float m, float s, float ga, float be, float slope) {
        int bits = Float.floatToRawIntBits(slope);
        for (int p = 0; p < n; p++) {
            float v = (float) acc[p] * g;
            v = ((v - m) * s) * ga + be;
            v *= factor(v, bits);
            y[p] = v + sc[p];
        }
    }
    public static void main(String[] a) {
        int n = 3136;
        float[] y = new float[n]; int[] acc = new int[n]; float[] sc = new float[n];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < n; i++) { acc[i] = r.nextInt(200) - 100; sc[i] = r.nextFloat(); }
        for (int round = 0; round < 4; round++) {
            long t0 = System.nanoTime(); for (int k = 0; k < 20000; k++) { scale(acc, y, n, 0.5f); } long t1 = System.nanoTime();
            for (int k = 0; k < 20000; k++) { norm(y, 0, n, 0.1f, 1.1f, 0.9f, 0.01f); } long t2 = System.nanoTime();
            for (int k = 0; k < 20000; k++) { prelu(y, 0, n, 0.25f); } long t3 = System.nanoTime();
            for (int k = 0; k < 20000; k++) { prelu2(y, 0, n, 0.25f); } long t4 = System.nanoTime();
            for (int k = 0; k < 20000; k++) { fused(acc, y, sc, n, 0.5f, 0.1f, 1.1f, 0.9f, 0.01f, 0.25f); } long t5 = System.nanoTime();
            double d = 20000.0 * n;
            System.out.printf("ns/element: scale %.3f norm %.3f prelu %.3f prelu-max %.3f fused-all %.3f%n", (t1-t0)/d, (t2-t1)/d, (t3-t2)/d, (t4-t3)/d, (t5-t4)/d);
        }
    }
}
