/**
 * Layers: each a thin wrapper over a stateless kernel, its parameters slices of one
 * {@link org.xnornet.tensor.ParameterVector}. {@link org.xnornet.nn.BinaryConv2d} takes quantizers and a
 * scaling as objects, so it is also its own float twin. Imports {@code tensor}, {@code kernel}, {@code quant}.
 */
package org.xnornet.nn;
