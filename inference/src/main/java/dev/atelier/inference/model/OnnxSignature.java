package dev.atelier.inference.model;

import ai.onnx.proto.OnnxMl;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The declared inputs and outputs of an ONNX model file: names, element types and dimensions.
 *
 * <p>DJL's ONNX Runtime engine tells input names but not their types, and exports differ there
 * (the text encoder takes int32 or int64 ids, the UNet's timestep is float or int64, of rank 0 or
 * 1). So this reads the graph's {@code input}/{@code output} entries straight from the protobuf,
 * skipping every other field, weights included, with {@code InputStream.skip}: a file seek, so a
 * 500 MB text encoder costs no more than a 1 MB graph.
 */
public record OnnxSignature(Map<String, TensorSpec> inputs, Map<String, TensorSpec> outputs) {

    /** ONNX {@code TensorProto.DataType} values we handle. */
    public static final int FLOAT = 1;
    public static final int INT32 = 6;
    public static final int INT64 = 7;
    public static final int FLOAT16 = 10;
    public static final int DOUBLE = 11;

    /** ModelProto.graph, GraphProto.input, GraphProto.output field numbers (onnx.proto). */
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;

    /** One declared tensor; a dimension is -1 when it is symbolic ("batch", "height"). */
    public record TensorSpec(String name, int elementType, long[] dims) {
        public int rank() {
            return dims.length;
        }
    }

    public Optional<TensorSpec> input(String name) {
        return Optional.ofNullable(inputs.get(name));
    }

    public Optional<TensorSpec> output(String name) {
        return Optional.ofNullable(outputs.get(name));
    }

    public static OnnxSignature read(Path onnxFile) {
        Map<String, TensorSpec> inputs = new LinkedHashMap<>();
        Map<String, TensorSpec> outputs = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(onnxFile)) {
            CodedInputStream model = CodedInputStream.newInstance(in, 1 << 16);
            model.setSizeLimit(Integer.MAX_VALUE);
            while (true) {
                int tag = model.readTag();
                if (tag == 0) break;
                if (WireFormat.getTagFieldNumber(tag) != MODEL_GRAPH
                        || WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    model.skipField(tag);
                    continue;
                }
                int limit = model.pushLimit(model.readRawVarint32());
                while (!model.isAtEnd()) {
                    int graphTag = model.readTag();
                    int field = WireFormat.getTagFieldNumber(graphTag);
                    if (field == GRAPH_INPUT || field == GRAPH_OUTPUT) {
                        TensorSpec spec = spec(OnnxMl.ValueInfoProto.parseFrom(model.readBytes()));
                        (field == GRAPH_INPUT ? inputs : outputs).put(spec.name(), spec);
                    } else {
                        model.skipField(graphTag);
                    }
                }
                model.popLimit(limit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ONNX graph of " + onnxFile, e);
        }
        return new OnnxSignature(inputs, outputs);
    }

    private static TensorSpec spec(OnnxMl.ValueInfoProto info) {
        OnnxMl.TypeProto.Tensor tensor = info.getType().getTensorType();
        long[] dims = new long[tensor.getShape().getDimCount()];
        for (int i = 0; i < dims.length; i++) {
            var dim = tensor.getShape().getDim(i);
            dims[i] = dim.hasDimValue() ? dim.getDimValue() : -1;
        }
        return new TensorSpec(info.getName(), tensor.getElemType(), dims);
    }
}
