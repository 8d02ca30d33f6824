package dev.atelier.inference.tiny;

import ai.onnx.proto.OnnxMl.ModelProto;

import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes Atelier's tiny Stable Diffusion: a complete diffusers/Optimum-style ONNX folder
 * ({@code model_index.json}, {@code scheduler/}, {@code tokenizer/}, {@code text_encoder/},
 * {@code unet/}, {@code vae_decoder/}, {@code vae_encoder/}) with the real export's input and
 * output names but toy widths and fixed-seed random weights. No weights can be downloaded on our
 * machines, so tests and a fresh install run the production code on this; its pictures are
 * abstract colour fields that change with the prompt and the seed.
 */
public final class TinyModelGenerator {

    /** The marker a complete folder has; written last. */
    public static final String MODEL_INDEX = "model_index.json";
    private static final long SEED = 20240917L;
    /** The inpainting UNet's seed, away from the other components' SEED + 0..3. */
    private static final long INPAINT_SEED_OFFSET = 9;
    private static final long RESTORATION_SEED_OFFSET = 10;

    private TinyModelGenerator() {
    }

    /**
     * Writes the tiny model into {@code modelDir} unless it already holds a
     * {@code model_index.json}. The files go to a sibling temporary folder first, which is then
     * renamed into place, so a crash or a concurrent start never leaves a half-written model.
     */
    public static void writeIfMissing(Path modelDir) {
        writeIfMissing(modelDir, TinyModels.Export.DIFFUSERS, false);
    }

    /**
     * Writes the tiny <em>inpainting</em> model the same way: the folder of an SD 1.5 inpainting
     * export, whose UNet takes 9 input channels (latents, mask, masked-image latents). Its
     * weights come from other seeds than the text-to-image model's, as a real inpainting
     * checkpoint is another model.
     */
    public static void writeInpaintIfMissing(Path modelDir) {
        writeIfMissing(modelDir, TinyModels.Export.DIFFUSERS, true);
    }

    /**
     * Writes a tiny image-safety classifier ({@code model.onnx}) into {@code dir}, replacing one
     * there: a Hugging Face image-classification interface whose unsafe score follows the mean of
     * the red channel (a red picture scores near 1, one without red near 0); for tests and the
     * benchmark of the safety check.
     *
     * @param inputName {@code pixel_values} as the real export names it, or another name to test
     *                  a mismatch
     */
    public static void writeSafetyClassifier(Path dir, String inputName) {
        Path target = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(target);
            Path staging = Files.createTempFile(target, "model.onnx.tmp-", "");
            try {
                try (OutputStream out = Files.newOutputStream(staging)) {
                    TinyModels.safetyClassifier(inputName).writeTo(out);
                }
                Files.move(staging, target.resolve("model.onnx"), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tiny safety classifier to " + target, e);
        }
    }

    /**
     * Writes a tiny seam-restoration network ({@code model.onnx}, with the contract of
     * {@code RestorationModel}) into {@code dir} unless it is there; for tests of that path.
     */
    public static void writeRestorationIfMissing(Path dir) {
        Path target = dir.toAbsolutePath().normalize();
        Path file = target.resolve("model.onnx");
        if (Files.isRegularFile(file)) return;
        try {
            Files.createDirectories(target);
            Path staging = Files.createTempFile(target, "model.onnx.tmp-", "");
            try {
                try (OutputStream out = Files.newOutputStream(staging)) {
                    TinyModels.restoration(SEED + RESTORATION_SEED_OFFSET).writeTo(out);
                }
                Files.move(staging, file, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tiny restoration model to " + target, e);
        }
    }

    /** The same, with the inputs declared as another exporter would; for tests of the loaders. */
    static void writeIfMissing(Path modelDir, TinyModels.Export export) {
        writeIfMissing(modelDir, export, false);
    }

    private static void writeIfMissing(Path modelDir, TinyModels.Export export, boolean inpainting) {
        Path target = modelDir.toAbsolutePath().normalize();
        if (Files.isRegularFile(target.resolve(MODEL_INDEX))) return;
        try {
            Files.createDirectories(target.getParent());
            Path staging = Files.createTempDirectory(target.getParent(), target.getFileName() + ".tmp-");
            try {
                writeAll(staging, export, inpainting);
                moveIntoPlace(staging, target);
            } finally {
                deleteRecursively(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tiny model to " + target, e);
        }
    }

    private static void moveIntoPlace(Path staging, Path target) throws IOException {
        if (Files.isRegularFile(target.resolve(MODEL_INDEX))) return; // someone else finished first
        if (isEmptyDirectory(target)) Files.delete(target);
        if (!Files.exists(target)) {
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                return;
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                if (Files.isRegularFile(target.resolve(MODEL_INDEX))) return;
            }
        }
        // The folder exists with other things in it: move our entries in, the index last.
        try (Stream<Path> entries = Files.list(staging)) {
            for (Path entry : entries.filter(p -> !p.getFileName().toString().equals(MODEL_INDEX)).toList()) {
                Path destination = target.resolve(entry.getFileName().toString());
                deleteRecursively(destination);
                Files.move(entry, destination, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.move(staging.resolve(MODEL_INDEX), target.resolve(MODEL_INDEX), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeAll(Path dir, TinyModels.Export export, boolean inpainting) throws IOException {
        TinyVocabulary vocabulary = new TinyVocabulary();
        writeModel(dir.resolve("text_encoder"), TinyModels.textEncoder(vocabulary.size(), SEED, export));
        writeModel(dir.resolve("unet"), inpainting
                ? TinyModels.unet(SEED + INPAINT_SEED_OFFSET, export, TinyModels.INPAINT_CHANNELS)
                : TinyModels.unet(SEED + 1, export));
        writeModel(dir.resolve("vae_decoder"), TinyModels.vaeDecoder(SEED + 2, export));
        writeModel(dir.resolve("vae_encoder"), TinyModels.vaeEncoder(SEED + 3, export));
        writeTokenizer(dir.resolve("tokenizer"), vocabulary);
        writeSchedulerConfig(dir.resolve("scheduler"));
        Files.writeString(dir.resolve("README.txt"), README, StandardCharsets.UTF_8);
        writeJson(dir.resolve(MODEL_INDEX), g -> {
            g.name("_class_name").value(inpainting ? "OnnxStableDiffusionInpaintPipeline" : "OnnxStableDiffusionPipeline");
            g.name("_diffusers_version").value("0.30.0");
            g.name("_atelier_tiny").value(true);
            g.name("requires_safety_checker").value(false);
            pair(g, "feature_extractor", null, null);
            pair(g, "safety_checker", null, null);
            pair(g, "scheduler", "diffusers", "PNDMScheduler");
            pair(g, "text_encoder", "diffusers", "OnnxRuntimeModel");
            pair(g, "tokenizer", "transformers", "CLIPTokenizer");
            pair(g, "unet", "diffusers", "OnnxRuntimeModel");
            pair(g, "vae_decoder", "diffusers", "OnnxRuntimeModel");
            pair(g, "vae_encoder", "diffusers", "OnnxRuntimeModel");
        });
    }

    private static void writeModel(Path dir, ModelProto model) throws IOException {
        Files.createDirectories(dir);
        try (OutputStream out = Files.newOutputStream(dir.resolve("model.onnx"))) {
            model.writeTo(out);
        }
    }

    private static void writeTokenizer(Path dir, TinyVocabulary vocabulary) throws IOException {
        Files.createDirectories(dir);
        writeJson(dir.resolve("vocab.json"), g -> {
            for (var e : vocabulary.vocab.entrySet()) g.name(e.getKey()).value(e.getValue());
        });
        StringBuilder merges = new StringBuilder("#version: 0.2\n");
        for (String m : vocabulary.merges) merges.append(m).append('\n');
        Files.writeString(dir.resolve("merges.txt"), merges, StandardCharsets.UTF_8);
        writeJson(dir.resolve("special_tokens_map.json"), g -> {
            g.name("bos_token").value(TinyVocabulary.START);
            g.name("eos_token").value(TinyVocabulary.END);
            g.name("pad_token").value(TinyVocabulary.END);
            g.name("unk_token").value(TinyVocabulary.END);
        });
        writeJson(dir.resolve("tokenizer_config.json"), g -> {
            g.name("tokenizer_class").value("CLIPTokenizer");
            g.name("model_max_length").value(77);
            g.name("do_lower_case").value(true);
            g.name("bos_token").value(TinyVocabulary.START);
            g.name("eos_token").value(TinyVocabulary.END);
            g.name("pad_token").value(TinyVocabulary.END);
            g.name("unk_token").value(TinyVocabulary.END);
        });
    }

    /** Stable Diffusion 1.5's scheduler_config.json, value for value. */
    private static void writeSchedulerConfig(Path dir) throws IOException {
        Files.createDirectories(dir);
        writeJson(dir.resolve("scheduler_config.json"), g -> {
            g.name("_class_name").value("PNDMScheduler");
            g.name("_diffusers_version").value("0.6.0");
            g.name("beta_end").value(0.012);
            g.name("beta_schedule").value("scaled_linear");
            g.name("beta_start").value(0.00085);
            g.name("clip_sample").value(false);
            g.name("num_train_timesteps").value(1000);
            g.name("set_alpha_to_one").value(false);
            g.name("skip_prk_steps").value(true);
            g.name("steps_offset").value(1);
            g.name("trained_betas").nullValue();
        });
    }

    private interface JsonBody {
        void write(JsonWriter g) throws IOException;
    }

    private static void writeJson(Path file, JsonBody body) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             JsonWriter g = new JsonWriter(w)) {
            g.setIndent("  ");
            g.beginObject();
            body.write(g);
            g.endObject();
        }
    }

    private static void pair(JsonWriter g, String name, String library, String className) throws IOException {
        g.name(name).beginArray();
        if (library == null) g.nullValue(); else g.value(library);
        if (className == null) g.nullValue(); else g.value(className);
        g.endArray();
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) return;
        try (Stream<Path> walk = Files.walk(path)) {
            List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) Files.deleteIfExists(p);
        }
    }

    private static final String README = """
            Atelier tiny model
            ==================

            This folder was generated by Atelier (dev.atelier.inference.tiny.TinyModelGenerator).
            It is NOT a trained model: it has the layout and the ONNX input/output names of a
            diffusers/Optimum export of Stable Diffusion 1.5, but toy widths and random weights
            drawn from a fixed seed. It exists so that Atelier's real loading and pipeline code
            runs offline and in tests. Its images are abstract colour fields that change with the
            prompt and the seed.

            For real pictures, put an ONNX export of Stable Diffusion 1.5 in this place (for
            example made with diffusers' scripts/convert_stable_diffusion_checkpoint_to_onnx.py or
            `optimum-cli export onnx --model runwayml/stable-diffusion-v1-5`).

            Contents: model_index.json, scheduler/scheduler_config.json (SD 1.5's values),
            tokenizer/ (a small CLIP BPE vocabulary), text_encoder/, unet/, vae_decoder/ and
            vae_encoder/ (each a model.onnx).
            """;
}
