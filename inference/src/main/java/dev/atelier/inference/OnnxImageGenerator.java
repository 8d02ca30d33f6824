package dev.atelier.inference;

import dev.atelier.core.image.GeneratedImage;
import dev.atelier.core.image.ImageGenerator;
import dev.atelier.core.image.ImageRequest;
import dev.atelier.inference.model.RuntimeOptions;
import dev.atelier.inference.pipeline.DiffusionModel;
import dev.atelier.inference.pipeline.ImageToImagePipeline;
import dev.atelier.inference.pipeline.TextToImagePipeline;
import dev.atelier.inference.scheduler.SchedulerKind;

import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link ImageGenerator} port on a local Stable Diffusion ONNX folder (diffusers/Optimum
 * layout), run by DJL on ONNX Runtime. The folder is loaded once, in the constructor; every
 * request then picks the pipeline for its task.
 *
 * <p>Requests run one at a time: a CPU already uses all its intra-op threads on one job, and the
 * pipelines share the loaded models. Batching concurrent requests is for a later GPU worker.
 */
public final class OnnxImageGenerator implements ImageGenerator, AutoCloseable {

    private final DiffusionModel model;
    private final TextToImagePipeline textToImage;
    private final ImageToImagePipeline imageToImage;
    private final ReentrantLock lock = new ReentrantLock(true);
    private volatile boolean open = true;

    /** Uses the scheduler the folder's config names when we have it, else Euler. */
    public OnnxImageGenerator(Path modelDir, int intraOpThreads) {
        this(modelDir, intraOpThreads, null);
    }

    /** @param scheduler the sampler for every job; null for the folder's own (or Euler) */
    public OnnxImageGenerator(Path modelDir, int intraOpThreads, SchedulerKind scheduler) {
        this.model = DiffusionModel.load(modelDir, new RuntimeOptions(intraOpThreads));
        SchedulerKind kind = scheduler != null ? scheduler
                : SchedulerKind.fromDiffusersClass(model.schedulerConfig().className()).orElse(SchedulerKind.EULER);
        this.textToImage = new TextToImagePipeline(model, kind);
        this.imageToImage = model.vaeEncoder() == null ? null : new ImageToImagePipeline(model, kind);
    }

    @Override
    public GeneratedImage generate(ImageRequest request, Progress progress, Cancellation cancellation) {
        Progress p = progress == null ? Progress.NONE : progress;
        Cancellation c = cancellation == null ? Cancellation.NEVER : cancellation;
        lock.lock();
        try {
            if (!open) throw new IllegalStateException("the image generator is closed");
            boolean hasSource = request.sourceImage() != null;
            return switch (request.task()) {
                case GENERATE -> textToImage.run(request, p, c);
                case SIMILAR -> hasSource ? imageToImage(request).run(request, p, c) : textToImage.run(request, p, c);
                case EDIT -> {
                    if (!hasSource) throw new IllegalArgumentException("an edit needs a source image");
                    yield imageToImage(request).run(request, p, c);
                }
                case INPAINT, OUTPAINT -> throw new UnsupportedTaskException(
                        request.task().wireName() + " is not supported yet");
            };
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
            model.close();
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
}
