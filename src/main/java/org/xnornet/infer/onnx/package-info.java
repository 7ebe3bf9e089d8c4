/**
 * ONNX export: {@link org.xnornet.infer.onnx.OnnxExporter} writes a {@link org.xnornet.model.Network}'s
 * evaluation graph as an ONNX model of standard operators that ONNX Runtime runs, binary layers as float
 * convolutions on ±1 values; a minimal protocol-buffers writer of our own encodes it (no protobuf library).
 * Imports {@code tensor}, {@code kernel}, {@code quant}, {@code nn}, {@code model}; nothing of Spark.
 */
package org.xnornet.infer.onnx;
