package dev.atelier.inference.pipeline;

import dev.atelier.core.image.GeneratedImage;
import dev.atelier.core.image.GenerationSettings;
import dev.atelier.core.image.ImageGenerator.CancelledException;
import dev.atelier.core.image.ImageGenerator.Cancellation;
import dev.atelier.core.image.ImageGenerator.Progress;
import dev.atelier.core.image.ImageRequest;
import dev.atelier.inference.model.FloatTensor;
import dev.atelier.inference.model.TextEmbedding;
import dev.atelier.inference.model.VaeDecoder;
import dev.atelier.inference.scheduler.DenoisedEstimate;
import dev.atelier.inference.scheduler.Scheduler;
import dev.atelier.inference.scheduler.SchedulerKind;

import java.util.Arrays;

/**
 * Image to image (SDEdit), as diffusers' {@code OnnxStableDiffusionImg2ImgPipeline}: the source
 * image is encoded to latents, noised to the timestep that {@code strength} picks, and denoised
 * from there with the prompt. Strength 0 keeps the source, 1 starts from pure noise.
 *
 * <p>Not thread-safe: the models' predictors serve one call at a time, so callers serialise jobs
 * ({@code OnnxImageGenerator} holds a lock).
 */
public final class ImageToImagePipeline {

    private static final int VAE_SCALE = TextToImagePipeline.VAE_SCALE;
    private static final int LATENT_CHANNELS = TextToImagePipeline.LATENT_CHANNELS;
    /** Seed offset for the noise added to the source, so it differs from a text-to-image start. */
    private static final long NOISE_STREAM = 0x5DEECE66DL;

    private final DiffusionModel model;
    /** The sampler for a job whose settings name none ({@code GenerationSettings.scheduler}). */
    private final SchedulerKind schedulerKind;

    public ImageToImagePipeline(DiffusionModel model, SchedulerKind schedulerKind) {
        if (model.vaeEncoder() == null) {
            throw new IllegalStateException("image to image needs a vae_encoder in the model folder");
        }
        this.model = model;
        this.schedulerKind = schedulerKind;
    }

    public GeneratedImage run(ImageRequest request, Progress progress, Cancellation cancellation) {
        // 1. Check inputs.
        // A source's own size need not be whole 8-pixel blocks: the model works on the size rounded
        // up to them, and the result is scaled back to the size asked for (stage 7).
        GenerationSettings asked = request.settings();
        GenerationSettings s = asked.withSize(InpaintPipeline.roundUpToBlock(asked.width()),
                InpaintPipeline.roundUpToBlock(asked.height()));
        TextToImagePipeline.checkSettings(s);
        if (request.sourceImage() == null) throw new IllegalArgumentException("image to image needs a source image");
        if (!(s.strength() >= 0 && s.strength() <= 1)) {
            throw new IllegalArgumentException("strength must be in [0, 1], was " + s.strength());
        }
        int latentHeight = s.height() / VAE_SCALE;
        int latentWidth = s.width() / VAE_SCALE;
        boolean guided = s.guidance() > 1.0;

        // 2. Encode the prompt (same as TextToImagePipeline).
        TextEmbedding context = Guidance.encodePrompt(model, request.prompt(), s.negativePrompt(), guided);

        // 3. Timesteps: only the last strength * steps of the schedule run.
        Scheduler scheduler = SchedulerKind.forJob(s.scheduler(), schedulerKind).create(model.schedulerConfig(), s.seed());
        scheduler.setTimesteps(s.steps());
        int initSteps = Math.min((int) (s.steps() * s.strength()), s.steps());
        int start = Math.max(s.steps() - initSteps, 0);
        int[] timesteps = Arrays.copyOfRange(scheduler.timesteps(), start, s.steps());

        // 4. Initial latents: the source image's latents, noised to the first remaining timestep.
        FloatTensor pixels = ImageCodec.fromImageFile(request.sourceImage(), s.width(), s.height());
        float[] latents = model.vaeEncoder().encode(pixels).data();
        for (int i = 0; i < latents.length; i++) latents[i] *= VaeDecoder.SD_LATENT_SCALE;
        if (timesteps.length > 0) {
            float[] noise = GaussianNoise.sample(s.seed() ^ NOISE_STREAM, latents.length);
            latents = scheduler.addNoise(latents, noise, timesteps[0]);
        }

        // 5. Denoise the remaining steps (previews as in TextToImagePipeline).
        DenoisedEstimate denoised = new DenoisedEstimate(model.schedulerConfig());
        for (int i = 0; i < timesteps.length; i++) {
            if (cancellation.requested()) throw new CancelledException();
            int t = timesteps[i];
            float[] input = scheduler.scaleModelInput(latents, t);
            float[] noise = Guidance.predictNoise(model, input, LATENT_CHANNELS, t, context, guided, s.guidance(), latentHeight, latentWidth);
            latents = scheduler.step(noise, t, latents);
            progress.step(i + 1, timesteps.length, () -> LatentPreview.jpeg(denoised.originalSample(input, noise, t),
                    latentHeight, latentWidth, latentWidth * VAE_SCALE, latentHeight * VAE_SCALE));
        }

        // 6. Decode.
        float[] unscaled = new float[latents.length];
        for (int i = 0; i < latents.length; i++) unscaled[i] = latents[i] / VaeDecoder.SD_LATENT_SCALE;
        FloatTensor out = model.vaeDecoder().decode(new FloatTensor(unscaled, 1, LATENT_CHANNELS, latentHeight, latentWidth));

        // 7. To PNG, at the size asked for.
        if (out.width() == asked.width() && out.height() == asked.height()) {
            return new GeneratedImage(ImageCodec.toPng(out), out.width(), out.height(), s.seed());
        }
        RgbImage resized = RgbImage.fromTensor(out).resized(asked.width(), asked.height());
        return new GeneratedImage(resized.png(), resized.width(), resized.height(), s.seed());
    }
}
