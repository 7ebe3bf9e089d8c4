/**
 * Model definitions: {@link org.xnornet.model.ModelSpec} and the builders of binary ResNet-18, AlexNet and
 * the small residual nets, each also as its full-precision twin. Imports {@code nn}, {@code quant},
 * {@code tensor}.
 */
package org.xnornet.model;
