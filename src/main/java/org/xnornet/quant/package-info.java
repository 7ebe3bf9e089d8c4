/**
 * Binarisation: {@link org.xnornet.quant.Quantizer}s (sign with STE, ApproxSign, identity) and
 * {@link org.xnornet.quant.Scaling}s of a binary convolution's output (learned Γ cases 1–4, XNOR-Net's
 * analytic K·α, none). Imports {@code tensor} and {@code kernel} only.
 */
package org.xnornet.quant;
