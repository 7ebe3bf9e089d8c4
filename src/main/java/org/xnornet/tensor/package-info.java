/**
 * Data containers: {@link org.xnornet.tensor.Tensor} (float32, NCHW) and {@link org.xnornet.tensor.BitTensor}
 * (±1 packed 64 per long). Imports nothing of the project.
 */
package org.xnornet.tensor;
