/**
 * Inference by XNOR and popcount: activations and weights packed 64 channels to a {@code long}
 * ({@link org.xnornet.infer.PackedActivations}, {@link org.xnornet.infer.PackedConvWeights}), and the binary
 * convolution and dense kernels on them ({@link org.xnornet.infer.BinaryConvKernel},
 * {@link org.xnornet.infer.BinaryDense}), whose integer results equal the training graph's float product of signs
 * exactly; {@link org.xnornet.infer.OutputStage} fuses scale, batch norm and activation after them, writing floats or
 * the next binary layer's packed signs; {@link org.xnornet.infer.PackedNetwork} runs a whole trained network
 * that way, a batch image by image on per-thread lanes ({@link org.xnornet.infer.ImageLanes}).
 * {@link org.xnornet.infer.PackedModel} is the shipped form (the {@code .xnb} file of
 * {@link org.xnornet.infer.PackedModelFile}: 1 bit per binary weight, folded stages, float32 real layers, the
 * preprocessing and classes), read back bit-equal; {@link org.xnornet.infer.ImageScorer} scores decoded images with
 * it. Imports {@code tensor}, {@code kernel}, {@code quant}, {@code nn}, {@code model}, {@code config} and
 * {@code data.image} (decoding and the evaluation transform); never Spark.
 */
package org.xnornet.infer;
