package dev.atelier.inference.model;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One ONNX model of a diffusers folder ({@code unet/model.onnx}, …) loaded through DJL's
 * {@link Criteria}, with its {@link Predictor} and its declared {@link OnnxSignature}. The four
 * model classes each hold one; this keeps the loading rules in one place.
 */
final class OnnxComponent<I, O> implements AutoCloseable {

    private final ZooModel<I, O> model;
    private final Predictor<I, O> predictor;
    private final OnnxSignature signature;
    private final Path file;

    private OnnxComponent(ZooModel<I, O> model, OnnxSignature signature, Path file) {
        this.model = model;
        this.predictor = model.newPredictor();
        this.signature = signature;
        this.file = file;
    }

    static OnnxSignature signatureOf(Path componentDir) {
        return OnnxSignature.read(modelFile(componentDir));
    }

    static <I, O> OnnxComponent<I, O> load(Path componentDir, Class<I> in, Class<O> out,
                                           Translator<I, O> translator, OnnxSignature signature,
                                           RuntimeOptions options) {
        return loadFile(modelFile(componentDir), in, out, translator, signature, options);
    }

    /** The same for a model file named anything, as a stand-alone model (a classifier) may be. */
    static <I, O> OnnxComponent<I, O> loadFile(Path file, Class<I> in, Class<O> out,
                                               Translator<I, O> translator, OnnxSignature signature,
                                               RuntimeOptions options) {
        // DJL otherwise reports engine use over the network; Atelier works offline.
        if (System.getProperty("OPT_OUT_TRACKING") == null) System.setProperty("OPT_OUT_TRACKING", "true");
        Criteria<I, O> criteria = Criteria.builder()
                .setTypes(in, out)
                .optModelPath(file)
                .optEngine("OnnxRuntime")
                .optTranslator(translator)
                // The graphs are chains with no parallel branches worth a second inter-op thread;
                // a fixed intra-op count splits every operator the same way on every run.
                .optOption("interOpNumThreads", "1")
                .optOption("intraOpNumThreads", Integer.toString(options.intraOpThreads()))
                .optOption("executionMode", "SEQUENTIAL")
                .build();
        try {
            return new OnnxComponent<>(criteria.loadModel(), signature, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (ModelNotFoundException | MalformedModelException e) {
            throw new IllegalStateException("cannot load " + file + ": " + e.getMessage(), e);
        }
    }

    O predict(I input) {
        try {
            return predictor.predict(input);
        } catch (TranslateException e) {
            throw new IllegalStateException("running " + file + " failed: " + e.getMessage(), e);
        }
    }

    OnnxSignature signature() {
        return signature;
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }

    /**
     * The array for a float graph input, in the manager of this call: float32, or float16 when
     * the export declares it so (an fp16 export); the pipeline's own arithmetic stays float32.
     */
    static NDArray floats(NDManager manager, String name, int elementType, float[] data, long... shape) {
        NDArray array;
        if (elementType == OnnxSignature.FLOAT16) {
            ByteBuffer half = ByteBuffer.allocateDirect(data.length * 2).order(ByteOrder.nativeOrder());
            for (float v : data) half.putShort(Float.floatToFloat16(v));
            half.flip();
            array = manager.create(half, new Shape(shape), DataType.FLOAT16);
        } else {
            array = manager.create(data, new Shape(shape));
        }
        array.setName(name);
        return array;
    }

    /** A float output's values as float32, whatever float width the export gave it. */
    /** An image-shaped output [batch, channels, height, width] as float32, whatever the export stored. */
    static FloatTensor toImageTensor(NDArray array) {
        long[] s = array.getShape().getShape();
        return new FloatTensor(toFloats(array), (int) s[0], (int) s[1], (int) s[2], (int) s[3]);
    }

    static float[] toFloats(NDArray array) {
        if (array.getDataType() == DataType.FLOAT32) return array.toFloatArray();
        if (array.getDataType() == DataType.FLOAT16) {
            ByteBuffer bytes = array.toByteBuffer().order(ByteOrder.nativeOrder());
            float[] out = new float[Math.toIntExact(array.size())];
            for (int i = 0; i < out.length; i++) out[i] = Float.float16ToFloat(bytes.getShort(2 * i));
            return out;
        }
        if (array.getDataType() == DataType.FLOAT64) {
            double[] d = array.toDoubleArray();
            float[] out = new float[d.length];
            for (int i = 0; i < d.length; i++) out[i] = (float) d[i];
            return out;
        }
        throw new IllegalStateException("output " + array.getName() + " is " + array.getDataType() + ", not a float");
    }

    /** The output called {@code name}, else the first one: exports agree on order more than on names. */
    static NDArray output(NDList list, String... names) {
        for (String name : names) {
            NDArray array = list.get(name);
            if (array != null) return array;
        }
        return list.head();
    }

    /** The declared type of a float input: float32 or float16; anything else cannot be ours. */
    static int floatInputType(OnnxSignature signature, String input, Path dir) {
        var spec = signature.input(input).orElseThrow(() -> new IllegalStateException(
                dir + " has no input named " + input + "; found " + signature.inputs().keySet()));
        if (spec.elementType() != OnnxSignature.FLOAT && spec.elementType() != OnnxSignature.FLOAT16) {
            throw new IllegalStateException(dir + ": input " + input + " has ONNX type "
                    + spec.elementType() + "; float32 or float16 was expected");
        }
        return spec.elementType();
    }

    private static Path modelFile(Path componentDir) {
        Path file = componentDir.resolve("model.onnx");
        if (!Files.isRegularFile(file)) throw new IllegalStateException("missing " + file);
        return file;
    }
}
