package dev.atelier.inference;

import dev.atelier.core.image.GeneratedImage;
import dev.atelier.core.image.ImageGenerator;
import dev.atelier.core.image.ImageRequest;
import dev.atelier.inference.model.OnnxSignature;
import dev.atelier.inference.model.RestorationModel;
import dev.atelier.inference.model.RuntimeOptions;
import dev.atelier.inference.pipeline.ImageToImagePipeline;
import dev.atelier.inference.pipeline.InpaintPipeline;
import dev.atelier.inference.pipeline.OutpaintPipeline;
import dev.atelier.inference.pipeline.TextToImagePipeline;
import dev.atelier.inference.scheduler.SchedulerKind;

import dev.atelier.inference.store.ModelStore;
import dev.atelier.inference.store.ModelStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The {@link ImageGenerator} port on local Stable Diffusion ONNX folders (diffusers/Optimum
 * layout), run by DJL on ONNX Runtime. Each request picks its model by task: the text-to-image
 * model, or for inpainting and outpainting the inpainting model (9-channel UNet) when one is
 * configured, else the text-to-image model by latent blending (see {@link InpaintPipeline}). A
 * request may instead name a model installed under the models folder ({@code model} of its
 * settings). Each folder is loaded once, the configured ones at start and named ones at their
 * first job, and shared by all jobs ({@link LoadedModels}).
 *
 * <p>Requests run one at a time: a CPU already uses all its intra-op threads on one job, and the
 * pipelines share the loaded models. Batching concurrent requests is for a later GPU worker.
 */
public final class OnnxImageGenerator implements ImageGenerator, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxImageGenerator.class);

    /**
     * Where the models are and how to run them.
     *
     * @param modelDir        the text-to-image model: every task's model unless the request names one
     * @param inpaintModelDir an SD 1.5 inpainting export (its UNet takes 9 channels) for inpainting
     *                        and outpainting; null to inpaint with {@code modelDir} by latent blending
     * @param modelsRoot      the folder of installed models ({@code <data>/models}) a request may
     *                        name one of; null when requests cannot name models
     * @param restorationDir  a seam-restoration network ({@link RestorationModel}) used after in- and
     *                        outpainting instead of the built-in harmonisation; null for none
     * @param scheduler       the sampler for every job; null for each folder's own (or Euler)
     * @param maxLoadedModels how many model folders may be loaded at once, the configured ones
     *                        included; past it a named model used longest ago is unloaded
     */
    public record Setup(Path modelDir, Path inpaintModelDir, Path modelsRoot, Path restorationDir,
                        RuntimeOptions runtime, SchedulerKind scheduler, int maxLoadedModels) {

        /** Any number of loaded models. */
        public Setup(Path modelDir, Path inpaintModelDir, Path modelsRoot, Path restorationDir,
                     RuntimeOptions runtime, SchedulerKind scheduler) {
            this(modelDir, inpaintModelDir, modelsRoot, restorationDir, runtime, scheduler, Integer.MAX_VALUE);
        }
    }

    private final Setup setup;
    private final RestorationModel restoration;
    private final LoadedModels models;
    private final ReentrantLock lock = new ReentrantLock(true);
    private volatile boolean open = true;

    /** Uses the scheduler the folder's config names when we have it, else Euler; no inpainting model. */
    public OnnxImageGenerator(Path modelDir, int intraOpThreads) {
        this(modelDir, null, intraOpThreads, null);
    }

    /** @param scheduler the sampler for every job; null for the folder's own (or Euler) */
    public OnnxImageGenerator(Path modelDir, int intraOpThreads, SchedulerKind scheduler) {
        this(modelDir, null, intraOpThreads, scheduler);
    }

    /** See {@link Setup}. */
    public OnnxImageGenerator(Path modelDir, Path inpaintModelDir, int intraOpThreads, SchedulerKind scheduler) {
        this(modelDir, inpaintModelDir, null, intraOpThreads, scheduler);
    }

    /** See {@link Setup}. */
    public OnnxImageGenerator(Path modelDir, Path inpaintModelDir, Path restorationDir, int intraOpThreads,
                              SchedulerKind scheduler) {
        this(new Setup(modelDir, inpaintModelDir, null, restorationDir, new RuntimeOptions(intraOpThreads), scheduler));
    }

    /** Loads the configured models now, so that a bad folder stops the start with its reason. */
    public OnnxImageGenerator(Setup setup) {
        if (setup.inpaintModelDir() != null) checkInpaintingUnet(setup.inpaintModelDir());
        this.setup = setup;
        this.restoration = setup.restorationDir() == null ? null : RestorationModel.load(setup.restorationDir(), setup.runtime());
        int configured = setup.inpaintModelDir() == null ? 1 : 2;
        this.models = new LoadedModels(setup.runtime(), setup.scheduler(), restoration,
                Math.max(configured + 1, setup.maxLoadedModels()));
        try {
            models.pin(setup.modelDir());
            if (setup.inpaintModelDir() != null) models.pin(setup.inpaintModelDir());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public GeneratedImage generate(ImageRequest request, Progress progress, Cancellation cancellation) {
        Progress p = progress == null ? Progress.NONE : progress;
        Cancellation c = cancellation == null ? Cancellation.NEVER : cancellation;
        lock.lock();
        try {
            if (!open) throw new IllegalStateException("the image generator is closed");
            boolean hasSource = request.sourceImage() != null;
            // The model is picked (and loaded, on its first job) before the clock starts: a job's
            // GPU time is the pipeline's, not its wait for the lock or a model load.
            Supplier<GeneratedImage> run = switch (request.task()) {
                case GENERATE -> {
                    TextToImagePipeline t = textToImage(request);
                    yield () -> t.run(request, p, c);
                }
                case SIMILAR -> {
                    if (hasSource) {
                        ImageToImagePipeline i = imageToImage(request);
                        yield () -> i.run(request, p, c);
                    }
                    TextToImagePipeline t = textToImage(request);
                    yield () -> t.run(request, p, c);
                }
                case EDIT -> {
                    if (!hasSource) throw new IllegalArgumentException("an edit needs a source image");
                    ImageToImagePipeline i = imageToImage(request);
                    yield () -> i.run(request, p, c);
                }
                case INPAINT -> {
                    InpaintPipeline i = inpainting(request).inpaint();
                    yield () -> i.run(request, p, c);
                }
                case OUTPAINT -> {
                    OutpaintPipeline o = inpainting(request).outpaint();
                    yield () -> o.run(request, p, c);
                }
            };
            long started = System.nanoTime();
            GeneratedImage image = run.get();
            return image.withGenerationMillis(Math.max(1, (System.nanoTime() - started) / 1_000_000));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean ready() {
        return open;
    }

    /** Where the models run: {@code cpu} or {@code cuda:N}. */
    public String device() {
        return setup.runtime().deviceLabel();
    }

    /** The names of the model folders loaded so far: the configured ones, then those jobs named. */
    public List<String> loadedModels() {
        return models.folders().stream().map(f -> f.getFileName().toString()).toList();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!open) return;
            open = false;
            try {
                models.close();
            } finally {
                if (restoration != null) restoration.close();
            }
        } finally {
            lock.unlock();
        }
    }

    private TextToImagePipeline textToImage(ImageRequest request) {
        LoadedModels.Loaded m = named(request).orElseGet(() -> models.get(setup.modelDir()));
        if (m.textToImage() == null) throw inpaintingOnly(request, m);
        return m.textToImage();
    }

    private ImageToImagePipeline imageToImage(ImageRequest request) {
        LoadedModels.Loaded m = named(request).orElseGet(() -> models.get(setup.modelDir()));
        if (m.inpaintingModel()) throw inpaintingOnly(request, m);
        if (m.imageToImage() == null) {
            throw new UnsupportedTaskException(request.task().wireName()
                    + " with a source image needs a vae_encoder, which the model folder " + m.folder().getFileName() + " lacks");
        }
        return m.imageToImage();
    }

    /**
     * The model for inpainting and outpainting: the one the request names; else the configured
     * inpainting model; else the text-to-image model, which repaints by latent blending.
     */
    private LoadedModels.Loaded inpainting(ImageRequest request) {
        LoadedModels.Loaded m = named(request).orElseGet(() -> models.get(
                setup.inpaintModelDir() != null ? setup.inpaintModelDir() : setup.modelDir()));
        if (m.inpaint() == null) {
            throw new UnsupportedTaskException(request.task().wireName() + " needs a model with a vae_encoder, which "
                    + m.folder().getFileName() + " lacks");
        }
        return m;
    }

    /** The installed model the request names, loaded; a name that is not (or no longer) installed fails the job. */
    private Optional<LoadedModels.Loaded> named(ImageRequest request) {
        String name = request.settings().model();
        if (name == null || name.isBlank()) return Optional.empty();
        if (setup.modelsRoot() == null) {
            throw new UnsupportedTaskException("this worker has no models folder to find the model '" + name + "' in");
        }
        Path folder;
        try {
            folder = new ModelStore(setup.modelsRoot()).folder(name);
        } catch (ModelStoreException e) {
            throw new UnsupportedTaskException(e.getMessage());
        }
        if (!Files.isRegularFile(folder.resolve("model_index.json"))) {
            throw new UnsupportedTaskException("the model '" + name + "' is not installed (any more)");
        }
        boolean first = !models.folders().contains(folder.toAbsolutePath().normalize());
        if (first) LOG.info("loading the model {} for its first job", name);
        return Optional.of(models.get(folder));
    }

    private static UnsupportedTaskException inpaintingOnly(ImageRequest request, LoadedModels.Loaded m) {
        return new UnsupportedTaskException("the model " + m.folder().getFileName()
                + " is an inpainting model: it can inpaint and outpaint, not " + request.task().wireName());
    }

    /** A text-to-image folder given as the inpainting model would inpaint by blending; say so at start. */
    private static void checkInpaintingUnet(Path dir) {
        Path unet = dir.resolve("unet").resolve("model.onnx");
        long channels = OnnxSignature.read(unet).input("sample")
                .map(spec -> spec.dims().length > 1 ? spec.dims()[1] : -1).orElse(-1L);
        if (channels != InpaintPipeline.UNET_CHANNELS) {
            throw new IllegalStateException(dir + " is not an inpainting model: its UNet's sample has " + channels
                    + " channels, an inpainting export has " + InpaintPipeline.UNET_CHANNELS);
        }
    }
}
