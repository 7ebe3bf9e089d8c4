package org.xnornet.kernel;

import dev.ludovic.netlib.blas.BLAS;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * netlib 3.0.3 (the binding Spark 4.0 ships) checks each GEMM operand as if it had no leading-dimension gap
 * ({@code offset + columns·ld − 1 < length} instead of {@code offset + (columns−1)·ld + rows − 1 < length}), so it
 * refuses the in-bounds sub-blocks {@link Gemm}'s bands pass near an array's end; 3.0.4 and later check correctly.
 * On a binding that fails that probe, sgemm checks the operands correctly here and calls the binding's own kernel
 * ({@code AbstractBLAS.sgemmK}), so the numbers are the binding's either way.
 */
final class NetlibBoundsShim {
    private final Method kernel;

    private NetlibBoundsShim(Method kernel) {
        this.kernel = kernel;
    }

    /** The shim for {@code blas}, or null when its own checks accept every in-bounds sub-block. */
    static NetlibBoundsShim forBinding(BLAS blas) {
        try {
            // a 1×1 block with lda 2 in a 1-element array: in bounds, refused by the 3.0.3 check only
            blas.sgemm("N", "N", 1, 1, 1, 1f, new float[1], 0, 2, new float[1], 0, 1, 0f, new float[1], 0, 1);
            return null;
        } catch (IndexOutOfBoundsException strict) {
            return of(blas);
        }
    }

    /** The shim for {@code blas} whatever its checks (tests use it on every binding). */
    static NetlibBoundsShim of(BLAS blas) {
        for (Class<?> c = blas.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Method m = c.getDeclaredMethod("sgemmK", String.class, String.class, int.class, int.class, int.class,
                        float.class, float[].class, int.class, int.class, float[].class, int.class, int.class,
                        float.class, float[].class, int.class, int.class);
                m.setAccessible(true);
                return new NetlibBoundsShim(m);
            } catch (NoSuchMethodException e) {
                // declared higher up
            }
        }
        throw new IllegalStateException("netlib " + blas.getClass().getName() + " refuses in-bounds GEMM sub-blocks "
                + "and has no sgemmK to call instead");
    }

    /** Column-major C = alpha·op(A)·op(B) + beta·C, as {@link BLAS#sgemm}, with correct bounds checks. */
    void sgemm(BLAS blas, String transa, String transb, int m, int n, int k, float alpha, float[] a, int offa,
            int lda, float[] b, int offb, int ldb, float beta, float[] c, int offc, int ldc) {
        boolean na = transa.equals("N");
        boolean nb = transb.equals("N");
        check(a, offa, lda, na ? m : k, na ? k : m, "A");
        check(b, offb, ldb, nb ? k : n, nb ? n : k, "B");
        check(c, offc, ldc, m, n, "C");
        try {
            kernel.invoke(blas, transa, transb, m, n, k, alpha, a, offa, lda, b, offb, ldb, beta, c, offc, ldc);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void check(float[] x, int off, int ld, int rows, int cols, String name) {
        if (rows == 0 || cols == 0) {
            return;
        }
        long last = off + (long) (cols - 1) * ld + rows - 1;
        if (off < 0 || ld < rows || last >= x.length) {
            throw new IndexOutOfBoundsException("sgemm " + name + ": " + rows + "×" + cols + " at " + off + " with ld "
                    + ld + " needs index " + last + " of " + x.length);
        }
    }
}
