package dev.atelier.inference.model;

import ai.onnx.proto.OnnxMl;

import com.google.protobuf.ByteString;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class OnnxSignatureTest {

    private static OnnxMl.ValueInfoProto tensor(String name, int type, Object... dims) {
        var shape = OnnxMl.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            var dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) dim.setDimParam(s); else dim.setDimValue((Long) d);
            shape.addDim(dim);
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type).setShape(shape))).build();
    }

    @Test
    void readsDeclaredInputsAndOutputsPastLargeWeights(@TempDir Path dir) throws Exception {
        // GIVEN a model whose 96 MB initializer precedes the input declarations, as in a real export
        byte[] weights = new byte[96 << 20];
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder().setIrVersion(8)
                .setGraph(OnnxMl.GraphProto.newBuilder().setName("g")
                        .addInitializer(OnnxMl.TensorProto.newBuilder().setName("w").setDataType(1)
                                .addDims(weights.length / 4).setRawData(ByteString.copyFrom(weights)))
                        .addInput(tensor("timestep", OnnxSignature.INT64, "batch"))
                        .addInput(tensor("sample", OnnxSignature.FLOAT, "batch", 4L, "height", "width"))
                        .addOutput(tensor("out_sample", OnnxSignature.FLOAT, "batch", 4L, "height", "width")))
                .build();
        Path file = dir.resolve("model.onnx");
        try (OutputStream out = Files.newOutputStream(file)) {
            model.writeTo(out);
        }
        // WHEN its signature is read
        long start = System.nanoTime();
        OnnxSignature signature = OnnxSignature.read(file);
        long millis = (System.nanoTime() - start) / 1_000_000;
        // THEN the declarations come back, and the weights were skipped, not parsed
        assertThat(signature.inputs()).containsOnlyKeys("timestep", "sample");
        assertThat(signature.inputs().get("timestep").elementType()).isEqualTo(OnnxSignature.INT64);
        assertThat(signature.inputs().get("timestep").dims()).containsExactly(-1);
        assertThat(signature.inputs().get("sample").dims()).containsExactly(-1, 4, -1, -1);
        assertThat(signature.output("out_sample")).isPresent();
        assertThat(millis).isLessThan(1_000);
    }
}
