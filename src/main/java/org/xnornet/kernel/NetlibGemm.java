package org.xnornet.kernel;

import dev.ludovic.netlib.blas.BLAS;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * GEMM through {@code dev.ludovic.netlib}, the binding Spark MLlib uses: the machine's native BLAS over JNI
 * when one is installed (e.g. OpenBLAS), else its Java implementation. Row-major C = A·B is computed as
 * the column-major Cᵀ = Bᵀ·Aᵀ.
 */
public final class NetlibGemm implements GemmBackend {
    private final BLAS blas;
    private final NetlibBoundsShim shim;

    public NetlibGemm(BLAS blas) {
        this(blas, NetlibBoundsShim.forBinding(blas));
    }

    NetlibGemm(BLAS blas, NetlibBoundsShim shim) {
        this.blas = blas;
        this.shim = shim;
    }

    /** The binding's preferred instance: native when it loads, Java otherwise. */
    public static NetlibGemm preferred() {
        return new NetlibGemm(BLAS.getInstance());
    }

    /** Whether the preferred instance is a native (JNI) BLAS. */
    public boolean isNative() {
        return blas.getClass().getName().contains("JNI");
    }

    @Override
    public String name() {
        return "netlib:" + blas.getClass().getSimpleName();
    }

    /**
     * For a native binding, the BLAS library files the process has mapped (Linux), so that a report tells OpenBLAS
     * ({@code .../openblas-pthread/...}) from the reference BLAS ({@code .../blas/libblas.so.3}) that the same
     * alternatives link may point to.
     */
    @Override
    public String library() {
        return isNative() ? mappedBlasLibraries(Path.of("/proc/self/maps")) : "";
    }

    /**
     * The distinct BLAS library paths in a {@code /proc/PID/maps} file (the binding's own JNI glue left out), joined
     * by ", "; empty where the file cannot be read.
     */
    static String mappedBlasLibraries(Path maps) {
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.map(l -> l.indexOf('/') < 0 ? "" : l.substring(l.indexOf('/')).trim())
                    .filter(f -> {
                        String file = f.substring(f.lastIndexOf('/') + 1);
                        return (file.contains("blas") || file.startsWith("libmkl")) && !file.contains("netlib");
                    })
                    .distinct().collect(Collectors.joining(", "));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (shim != null) {
            shim.sgemm(blas, transB ? "T" : "N", transA ? "T" : "N", n, m, k, alpha, b, bOff, ldb, a, aOff, lda, beta,
                    c, cOff, ldc);
        } else {
            blas.sgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, alpha,
                    b, bOff, ldb, a, aOff, lda, beta, c, cOff, ldc);
        }
    }
}
