package dev.atelier.inference.model;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;

import java.io.IOException;
import java.io.UncheckedIOException;
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
        Path file = modelFile(componentDir);
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

    /** The float32 array named for the graph input, in the manager of this call. */
    static NDArray floats(NDManager manager, String name, float[] data, long... shape) {
        NDArray array = manager.create(data, new Shape(shape));
        array.setName(name);
        return array;
    }

    /** The output called {@code name}, else the first one: exports agree on order more than on names. */
    static NDArray output(NDList list, String... names) {
        for (String name : names) {
            NDArray array = list.get(name);
            if (array != null) return array;
        }
        return list.head();
    }

    static void requireFloat32(OnnxSignature signature, String input, Path dir) {
        signature.input(input).ifPresentOrElse(spec -> {
            if (spec.elementType() != OnnxSignature.FLOAT) {
                throw new IllegalStateException(dir + ": input " + input + " has ONNX type "
                        + spec.elementType() + "; only float32 exports are supported");
            }
        }, () -> {
            throw new IllegalStateException(dir + " has no input named " + input
                    + "; found " + signature.inputs().keySet());
        });
    }

    private static Path modelFile(Path componentDir) {
        Path file = componentDir.resolve("model.onnx");
        if (!Files.isRegularFile(file)) throw new IllegalStateException("missing " + file);
        return file;
    }
}
