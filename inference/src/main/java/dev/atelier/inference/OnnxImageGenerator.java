package dev.atelier.inference;

import dev.atelier.core.image.GeneratedImage;
import dev.atelier.core.image.ImageGenerator;
import dev.atelier.core.image.ImageRequest;
import dev.atelier.inference.model.OnnxSignature;
import dev.atelier.inference.model.RestorationModel;
import dev.atelier.inference.model.RuntimeOptions;
import dev.atelier.inference.pipeline.DiffusionModel;
import dev.atelier.inference.pipeline.ImageToImagePipeline;
import dev.atelier.inference.pipeline.InpaintPipeline;
import dev.atelier.inference.pipeline.OutpaintPipeline;
import dev.atelier.inference.pipeline.TextToImagePipeline;
import dev.atelier.inference.scheduler.SchedulerKind;

import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link ImageGenerator} port on local Stable Diffusion ONNX folders (diffusers/Optimum
 * layout), run by DJL on ONNX Runtime: the text-to-image model, and optionally an inpainting
 * model (9-channel UNet) for inpainting and outpainting. Each folder is loaded once, in the
 * constructor, and shared by all jobs; every request then picks the model and pipeline for its
 * task.
 *
 * <p>Requests run one at a time: a CPU already uses all its intra-op threads on one job, and the
 * pipelines share the loaded models. Batching concurrent requests is for a later GPU worker.
 */
public final class OnnxImageGenerator implements ImageGenerator, AutoCloseable {

    private final DiffusionModel model;
    private final DiffusionModel inpaintModel;
    private final RestorationModel restoration;
    private final TextToImagePipeline textToImage;
    private final ImageToImagePipeline imageToImage;
    private final InpaintPipeline inpaint;
    private final OutpaintPipeline outpaint;
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

    /**
     * @param inpaintModelDir an SD 1.5 inpainting export (its UNet takes 9 channels) for
     *                        inpainting and outpainting; null leaves those two unsupported
     * @param scheduler       the sampler for every job; null for each folder's own (or Euler)
     */
    public OnnxImageGenerator(Path modelDir, Path inpaintModelDir, int intraOpThreads, SchedulerKind scheduler) {
        this(modelDir, inpaintModelDir, null, intraOpThreads, scheduler);
    }

    /**
     * @param restorationDir a seam-restoration network ({@link RestorationModel}) used after in-
     *                       and outpainting instead of the built-in harmonisation; null for none
     */
    public OnnxImageGenerator(Path modelDir, Path inpaintModelDir, Path restorationDir, int intraOpThreads,
                              SchedulerKind scheduler) {
        if (inpaintModelDir != null) checkInpaintingUnet(inpaintModelDir);
        RuntimeOptions options = new RuntimeOptions(intraOpThreads);
        this.model = DiffusionModel.load(modelDir, options);
        this.textToImage = new TextToImagePipeline(model, schedulerFor(model, scheduler));
        this.imageToImage = model.vaeEncoder() == null ? null : new ImageToImagePipeline(model, schedulerFor(model, scheduler));
        DiffusionModel loaded = null;
        RestorationModel restorer = null;
        try {
            restorer = restorationDir == null || inpaintModelDir == null ? null : RestorationModel.load(restorationDir, options);
            loaded = inpaintModelDir == null ? null : DiffusionModel.load(inpaintModelDir, options);
            this.inpaint = loaded == null ? null : new InpaintPipeline(loaded, schedulerFor(loaded, scheduler), restorer);
        } catch (RuntimeException e) {
            if (loaded != null) loaded.close();
            if (restorer != null) restorer.close();
            model.close();
            throw e;
        }
        this.inpaintModel = loaded;
        this.restoration = restorer;
        this.outpaint = inpaint == null ? null : new OutpaintPipeline(inpaint);
    }

    @Override
    public GeneratedImage generate(ImageRequest request, Progress progress, Cancellation cancellation) {
        Progress p = progress == null ? Progress.NONE : progress;
        Cancellation c = cancellation == null ? Cancellation.NEVER : cancellation;
        lock.lock();
        try {
            if (!open) throw new IllegalStateException("the image generator is closed");
            // Timed from here, not from the call: a job's GPU time is the pipeline's, not its wait for the lock.
            long started = System.nanoTime();
            boolean hasSource = request.sourceImage() != null;
            GeneratedImage image = switch (request.task()) {
                case GENERATE -> textToImage.run(request, p, c);
                case SIMILAR -> hasSource ? imageToImage(request).run(request, p, c) : textToImage.run(request, p, c);
                case EDIT -> {
                    if (!hasSource) throw new IllegalArgumentException("an edit needs a source image");
                    yield imageToImage(request).run(request, p, c);
                }
                case INPAINT -> inpainting(request).run(request, p, c);
                case OUTPAINT -> {
                    inpainting(request);
                    yield outpaint.run(request, p, c);
                }
            };
            return image.withGenerationMillis(Math.max(1, (System.nanoTime() - started) / 1_000_000));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean ready() {
        return open;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!open) return;
            open = false;
            try {
                model.close();
            } finally {
                try {
                    if (inpaintModel != null) inpaintModel.close();
                } finally {
                    if (restoration != null) restoration.close();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private ImageToImagePipeline imageToImage(ImageRequest request) {
        if (imageToImage == null) {
            throw new UnsupportedTaskException(request.task().wireName()
                    + " with a source image needs a vae_encoder, which this model folder lacks");
        }
        return imageToImage;
    }

    private InpaintPipeline inpainting(ImageRequest request) {
        if (inpaint == null) {
            throw new UnsupportedTaskException(request.task().wireName()
                    + " needs an inpainting model, and none is configured");
        }
        return inpaint;
    }

    private static SchedulerKind schedulerFor(DiffusionModel model, SchedulerKind configured) {
        return configured != null ? configured
                : SchedulerKind.fromDiffusersClass(model.schedulerConfig().className()).orElse(SchedulerKind.EULER);
    }

    /** A text-to-image folder given as the inpainting model would fail at the first step; say why at start. */
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
