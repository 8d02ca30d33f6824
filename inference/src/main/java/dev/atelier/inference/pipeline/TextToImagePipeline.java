package dev.atelier.inference.pipeline;

import dev.atelier.core.image.GeneratedImage;
import dev.atelier.core.image.GenerationSettings;
import dev.atelier.core.image.ImageGenerator.CancelledException;
import dev.atelier.core.image.ImageGenerator.Cancellation;
import dev.atelier.core.image.ImageGenerator.Progress;
import dev.atelier.core.image.ImageRequest;
import dev.atelier.inference.model.FloatTensor;
import dev.atelier.inference.model.TextEmbedding;
import dev.atelier.inference.model.UNet;
import dev.atelier.inference.model.VaeDecoder;
import dev.atelier.inference.scheduler.DenoisedEstimate;
import dev.atelier.inference.scheduler.Scheduler;
import dev.atelier.inference.scheduler.SchedulerKind;

/**
 * Text to image, as diffusers' {@code OnnxStableDiffusionPipeline.__call__}: one {@link #run}
 * written as numbered stages.
 *
 * <p>Native memory: every model call runs in its own DJL predictor context whose
 * {@code NDManager} is closed when the call returns, so a job's tensors never outlive the step
 * that made them; between calls the job holds only plain {@code float[]}.
 *
 * <p>Not thread-safe: the models' predictors serve one call at a time, so callers serialise jobs
 * ({@code OnnxImageGenerator} holds a lock).
 */
public final class TextToImagePipeline {

    /** The VAE shrinks each side by 8, and the UNet runs on that latent grid. */
    static final int VAE_SCALE = 8;
    static final int LATENT_CHANNELS = 4;

    private final DiffusionModel model;
    /** The sampler for a job whose settings name none ({@code GenerationSettings.scheduler}). */
    private final SchedulerKind schedulerKind;

    public TextToImagePipeline(DiffusionModel model, SchedulerKind schedulerKind) {
        this.model = model;
        this.schedulerKind = schedulerKind;
    }

    public GeneratedImage run(ImageRequest request, Progress progress, Cancellation cancellation) {
        // 1. Check inputs.
        GenerationSettings s = request.settings();
        checkSettings(s);
        int latentHeight = s.height() / VAE_SCALE;
        int latentWidth = s.width() / VAE_SCALE;
        boolean guided = s.guidance() > 1.0;

        // 2. Encode the prompt, and the negative prompt when guidance needs an unconditional half.
        TextEmbedding context = Guidance.encodePrompt(model, request.prompt(), s.negativePrompt(), guided);

        // 3. Prepare the timesteps: a fresh scheduler per job, since schedulers keep state, of the kind
        //    the job names (else this pipeline's) on the model's own scheduler_config.json.
        Scheduler scheduler = SchedulerKind.forJob(s.scheduler(), schedulerKind).create(model.schedulerConfig(), s.seed());
        scheduler.setTimesteps(s.steps());
        int[] timesteps = scheduler.timesteps();

        // 4. Prepare the initial latents: seeded Gaussian noise at the scheduler's starting sigma.
        float[] latents = GaussianNoise.sample(s.seed(), LATENT_CHANNELS * latentHeight * latentWidth);
        float sigma = scheduler.initNoiseSigma();
        for (int i = 0; i < latents.length; i++) latents[i] *= sigma;

        // 5. Denoise; a preview, when the listener asks for one, shows the clean picture the step predicts.
        DenoisedEstimate denoised = new DenoisedEstimate(model.schedulerConfig());
        for (int i = 0; i < timesteps.length; i++) {
            if (cancellation.requested()) throw new CancelledException();
            int t = timesteps[i];
            float[] input = scheduler.scaleModelInput(latents, t);
            float[] noise = Guidance.predictNoise(model, input, LATENT_CHANNELS, t, context, guided, s.guidance(), latentHeight, latentWidth);
            latents = scheduler.step(noise, t, latents);
            progress.step(i + 1, timesteps.length, () -> LatentPreview.jpeg(denoised.originalSample(input, noise, t),
                    latentHeight, latentWidth, s.width(), s.height()));
        }

        // 6. Decode: undo the latent scaling the UNet was trained with, then the VAE.
        float[] unscaled = new float[latents.length];
        for (int i = 0; i < latents.length; i++) unscaled[i] = latents[i] / VaeDecoder.SD_LATENT_SCALE;
        FloatTensor pixels = model.vaeDecoder().decode(
                new FloatTensor(unscaled, 1, LATENT_CHANNELS, latentHeight, latentWidth));

        // 7. To PNG, clamped to the displayable range.
        return new GeneratedImage(ImageCodec.toPng(pixels), pixels.width(), pixels.height(), s.seed());
    }

    /** Same as in {@code ImageToImagePipeline}. */
    static void checkSettings(GenerationSettings s) {
        if (s.width() <= 0 || s.height() <= 0 || s.width() % VAE_SCALE != 0 || s.height() % VAE_SCALE != 0) {
            throw new IllegalArgumentException("width and height must be positive multiples of 8, were "
                    + s.width() + "x" + s.height());
        }
        if (s.steps() < 1) throw new IllegalArgumentException("steps must be at least 1, was " + s.steps());
        if (!Double.isFinite(s.guidance()) || s.guidance() < 0) {
            throw new IllegalArgumentException("guidance must be a non-negative number, was " + s.guidance());
        }
    }
}
