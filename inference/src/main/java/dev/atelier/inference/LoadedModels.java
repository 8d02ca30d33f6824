package dev.atelier.inference;

import dev.atelier.inference.model.RestorationModel;
import dev.atelier.inference.model.RuntimeOptions;
import dev.atelier.inference.pipeline.DiffusionModel;
import dev.atelier.inference.pipeline.ImageToImagePipeline;
import dev.atelier.inference.pipeline.InpaintPipeline;
import dev.atelier.inference.pipeline.OutpaintPipeline;
import dev.atelier.inference.pipeline.TextToImagePipeline;
import dev.atelier.inference.scheduler.SchedulerKind;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The model folders loaded so far, each once, with the pipelines that run on it: the one copy
 * every job on that model shares. A folder is loaded the first time a job needs it (the
 * configured ones at start), never twice, even when two jobs ask for it at the same moment;
 * the rest wait for that one load. Loaded models stay until Atelier stops: each real SD 1.5
 * model holds a few GB, so install only the models you mean to serve.
 */
final class LoadedModels implements AutoCloseable {

    /**
     * One folder, loaded, with the pipelines it can run: all of them on a text-to-image model
     * (inpainting by latent blending), inpainting and outpainting only on an inpainting one.
     */
    record Loaded(Path folder, DiffusionModel model, TextToImagePipeline textToImage,
                  ImageToImagePipeline imageToImage, InpaintPipeline inpaint, OutpaintPipeline outpaint) {

        boolean inpaintingModel() {
            return model.unet().sampleChannels() == InpaintPipeline.UNET_CHANNELS;
        }
    }

    private final RuntimeOptions options;
    private final SchedulerKind scheduler;
    private final RestorationModel restoration;
    private final Map<Path, Loaded> loaded = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param scheduler   the sampler for every job; null for each folder's own (or Euler)
     * @param restoration the seam-restoration network for every inpainting pipeline, or null;
     *                    owned by the caller
     */
    LoadedModels(RuntimeOptions options, SchedulerKind scheduler, RestorationModel restoration) {
        this.options = options;
        this.scheduler = scheduler;
        this.restoration = restoration;
    }

    /** The folder's model and pipelines, loading it on first use. */
    Loaded get(Path folder) {
        if (closed) throw new IllegalStateException("the image generator is closed");
        Path key = folder.toAbsolutePath().normalize();
        // computeIfAbsent runs the load once per key and makes other callers for that key wait.
        return loaded.computeIfAbsent(key, this::load);
    }

    /** The folders loaded so far. */
    List<Path> folders() {
        return List.copyOf(loaded.keySet());
    }

    private Loaded load(Path folder) {
        DiffusionModel model = DiffusionModel.load(folder, options);
        try {
            SchedulerKind kind = schedulerFor(model, scheduler);
            boolean inpainting = model.unet().sampleChannels() == InpaintPipeline.UNET_CHANNELS;
            boolean encodes = model.vaeEncoder() != null;
            InpaintPipeline inpaint = encodes ? new InpaintPipeline(model, kind, restoration) : null;
            return new Loaded(folder, model,
                    inpainting ? null : new TextToImagePipeline(model, kind),
                    inpainting || !encodes ? null : new ImageToImagePipeline(model, kind),
                    inpaint, inpaint == null ? null : new OutpaintPipeline(inpaint));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static SchedulerKind schedulerFor(DiffusionModel model, SchedulerKind configured) {
        return configured != null ? configured
                : SchedulerKind.fromDiffusersClass(model.schedulerConfig().className()).orElse(SchedulerKind.EULER);
    }

    @Override
    public void close() {
        closed = true;
        RuntimeException failure = null;
        for (Loaded l : loaded.values()) {
            try {
                l.model().close();
            } catch (RuntimeException e) {
                if (failure == null) failure = e; else failure.addSuppressed(e);
            }
        }
        loaded.clear();
        if (failure != null) throw failure;
    }
}
