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
 * the rest wait for that one load.
 *
 * <p>A real SD 1.5 model holds a few GB, so at most {@code maxLoaded} folders stay loaded: past
 * that, loading another closes the one used longest ago, never a pinned (configured) one. The
 * caller must not close a model under a running job: {@code OnnxImageGenerator} runs jobs one
 * at a time and asks for models inside that lock.
 */
final class LoadedModels implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LoadedModels.class);

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
    /** Folders by last use, oldest first. */
    private final java.util.LinkedHashSet<Path> recency = new java.util.LinkedHashSet<>();
    private final java.util.Set<Path> pinned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final int maxLoaded;
    private volatile boolean closed;

    /**
     * @param scheduler   the sampler for every job; null for each folder's own (or Euler)
     * @param restoration the seam-restoration network for every inpainting pipeline, or null;
     *                    owned by the caller
     */
    LoadedModels(RuntimeOptions options, SchedulerKind scheduler, RestorationModel restoration) {
        this(options, scheduler, restoration, Integer.MAX_VALUE);
    }

    /** @param maxLoaded how many folders may be loaded at once (pinned ones included), at least 1 */
    LoadedModels(RuntimeOptions options, SchedulerKind scheduler, RestorationModel restoration, int maxLoaded) {
        if (maxLoaded < 1) throw new IllegalArgumentException("maxLoaded must be at least 1");
        this.maxLoaded = maxLoaded;
        this.options = options;
        this.scheduler = scheduler;
        this.restoration = restoration;
    }

    /** The folder's model and pipelines, loading it on first use. */
    Loaded get(Path folder) {
        if (closed) throw new IllegalStateException("the image generator is closed");
        Path key = folder.toAbsolutePath().normalize();
        if (!loaded.containsKey(key)) evictFor(key);
        // computeIfAbsent runs the load once per key and makes other callers for that key wait.
        Loaded l = loaded.computeIfAbsent(key, this::load);
        synchronized (recency) {
            recency.remove(key);
            recency.add(key);
        }
        return l;
    }

    /** Loads the folder now and keeps it loaded: a configured model. */
    Loaded pin(Path folder) {
        Path key = folder.toAbsolutePath().normalize();
        pinned.add(key);
        return get(key);
    }

    /** Makes room for one more folder: closes the least recently used unpinned ones over the limit. */
    private void evictFor(Path incoming) {
        synchronized (recency) {
            java.util.Iterator<Path> oldest = recency.iterator();
            while (loaded.size() >= maxLoaded && oldest.hasNext()) {
                Path candidate = oldest.next();
                if (pinned.contains(candidate) || candidate.equals(incoming)) continue;
                Loaded gone = loaded.remove(candidate);
                oldest.remove();
                if (gone != null) {
                    LOG.info("unloading the model {} (used longest ago) to stay within {} loaded models",
                            candidate.getFileName(), maxLoaded);
                    gone.model().close();
                }
            }
        }
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
