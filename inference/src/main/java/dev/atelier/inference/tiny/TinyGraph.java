package dev.atelier.inference.tiny;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Random;

/**
 * Writes one ONNX graph with the protobuf classes that ship in {@code tribuo-util-onnx}, the way
 * sd4j's test {@code ResizeModelGenerator} does: nodes, initializers and typed inputs and outputs.
 * Weights come from one seeded {@link Random}, so the same code always writes the same bytes.
 * The layer helpers ({@link #conv}, {@link #linear}, …) name the building blocks of the real
 * Stable Diffusion models, at toy sizes.
 */
final class TinyGraph {

    /** opset 17 has LayerNormalization; every ONNX Runtime from 1.14 on runs it. */
    static final int OPSET = 17;
    private static final long IR_VERSION = 8;
    static final int FLOAT = 1;
    static final int FLOAT16 = 10;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Random random;
    private int counter;

    TinyGraph(String name, long seed) {
        graph.setName(name);
        random = new Random(seed);
    }

    /** A graph input; a dimension is a Long (fixed) or a String (symbolic, like "batch"). */
    void input(String name, int elementType, Object... dims) {
        graph.addInput(valueInfo(name, elementType, dims));
    }

    void output(String name, int elementType, Object... dims) {
        graph.addOutput(valueInfo(name, elementType, dims));
    }

    /**
     * A float input as the graph inside sees it: declared float32, or float16 (as an fp16 export
     * declares it) and cast to float32 at the door, since the layers here compute in float32.
     */
    String floatInput(String name, boolean half, Object... dims) {
        input(name, half ? FLOAT16 : FLOAT, dims);
        return half ? op("Cast", Map.of("to", (long) FLOAT), name) : name;
    }

    /** Publishes {@code value} as the float output {@code name}, cast to float16 for an fp16 export. */
    void floatOutput(String name, String value, boolean half, Object... dims) {
        opTo(name, half ? "Cast" : "Identity", half ? Map.of("to", (long) FLOAT16) : Map.of(), value);
        output(name, half ? FLOAT16 : FLOAT, dims);
    }

    /** Normal weights with standard deviation {@code std}. */
    String weight(String name, double std, long... dims) {
        int n = 1;
        for (long d : dims) n *= (int) d;
        float[] values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (float) (random.nextGaussian() * std);
        return floats(name, values, dims);
    }

    String floats(String name, float[] values, long... dims) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) buffer.putFloat(v);
        buffer.flip();
        String unique = unique(name);
        TensorProto.Builder t = TensorProto.newBuilder().setName(unique)
                .setDataType(TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(buffer));
        for (long d : dims) t.addDims(d);
        graph.addInitializer(t);
        return unique;
    }

    String filled(String name, float value, long... dims) {
        int n = 1;
        for (long d : dims) n *= (int) d;
        float[] values = new float[n];
        java.util.Arrays.fill(values, value);
        return floats(name, values, dims);
    }

    /** A 1-D int64 constant, for shapes, axes and slice bounds. */
    String longs(String name, long... values) {
        String unique = unique(name);
        graph.addInitializer(TensorProto.newBuilder().setName(unique)
                .setDataType(TensorProto.DataType.INT64.getNumber())
                .addDims(values.length)
                .addAllInt64Data(java.util.Arrays.stream(values).boxed().toList()));
        return unique;
    }

    String scalar(String name, float value) {
        return floats(name, new float[]{value});
    }

    String op(String type, String... inputs) {
        return op(type, Map.of(), inputs);
    }

    /** One node; attributes are Long, Float, String, long[] or float[]. Returns its output's name. */
    String op(String type, Map<String, Object> attributes, String... inputs) {
        return opTo(unique(type.toLowerCase()), type, attributes, inputs);
    }

    String opTo(String output, String type, Map<String, Object> attributes, String... inputs) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(type).setName(unique("n_" + type));
        for (String in : inputs) node.addInput(in);
        node.addOutput(output);
        for (var e : attributes.entrySet()) node.addAttribute(attribute(e.getKey(), e.getValue()));
        graph.addNode(node);
        return output;
    }

    // ---- building blocks ----

    /** A square convolution with bias, "same" padding; He-scaled weights times {@code gain}. */
    String conv(String x, int in, int out, int kernel, int stride, double gain) {
        String w = weight("conv_w", gain * Math.sqrt(2.0 / (in * kernel * kernel)), out, in, kernel, kernel);
        String b = weight("conv_b", 0.02, out);
        int pad = kernel / 2;
        return op("Conv", Map.of("kernel_shape", new long[]{kernel, kernel},
                "strides", new long[]{stride, stride},
                "pads", new long[]{pad, pad, pad, pad}), x, w, b);
    }

    /** x·W + b over the last axis. */
    String linear(String x, int in, int out, double gain) {
        String w = weight("linear_w", gain / Math.sqrt(in), in, out);
        String b = weight("linear_b", 0.02, out);
        return op("Add", op("MatMul", x, w), b);
    }

    /** x·W without bias, as attention projections are. */
    String project(String x, int in, int out, double gain) {
        return op("MatMul", x, weight("proj_w", gain / Math.sqrt(in), in, out));
    }

    String silu(String x) {
        return op("Mul", x, op("Sigmoid", x));
    }

    String layerNorm(String x, int width) {
        return op("LayerNormalization", Map.of("axis", -1L, "epsilon", 1e-5f),
                x, filled("ln_g", 1f, width), filled("ln_b", 0f, width));
    }

    /** Per-channel normalisation over the image (GroupNorm with one channel per group). */
    String channelNorm(String x, int channels) {
        return op("InstanceNormalization", Map.of("epsilon", 1e-5f),
                x, filled("norm_g", 1f, channels), filled("norm_b", 0f, channels));
    }

    /** Scaled dot-product attention of queries [B,N,D] over keys and values [B,M,D]. */
    String attention(String q, String k, String v, int width, String mask) {
        String scores = op("Mul", op("MatMul", q, op("Transpose", Map.of("perm", new long[]{0, 2, 1}), k)),
                scalar("attn_scale", (float) (1 / Math.sqrt(width))));
        if (mask != null) scores = op("Add", scores, mask);
        return op("MatMul", op("Softmax", Map.of("axis", -1L), scores), v);
    }

    OnnxMl.ModelProto model() {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("atelier-tiny")
                .setDocString("Atelier's generated tiny model for tests; random fixed-seed weights.")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build();
    }

    private String unique(String base) {
        return base + "_" + counter++;
    }

    private static ValueInfoProto valueInfo(String name, int elementType, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            var dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) dim.setDimParam(s);
            else dim.setDimValue(((Number) d).longValue());
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(elementType).setShape(shape)))
                .build();
    }

    private static AttributeProto attribute(String name, Object value) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        switch (value) {
            case Long l -> a.setType(AttributeProto.AttributeType.INT).setI(l);
            case Integer i -> a.setType(AttributeProto.AttributeType.INT).setI(i);
            case Float f -> a.setType(AttributeProto.AttributeType.FLOAT).setF(f);
            case String s -> a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
            case long[] ls -> {
                a.setType(AttributeProto.AttributeType.INTS);
                for (long l : ls) a.addInts(l);
            }
            case float[] fs -> {
                a.setType(AttributeProto.AttributeType.FLOATS);
                for (float f : fs) a.addFloats(f);
            }
            default -> throw new IllegalArgumentException("attribute type " + value.getClass());
        }
        return a.build();
    }
}
