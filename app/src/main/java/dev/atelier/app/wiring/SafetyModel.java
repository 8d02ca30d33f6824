package dev.atelier.app.wiring;

import dev.atelier.app.config.AtelierConfig;
import dev.atelier.app.config.SafetyConfig;
import dev.atelier.app.config.WorkerConfig;
import dev.atelier.core.rules.safety.ImageSafety;
import dev.atelier.inference.model.SafetyClassifier;
import dev.atelier.inference.safety.OnnxImageSafety;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The image-safety classifier when there is one: {@code ATELIER_SAFETY_MODEL}, else
 * {@code <MODEL_DIR>/safety/model.onnx} when that file exists. Loaded and checked when the worker's
 * beans are made, at start, so a model that does not fit stops Atelier with the reason; never
 * loaded in the {@code bot} role, which generates nothing.
 */
public final class SafetyModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SafetyModel.class);

    private final OnnxImageSafety safety;

    SafetyModel(AtelierConfig config, SafetyConfig safety, WorkerConfig worker) {
        Path model = locate(config, safety);
        if (model == null || !config.runsWorker()) {
            LOG.info("image safety check: off{}", config.runsWorker()
                    ? " (set ATELIER_SAFETY_MODEL, or put safety/model.onnx in MODEL_DIR)" : " in the bot role");
            this.safety = null;
            return;
        }
        float[] mean = floats(safety.mean());
        float[] std = floats(safety.std());
        int threads = worker.threads() > 0 ? worker.threads() : Runtime.getRuntime().availableProcessors();
        this.safety = OnnxImageSafety.load(model, new OnnxImageSafety.Preprocessing(
                new SafetyClassifier.Spec(safety.input(), safety.size(), safety.unsafeIndex()), mean, std), threads);
        LOG.info("image safety check: {} (unsafe class {}, {} at a score of {} or more)", model, safety.unsafeIndex(),
                safety.action(), safety.threshold());
    }

    public Optional<ImageSafety> safety() {
        return Optional.ofNullable(safety);
    }

    @Override
    public void close() {
        if (safety != null) safety.close();
    }

    private static Path locate(AtelierConfig config, SafetyConfig safety) {
        if (safety.model() != null && !safety.model().isBlank()) {
            Path configured = Path.of(safety.model().strip()).toAbsolutePath();
            if (!Files.exists(configured)) {
                throw new IllegalStateException("ATELIER_SAFETY_MODEL " + configured + " does not exist");
            }
            return configured;
        }
        if (config.modelDir() == null || config.modelDir().isBlank()) return null;
        Path inModelDir = Path.of(config.modelDir()).toAbsolutePath().resolve("safety").resolve("model.onnx");
        return Files.isRegularFile(inModelDir) ? inModelDir : null;
    }

    private static float[] floats(java.util.List<Double> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) out[i] = values.get(i).floatValue();
        return out;
    }
}
