package dev.atelier.inference.pipeline;

import dev.atelier.inference.model.RuntimeOptions;
import dev.atelier.inference.model.TextEncoder;
import dev.atelier.inference.model.UNet;
import dev.atelier.inference.model.VaeDecoder;
import dev.atelier.inference.model.VaeEncoder;
import dev.atelier.inference.scheduler.SchedulerConfig;
import dev.atelier.inference.tokenizer.ClipTokenizer;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Stable Diffusion model folder as diffusers' ONNX export lays it out, loaded once: the
 * tokenizer, the three or four ONNX models and the scheduler config. The pipelines borrow these
 * parts; the model closes them.
 *
 * @param vaeEncoder null when the folder has no {@code vae_encoder/} (text-to-image still works)
 */
public record DiffusionModel(ClipTokenizer tokenizer, TextEncoder textEncoder, UNet unet,
                             VaeDecoder vaeDecoder, VaeEncoder vaeEncoder,
                             SchedulerConfig schedulerConfig) implements AutoCloseable {

    public static DiffusionModel load(Path dir, RuntimeOptions options) {
        if (!Files.isRegularFile(dir.resolve("model_index.json"))) {
            throw new IllegalStateException(dir + " is not a diffusers model folder (no model_index.json)");
        }
        ClipTokenizer tokenizer = null;
        TextEncoder textEncoder = null;
        UNet unet = null;
        VaeDecoder vaeDecoder = null;
        try {
            tokenizer = ClipTokenizer.load(dir.resolve("tokenizer"));
            textEncoder = TextEncoder.load(dir.resolve("text_encoder"), options);
            unet = UNet.load(dir.resolve("unet"), options);
            vaeDecoder = VaeDecoder.load(dir.resolve("vae_decoder"), options);
            VaeEncoder vaeEncoder = Files.isDirectory(dir.resolve("vae_encoder"))
                    ? VaeEncoder.load(dir.resolve("vae_encoder"), options) : null;
            Path schedulerConfig = dir.resolve("scheduler").resolve("scheduler_config.json");
            SchedulerConfig config = Files.isRegularFile(schedulerConfig)
                    ? SchedulerConfig.read(schedulerConfig) : SchedulerConfig.STABLE_DIFFUSION_1_5;
            return new DiffusionModel(tokenizer, textEncoder, unet, vaeDecoder, vaeEncoder, config);
        } catch (RuntimeException e) {
            for (AutoCloseable part : new AutoCloseable[]{vaeDecoder, unet, textEncoder, tokenizer}) {
                closeQuietly(part, e);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        RuntimeException failure = new RuntimeException("closing the model failed");
        for (AutoCloseable part : new AutoCloseable[]{vaeEncoder, vaeDecoder, unet, textEncoder, tokenizer}) {
            closeQuietly(part, failure);
        }
        if (failure.getSuppressed().length > 0) throw failure;
    }

    private static void closeQuietly(AutoCloseable part, RuntimeException collector) {
        if (part == null) return;
        try {
            part.close();
        } catch (Exception e) {
            collector.addSuppressed(e);
        }
    }
}
