/**
 * Stateless numeric kernels on {@code float[]} with offsets: GEMM (native BLAS through netlib or our
 * blocked Java kernel), im2col and Winograd F(4×4, 3×3) convolution, pooling, batch normalisation, XNOR-popcount
 * GEMM, and the one shared thread pool. Imports only {@code org.xnornet.tensor} and the BLAS binding.
 */
package org.xnornet.kernel;
