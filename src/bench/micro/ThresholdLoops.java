public class ThresholdLoops {
    static long ruleBit(int acc, int t, byte kind) { return (acc >= t ? 1L : 0L) ^ kind; }
    static void a(int[] acc, int off, int t, byte k, int n, long[] bits, int shift) {
        for (int i = 0; i < n; i++) bits[i] |= ruleBit(acc[off + i], t, k) << shift;
    }
    static void b(int[] acc, int off, int t, byte k, int n, long[] bits, int shift) {
        int flip = 1 ^ k;
        for (int i = 0; i < n; i++) bits[i] |= (long) (((acc[off + i] - t) >>> 31) ^ flip) << shift;
    }
    static void d(int[] acc, int off, int t, byte k, int n, long[] bits, int shift) {
        long flip = 1 ^ k;
        long tl = t;
        for (int i = 0; i < n; i++) bits[i] |= ((((long) acc[off + i] - tl) >>> 63) ^ flip) << shift;
    }
    static void c(int[] acc, int off, int t, byte k, int n, int[] bits, int shift) {
        int flip = 1 ^ k;
        for (int i = 0; i < n; i++) bits[i] |= (((acc[off + i] - t) >>> 31) ^ flip) << shift;
    }
    public static void main(String[] x) {
        int n = 3136; int[] acc = new int[n * 64]; long[] bits = new long[n]; long[] bits2 = new long[n]; int[] lo = new int[n], hi = new int[n];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < acc.length; i++) acc[i] = r.nextInt(1000) - 500;
        int[] th = new int[64]; byte[] kd = new byte[64];
        for (int j = 0; j < 64; j++) { th[j] = r.nextInt(200) - 100; kd[j] = (byte) r.nextInt(2); }
        for (int round = 0; round < 4; round++) {
            long t0 = System.nanoTime();
            for (int rep = 0; rep < 200; rep++) { java.util.Arrays.fill(bits, 0); for (int j = 0; j < 64; j++) a(acc, j * n, th[j], kd[j], n, bits, j); }
            long t1 = System.nanoTime();
            for (int rep = 0; rep < 200; rep++) { java.util.Arrays.fill(bits2, 0); for (int j = 0; j < 64; j++) b(acc, j * n, th[j], kd[j], n, bits2, j); }
            long t2 = System.nanoTime();
            for (int rep = 0; rep < 200; rep++) { java.util.Arrays.fill(bits2, 0); for (int j = 0; j < 64; j++) d(acc, j * n, th[j], kd[j], n, bits2, j); }
            long t25 = System.nanoTime(); boolean sameD = java.util.Arrays.equals(bits, bits2);
            for (int rep = 0; rep < 200; rep++) { java.util.Arrays.fill(lo, 0); java.util.Arrays.fill(hi, 0); for (int j = 0; j < 32; j++) c(acc, j * n, th[j], kd[j], n, lo, j); for (int j = 32; j < 64; j++) c(acc, j * n, th[j], kd[j], n, hi, j - 32); }
            long t3 = System.nanoTime(); t2 = t25 - (t25 - t2);
            boolean same = java.util.Arrays.equals(bits, bits2);
            for (int i = 0; i < n; i++) same &= bits[i] == ((lo[i] & 0xffffffffL) | ((long) hi[i] << 32));
            double d = 200.0 * 64 * n;
            System.out.printf("ns/elem: ternary %.3f  int->long %.3f  long-sub %.3f (same %b)  same %b%n", (t1 - t0) / d, (t2 - t1) / d, (t25 - t2) / d, sameD, same);
        }
    }
}
