package org.xnornet.infer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.logging.Logger;
import org.xnornet.kernel.VectorPath;

/**
 * Picks the popcount path at run time. Scalar ({@link ScalarPopcount}) runs on every JVM. The vector path
 * ({@code VectorPopcount}, built only when the build has a JDK 21+ compiler) is used when this JVM can run it: Java
 * 21 or later, started with {@code --add-modules jdk.incubator.vector} (the launcher adds it), and vectors of at
 * least 256 bits. Before it is trusted it must give the scalar path's integers on a random block; then
 * {@link PathWarmUp} runs it until the JIT has compiled it, so that no layer meets it uncompiled. {@link #use}
 * overrides the choice ({@code auto}, {@code scalar}, {@code vector}); both paths give identical results, so the
 * choice changes speed only.
 */
public final class PopcountPaths {
    private static final Logger LOG = Logger.getLogger(PopcountPaths.class.getName());
    private static final String VECTOR_CLASS = "org.xnornet.infer.VectorPopcount";
    static final PopcountKernel SCALAR = new ScalarPopcount();
    /** The vector path where this JVM runs it (else null), or why it does not (else null). */
    private record Loaded(PopcountKernel kernel, String whyNot) {
        static Loaded missing(String why) {
            return new Loaded(null, why);
        }
    }

    private static final Loaded LOADED = loadVector();
    private static final PopcountKernel VECTOR = LOADED.kernel();
    private static volatile PopcountKernel active = VECTOR != null ? VECTOR : SCALAR;

    private PopcountPaths() {
    }

    /** The path binary layers use now. */
    static PopcountKernel active() {
        return active;
    }

    /** The vector path, or null when this JVM cannot run it ({@link #vectorUnavailableReason()} says why). */
    static PopcountKernel vector() {
        return VECTOR;
    }

    /** The active path's name, e.g. "scalar" or "vector csa256". */
    public static String activeName() {
        return active.name();
    }

    /** Why the vector path is not available here, or null when it is. */
    public static String vectorUnavailableReason() {
        return LOADED.whyNot();
    }

    /** The paths this JVM can run, scalar first: what a benchmark times side by side. */
    public static List<String> available() {
        return VECTOR == null ? List.of("scalar") : List.of("scalar", "vector");
    }

    /**
     * Selects a path: {@code auto} (vector when available), {@code scalar} or {@code vector}.
     *
     * @throws IllegalArgumentException for another choice, or {@code vector} where it is unavailable (with the reason)
     */
    public static void use(String choice) {
        switch (choice) {
            case "auto" -> active = VECTOR != null ? VECTOR : SCALAR;
            case "scalar" -> active = SCALAR;
            case "vector" -> {
                if (VECTOR == null) {
                    throw new IllegalArgumentException("the vector popcount path is not available: " + LOADED.whyNot());
                }
                active = VECTOR;
            }
            default -> throw new IllegalArgumentException("popcount path must be auto, scalar or vector, got '"
                    + choice + "'");
        }
    }

    private static Loaded loadVector() {
        String unavailable = VectorPath.unavailableReason();
        if (unavailable != null) {
            return Loaded.missing(unavailable);
        }
        try {
            Class<?> c = Class.forName(VECTOR_CLASS);
            var create = c.getDeclaredMethod("forThisMachine", boolean.class);
            PopcountKernel k = (PopcountKernel) create.invoke(null, cpuHasVpopcntdq());
            if (k == null) {
                return Loaded.missing("this CPU's vectors are narrower than 256 bits");
            }
            if (!sameAsScalar(k)) {
                String why = k.name() + " disagreed with the scalar path on its self-check";
                LOG.warning("popcount: " + why + "; using scalar");
                return Loaded.missing(why);
            }
            PathWarmUp.run(k);
            return new Loaded(k, null);
        } catch (ClassNotFoundException e) {
            return Loaded.missing("this build has no vector path (it was compiled without a JDK 21+ compiler)");
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return Loaded.missing("its class could not be loaded: " + e);
        }
    }

    /** Whether /proc/cpuinfo lists avx512_vpopcntdq (false where there is no such file). */
    private static boolean cpuHasVpopcntdq() {
        try {
            return Files.readString(Path.of("/proc/cpuinfo")).contains(" avx512_vpopcntdq");
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /**
     * Runs both paths on random rows of 1 to 75 words, and packs random rows (signed zeros, NaNs and infinities among
     * the values; with and without a batch norm): the counts and the bits must be equal.
     */
    static boolean sameAsScalar(PopcountKernel k) {
        return sameCounts(k) && samePacking(k);
    }

    private static boolean samePacking(PopcountKernel k) {
        SplittableRandom rng = new SplittableRandom(19);
        float[] special = {0f, -0f, Float.NaN, Float.intBitsToFloat(0xffc00000), Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE};
        for (int channels : new int[] {1, 63, 64, 65, 130}) {
            for (int width : new int[] {1, 7, 64, 67}) {
                int wpp = (channels + 63) >>> 6;
                float[] x = new float[3 + channels * width];
                for (int i = 0; i < x.length; i++) {
                    x[i] = rng.nextInt(6) == 0 ? special[rng.nextInt(special.length)] : (float) rng.nextGaussian();
                }
                float[][] terms = new float[4][channels];
                for (int c = 0; c < channels; c++) {
                    terms[0][c] = (float) rng.nextGaussian();
                    terms[1][c] = (float) rng.nextDouble(0.1, 3);
                    terms[2][c] = rng.nextInt(8) == 0 ? -0f : (float) rng.nextGaussian();
                    terms[3][c] = rng.nextInt(8) == 0 ? 0f : (float) rng.nextGaussian();
                }
                for (EvalNorm norm : new EvalNorm[] {null, EvalNorm.ofTerms(terms)}) {
                    long[] expected = new long[1 + width * wpp];
                    long[] got = new long[expected.length];
                    SCALAR.packSigns(x, 3, width, channels, 0, width, width, norm, expected, 1, width * wpp, wpp);
                    k.packSigns(x, 3, width, channels, 0, width, width, norm, got, 1, width * wpp, wpp);
                    if (!java.util.Arrays.equals(expected, got)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** Products of 21 rows (a pair of groups and a partial one), all eight filters and five, along and across y. */
    private static boolean sameCounts(PopcountKernel k) {
        SplittableRandom rng = new SplittableRandom(17);
        for (int words = 1; words <= 75; words += 7) {
            int rows = 2 * RowGroups.ROWS + 5;
            long[] a = new long[RowGroups.padded(rows) * words];
            long[] w = new long[words * FilterBlocks.BLOCK];
            for (int i = 0; i < a.length; i++) {
                a[i] = rng.nextLong();
            }
            for (int i = 0; i < w.length; i++) {
                w[i] = rng.nextLong();
            }
            for (int live : new int[] {FilterBlocks.BLOCK, 5}) {
                for (int rowStride : new int[] {1, FilterBlocks.BLOCK}) {
                    int outStride = rowStride == 1 ? rows + 3 : 1;
                    int[] expected = new int[2 + rows * FilterBlocks.BLOCK + 3 * FilterBlocks.BLOCK];
                    int[] got = expected.clone();
                    SCALAR.outputBlock(a, rows, w, words, 64 * words, live, expected, 2, outStride, rowStride);
                    k.outputBlock(a, rows, w, words, 64 * words, live, got, 2, outStride, rowStride);
                    if (!java.util.Arrays.equals(expected, got)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
