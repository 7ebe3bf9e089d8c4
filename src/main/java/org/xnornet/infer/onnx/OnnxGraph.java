package org.xnornet.infer.onnx;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX graph under construction and its encoding as a ModelProto: nodes in topological order, float
 * initializers (raw little-endian data), one float input and one float output whose first dimension is the
 * symbolic batch size. Tensor names are made unique here.
 *
 * <p>Field numbers, from onnx/onnx.proto (proto2):
 * ModelProto: ir_version 1, producer_name 2, producer_version 3, doc_string 6, graph 7, opset_import 8.
 * OperatorSetIdProto: domain 1, version 2.
 * GraphProto: node 1, name 2, initializer 5, input 11, output 12.
 * NodeProto: input 1, output 2, name 3, op_type 4, attribute 5.
 * AttributeProto: name 1, f 2, i 3, ints 8, type 20 (AttributeType FLOAT 1, INT 2, INTS 7).
 * TensorProto: dims 1, data_type 2 (DataType FLOAT 1), name 8, raw_data 9.
 * ValueInfoProto: name 1, type 2. TypeProto: tensor_type 1. TypeProto.Tensor: elem_type 1, shape 2.
 * TensorShapeProto: dim 1. TensorShapeProto.Dimension: dim_value 1, dim_param 2.
 */
final class OnnxGraph {
    /** IR version 8 (2021-07-30) is the one that goes with the default opset 17 (ONNX 1.12). */
    static final long IR_VERSION = 8;
    static final long OPSET = 17;
    /** A dimension written as the symbolic batch size instead of a number. */
    static final long BATCH = -1;

    private static final int FLOAT = 1;

    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final Map<Integer, String> scalars = new HashMap<>();
    private ProtoWriter input;
    private ProtoWriter output;

    /** A node attribute: one int, one float or a list of ints. */
    record Attribute(String name, int type, long i, float f, long[] ints) {
        static Attribute integer(String name, long value) {
            return new Attribute(name, 2, value, 0f, null);
        }

        static Attribute real(String name, float value) {
            return new Attribute(name, 1, 0, value, null);
        }

        static Attribute ints(String name, long... values) {
            return new Attribute(name, 7, 0, 0f, values.clone());
        }

        ProtoWriter encode() {
            ProtoWriter w = new ProtoWriter().string(1, name).int64(20, type);
            switch (type) {
                case 1:
                    return w.float32(2, f);
                case 2:
                    return w.int64(3, i);
                default:
                    return w.int64s(8, ints);
            }
        }
    }

    /** {@code base}, or {@code base_2}, {@code base_3}… if taken. */
    String fresh(String base) {
        String name = base;
        for (int k = 2; !names.add(name); k++) {
            name = base + "_" + k;
        }
        return name;
    }

    /** Adds a float initializer of the given shape holding {@code values[offset ..]}; returns its name. */
    String constant(String base, float[] values, int offset, long... dims) {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        String name = fresh(base);
        initializers.add(new ProtoWriter().int64s(1, dims).int64(2, FLOAT).string(8, name)
                .floatBytes(9, values, offset, Math.toIntExact(count)));
        return name;
    }

    /** A rank-0 float initializer, one per distinct value. */
    String scalar(float value) {
        return scalars.computeIfAbsent(Float.floatToRawIntBits(value),
                bits -> constant("const_" + value, new float[] {value}, 0));
    }

    /** Adds a node with one output, named after {@code base}; returns the output's name. */
    String node(String opType, String base, List<String> inputs, Attribute... attributes) {
        String out = fresh(base);
        ProtoWriter n = new ProtoWriter();
        for (String in : inputs) {
            n.string(1, in);
        }
        n.string(2, out).string(3, out).string(4, opType);
        for (Attribute a : attributes) {
            n.message(5, a.encode());
        }
        nodes.add(n);
        return out;
    }

    void input(String name, long... dims) {
        names.add(name);
        input = valueInfo(name, dims);
    }

    void output(String name, long... dims) {
        output = valueInfo(name, dims);
    }

    private static ProtoWriter valueInfo(String name, long[] dims) {
        ProtoWriter shape = new ProtoWriter();
        for (long d : dims) {
            ProtoWriter dim = d == BATCH ? new ProtoWriter().string(2, "N") : new ProtoWriter().int64(1, d);
            shape.message(1, dim);
        }
        ProtoWriter tensor = new ProtoWriter().int64(1, FLOAT).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensor));
    }

    /** Writes the ModelProto: header fields, then the graph streamed from its buffer. */
    void writeModel(OutputStream out, String graphName, String doc) throws IOException {
        if (input == null || output == null) {
            throw new IllegalStateException("an ONNX graph needs its input and output declared");
        }
        ProtoWriter graph = new ProtoWriter();
        for (ProtoWriter n : nodes) {
            graph.message(1, n);
        }
        graph.string(2, graphName);
        for (ProtoWriter t : initializers) {
            graph.message(5, t);
        }
        graph.message(11, input).message(12, output);
        ProtoWriter model = new ProtoWriter().int64(1, IR_VERSION).string(2, "xnornet-spark").string(3, "0.1")
                .string(6, doc).message(8, new ProtoWriter().string(1, "").int64(2, OPSET));
        model.writeTo(out, 7, graph);
    }
}
