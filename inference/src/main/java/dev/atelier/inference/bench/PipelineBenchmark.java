package dev.atelier.inference.bench;

import dev.atelier.core.image.GenerationSettings;
import dev.atelier.core.image.ImageGenerator;
import dev.atelier.core.image.ImageRequest;
import dev.atelier.inference.model.FloatTensor;
import dev.atelier.inference.model.DeviceChoice;
import dev.atelier.inference.model.TextEmbedding;
import dev.atelier.inference.model.UNet;
import dev.atelier.inference.pipeline.DiffusionModel;
import dev.atelier.inference.pipeline.TextToImagePipeline;
import dev.atelier.inference.scheduler.SchedulerKind;
import dev.atelier.inference.tiny.TinyModelGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code ./atelier bench pipeline}: where the time of one generation goes, printed as figures
 * (not a test: timings depend on the machine). For each size it times the text encoder (prompt
 * and negative prompt, batch 2), one UNet step at batch 1 and at batch 2 (the guidance batch),
 * the VAE decoder, a whole text-to-image generation, and reads the peak resident memory so far
 * (VmHWM of /proc/self/status, which counts ONNX Runtime's native memory too). A last table
 * times the text encoder and a guided UNet step for a long prompt, whose chunks lengthen the
 * cross-attention sequence.
 *
 * <p>Each figure is the median of {@code --repeats} runs after one warm-up run, since the first
 * run of an ONNX session pays for its memory arena and kernel selection.
 */
public final class PipelineBenchmark {

    private static final String PROMPT = "a photo of a cat in the city at night, a painting";
    private static final String NEGATIVE = "blurry";
    /** Two chunks of CLIP tokens: what a prompt model's detailed prompt often costs (see ClipTokenizer). */
    private static final String LONG_PROMPT = (PROMPT + ", ").repeat(8).strip();
    private static final double GUIDANCE = 7.5;
    private static final long SEED = 42;

    /** What to run: the model folder (null for the generated tiny model) and how much of it. */
    record Options(Path model, List<Integer> sizes, int steps, int repeats, int threads, String device) {

        Options(Path model, List<Integer> sizes, int steps, int repeats, int threads) {
            this(model, sizes, steps, repeats, threads, "cpu");
        }

        static Options parse(String... args) {
            Path model = null;
            List<Integer> sizes = List.of(256, 512);
            int steps = 20;
            int repeats = 5;
            int threads = Runtime.getRuntime().availableProcessors();
            String device = "cpu";
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "pipeline" -> { continue; }
                    case "--model" -> model = Path.of(required(args[i], value));
                    case "--sizes" -> sizes = Arrays.stream(required(args[i], value).split(","))
                            .map(String::strip).map(Integer::parseInt).toList();
                    case "--steps" -> steps = Integer.parseInt(required(args[i], value));
                    case "--repeats" -> repeats = Integer.parseInt(required(args[i], value));
                    case "--threads" -> threads = Integer.parseInt(required(args[i], value));
                    case "--device" -> device = required(args[i], value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
                }
                i++;
            }
            for (int size : sizes) {
                if (size < 64 || size % 8 != 0) throw new IllegalArgumentException("sizes must be multiples of 8 from 64");
            }
            if (steps < 1 || repeats < 1 || threads < 1) {
                throw new IllegalArgumentException("--steps, --repeats and --threads must be at least 1");
            }
            return new Options(model, sizes, steps, repeats, threads, device);
        }

        private static String required(String option, String value) {
            if (value == null) throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
            return value;
        }
    }

    static final String USAGE = """
            usage: ./atelier bench pipeline [--model DIR] [--sizes 256,512] [--steps 20] [--repeats 5] [--threads N]
                                          [--device cpu|cuda|auto]
              --model DIR   a diffusers ONNX export (Stable Diffusion 1.5 layout); default: the generated tiny model
              --sizes       square image sides to time, multiples of 8
              --steps       denoising steps of the whole-generation run
              --repeats     timed runs per figure (the median is printed), after one warm-up run
              --threads     ONNX Runtime intra-op threads (default: every core)
              --device      where to run, as ATELIER_DEVICE (default: cpu)""";

    /** The figures for one size, in milliseconds. */
    record Figures(int size, double textEncoding, double unetBatch1, double unetBatch2, double vaeDecode,
                   double generation, long peakResidentKib, double longTextEncoding, double longUnetBatch2) {
    }

    private PipelineBenchmark() {
    }

    public static void main(String[] args) {
        // DJL's tokenizer otherwise reports its use over the network; Atelier works offline.
        if (System.getProperty("OPT_OUT_TRACKING") == null) System.setProperty("OPT_OUT_TRACKING", "true");
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path tinyDir = null;
        try {
            Path dir = options.model();
            if (dir == null) {
                tinyDir = Files.createTempDirectory("atelier-bench-tiny");
                TinyModelGenerator.writeIfMissing(tinyDir);
                dir = tinyDir;
            }
            DeviceChoice device = DeviceChoice.resolve(options.device(), options.threads());
            System.out.println(header(options, dir));
            System.out.println(device.reason());
            long loadStart = System.nanoTime();
            try (DiffusionModel model = DiffusionModel.load(dir, device.options())) {
                System.out.printf(Locale.ROOT, "model load: %.0f ms%n%n", millis(System.nanoTime() - loadStart));
                System.out.println(tableHeader(options.steps()));
                List<Figures> all = new ArrayList<>();
                for (int size : options.sizes()) {
                    all.add(measure(model, size, options));
                    System.out.println(row(all.getLast()));
                }
                int tokens = model.tokenizer().countTokens(LONG_PROMPT);
                System.out.printf(Locale.ROOT, "%nlong prompt (%d tokens, %d chunks of 77):%n", tokens,
                        model.tokenizer().encode(LONG_PROMPT).length / 77);
                for (Figures f : all) {
                    System.out.printf(Locale.ROOT, "%-9s text encode %.1f ms, UNet b2/step %.1f ms%n",
                            f.size() + "x" + f.size(), f.longTextEncoding(), f.longUnetBatch2());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // A folder that is not a model, or a model the pipeline refuses: say so, no stack trace.
            System.err.println("atelier bench: " + e.getMessage());
            System.exit(1);
        } finally {
            if (tinyDir != null) delete(tinyDir);
        }
    }

    static Figures measure(DiffusionModel model, int size, Options options) {
        int repeats = options.repeats();
        int latent = size / 8;
        int[] cond = model.tokenizer().encode(PROMPT);
        int[] uncond = model.tokenizer().encode(NEGATIVE);
        double text = median(repeats, () -> model.textEncoder().encode(new int[][]{uncond, cond}));
        TextEmbedding one = model.textEncoder().encode(new int[][]{cond});
        TextEmbedding two = model.textEncoder().encode(new int[][]{uncond, cond});
        float[] latents = new float[4 * latent * latent];
        Arrays.fill(latents, 0.1f);
        float[] doubled = new float[2 * latents.length];
        Arrays.fill(doubled, 0.1f);
        double unet1 = median(repeats, () -> model.unet().predictNoise(
                new UNet.Input(new FloatTensor(latents, 1, 4, latent, latent), 951, one)));
        double unet2 = median(repeats, () -> model.unet().predictNoise(
                new UNet.Input(new FloatTensor(doubled, 2, 4, latent, latent), 951, two)));
        double vae = median(repeats, () -> model.vaeDecoder().decode(new FloatTensor(latents, 1, 4, latent, latent)));
        TextToImagePipeline pipeline = new TextToImagePipeline(model, SchedulerKind.EULER);
        ImageRequest request = ImageRequest.generate(PROMPT,
                new GenerationSettings(size, size, options.steps(), GUIDANCE, SEED, NEGATIVE, 0.75));
        double generation = median(repeats,
                () -> pipeline.run(request, ImageGenerator.Progress.NONE, ImageGenerator.Cancellation.NEVER));
        // A long prompt: more chunks to encode, and a longer sequence for every cross-attention.
        int[] longCond = model.tokenizer().encode(LONG_PROMPT);
        double longText = median(repeats, () -> model.textEncoder().encode(new int[][]{uncond, longCond}));
        TextEmbedding longTwo = model.textEncoder().encode(new int[][]{uncond, longCond});
        double longUnet2 = median(repeats, () -> model.unet().predictNoise(
                new UNet.Input(new FloatTensor(doubled, 2, 4, latent, latent), 951, longTwo)));
        return new Figures(size, text, unet1, unet2, vae, generation, peakResidentKib(), longText, longUnet2);
    }

    /** The median wall time of {@code repeats} calls, in ms, after one untimed warm-up call. */
    static double median(int repeats, Supplier<?> call) {
        call.get();
        double[] times = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            call.get();
            times[i] = millis(System.nanoTime() - start);
        }
        Arrays.sort(times);
        return repeats % 2 == 1 ? times[repeats / 2] : (times[repeats / 2 - 1] + times[repeats / 2]) / 2;
    }

    /** VmHWM: the most resident memory this process has held, in KiB; -1 where /proc is absent. */
    static long peakResidentKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static String header(Options o, Path dir) {
        return String.format(Locale.ROOT, """
                Atelier pipeline benchmark
                model:   %s
                threads: %d ONNX Runtime intra-op threads, %d cores, Java %s
                runs:    median of %d after one warm-up; generation = %d Euler steps, guidance %.1f (UNet batch 2)""",
                o.model() == null ? "tiny (generated, SD 1.5 layout)" : dir.toAbsolutePath(), o.threads(),
                Runtime.getRuntime().availableProcessors(), Runtime.version(), o.repeats(), o.steps(), GUIDANCE);
    }

    private static String tableHeader(int steps) {
        return String.format(Locale.ROOT, "%-9s %12s %14s %14s %12s %16s %12s%n%s", "size", "text encode",
                "UNet b1/step", "UNet b2/step", "VAE decode", "generation (" + steps + ")", "peak RSS",
                "-".repeat(95));
    }

    static String row(Figures f) {
        String peak = f.peakResidentKib() < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", f.peakResidentKib() / 1024.0);
        return String.format(Locale.ROOT, "%-9s %9.1f ms %11.1f ms %11.1f ms %9.1f ms %13.1f ms %12s",
                f.size() + "x" + f.size(), f.textEncoding(), f.unetBatch1(), f.unetBatch2(), f.vaeDecode(),
                f.generation(), peak);
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = new ArrayList<>(walk.toList());
            paths.sort(Comparator.reverseOrder());
            for (Path p : paths) Files.deleteIfExists(p);
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e.getMessage());
        }
    }
}
